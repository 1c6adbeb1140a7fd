import { type Alert, type AlertEvent, type AlertRule, type AlertScope, alertRulesSchema } from '../alerts.ts';
import type { FleetIndex } from '../fleetIndex.ts';
import type { RackBlock, SiteSample } from '../sampleSchema.ts';
import { describeZodError } from '../validation.ts';
import { type AckResult, AlertBook, type AlertDraft, DEFAULT_MAX_LOG, scopeKey } from './alertBook.ts';
import { createRuleRunner } from './createRuleRunner.ts';
import type { RuleRunner } from './ruleRunner.ts';

export interface AlertEngineOptions {
  rules: readonly AlertRule[];
  idx: FleetIndex;
  /** Alerts kept in the log (open alerts are always kept on top of it). Default 1000. */
  maxLog?: number;
  /**
   * Server time the engine started: a site never seen goes stale afterS after it. Defaults to the
   * first `now` the engine is given.
   */
  startedAt?: number;
}

export interface AlertEngine {
  /** A validated site sample; `now` is the server clock at arrival. Rules time themselves by sample.t. */
  onSample(sample: SiteSample, now: number): AlertEvent[];
  /** A validated rack block of one hall; rules time themselves by block.t. */
  onRacks(block: RackBlock, now: number): AlertEvent[];
  /** Call about once a second with the server clock: feed staleness is judged here. */
  onClock(now: number): AlertEvent[];
  acknowledge(id: string, ack: { by: string; comment: string }, now: number): AckResult;
  /**
   * An alert from outside the rules (the recorder failing to write): raised, or updated when one of
   * its rule and scope is already open (level: see AlertReading). Its life then follows the same book,
   * log and acknowledgement as a rule's.
   */
  raise(draft: AlertDraft, now: number, level?: number): AlertEvent | undefined;
  /** Clears what raise() raised; undefined when nothing of that rule and scope is open. */
  clear(rule: string, scope: AlertScope, now: number): AlertEvent | undefined;
  /** Raised and acknowledged alerts, most severe first, then newest first. */
  active(): Alert[];
  /**
   * After a restart: the kept alert changes, oldest first. Open alerts are open again and their rules
   * resume from them (a condition still true stays raised; one that recovered clears as usual).
   */
  restore(entries: readonly { event: AlertEvent; context?: number }[], now: number): void;
  /**
   * An alert change another node made (scale-out: the lease holder's rules, an ack anywhere), so every
   * node's book, hello and /api/alerts agree. False when it changed nothing (a repeat, or about an alert
   * that has cleared here).
   */
  apply(entry: { event: AlertEvent; context?: number }, now: number): boolean;
  /**
   * This node starts running the rules (it took the lease over): the rules start afresh over the book,
   * as after a restart, and a site is judged stale from now rather than from this process's start.
   */
  resume(now: number): void;
  /** The rule context of an open alert (persisted beside its events). */
  contextOf(alert: Alert): number | undefined;
  /** Newest first, raised, acknowledged and cleared, at most maxLog. */
  log(limit?: number): Alert[];
}

/**
 * The alert rule engine: pure and synchronous, time always passed in. It keeps per-scope state for the
 * sites and halls of the fleet config only, so its memory is bounded by rules × scopes plus the log.
 */
export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const parsed = alertRulesSchema.safeParse(options.rules);
  if (!parsed.success) throw new Error(`invalid alert rules: ${describeZodError(parsed.error)}`);
  const { idx } = options;
  const book = new AlertBook(options.maxLog ?? DEFAULT_MAX_LOG);
  let startedAt = options.startedAt;
  const seen = (now: number) => {
    startedAt ??= now;
  };
  const makeRunners = (): RuleRunner[] =>
    parsed.data.filter((r) => r.enabled).map((r) => createRuleRunner(r, book, idx, () => startedAt ?? 0));
  let runners = makeRunners();
  const escalating = parsed.data.filter((r) => r.enabled && r.escalate);
  // Rules timed by the server's clock (arrival), not by the producer's sample times; so are the
  // alerts raised from outside the rules (the recorder's).
  const byServerClock = new Set(parsed.data.filter((r) => r.kind === 'feedStale').map((r) => r.id));
  const rulesOwn = new Set(parsed.data.map((r) => r.id));
  const onServerClock = (a: Alert) => byServerClock.has(a.rule) || !rulesOwn.has(a.rule);
  /** Escalations and flapping alerts' delayed clears, of the alerts whose clock `t` is. */
  const housekeep = (where: (a: Alert) => boolean, t: number, out: AlertEvent[]) => {
    for (const r of escalating) book.escalate(r, where, t, out);
    book.settle(where, t, out);
  };
  const lastSampleT = new Map<string, number>();
  const lastRackT = new Map<string, number>();

  return {
    onSample(sample, now) {
      seen(now);
      const site = idx.site(sample.site);
      const last = lastSampleT.get(sample.site);
      // Late or repeated samples would rewind the rules' clocks: only the newest counts.
      if (!site || (last !== undefined && sample.t <= last)) return [];
      lastSampleT.set(sample.site, sample.t);
      const out: AlertEvent[] = [];
      for (const r of runners) r.onSample?.(sample, site, now, out);
      // Racks and samples of a site come from one producer clock: its samples keep time for both.
      housekeep((a) => a.scope.site === sample.site && !onServerClock(a), sample.t, out);
      return out;
    },

    onRacks(block, now) {
      seen(now);
      const site = idx.site(block.site);
      const hall = idx.hall(block.site, block.hall);
      const key = `${block.site}/${block.hall}`;
      const last = lastRackT.get(key);
      if (!site || !hall || (last !== undefined && block.t <= last)) return [];
      lastRackT.set(key, block.t);
      const out: AlertEvent[] = [];
      for (const r of runners) r.onRacks?.(block, site, hall, out);
      return out;
    },

    onClock(now) {
      seen(now);
      const out: AlertEvent[] = [];
      for (const r of runners) r.onClock?.(now, out);
      housekeep(onServerClock, now, out);
      return out;
    },

    acknowledge(id, ack, now) {
      seen(now);
      return book.acknowledge(id, ack, now);
    },

    raise(draft, now, level = 0) {
      seen(now);
      const key = scopeKey(draft.rule, draft.scope);
      if (book.isActive(key)) return book.update(key, { title: draft.title, value: draft.value, level }, now);
      return book.raise(key, draft, now, level);
    },

    clear(rule, scope, now) {
      seen(now);
      return book.clear(scopeKey(rule, scope), now);
    },

    active: () => book.active(),
    restore(entries, now) {
      seen(now);
      book.restore(
        entries.map((e) => ({ alert: e.event.alert, context: e.context })),
        now,
      );
    },
    apply(entry, now) {
      seen(now);
      return book.apply(entry.event.alert, entry.context, now);
    },
    resume(now) {
      startedAt = now;
      runners = makeRunners();
      lastSampleT.clear();
      lastRackT.clear();
    },
    contextOf: (alert) => book.contextOf(scopeKey(alert.rule, alert.scope)),
    log: (limit) => book.log(limit),
  };
}
