import { type Alert, type AlertEvent, type AlertScope, SEVERITY_RANK, type Severity } from '../alerts.ts';

/** What a rule knows about an alert when it raises it. */
export interface AlertDraft {
  rule: string;
  severity: Severity;
  scope: AlertScope;
  title: string;
  value: number;
  threshold: number;
  unit: string;
}

/**
 * A fresh reading of an open alert. `level` is the value on a scale where a change of 1 is notable
 * (1 % of cap, 0.01 of PUE, one rack, one GPU): an update needs the level to have moved by at least 1
 * from the last reported one, so a value wobbling across a boundary does not produce updates.
 */
export interface AlertReading {
  title: string;
  value: number;
  level: number;
}

export type AckResult = { ok: true; event: AlertEvent } | { ok: false; status: 404 | 409; error: string };

/** Updates of one alert are at most this frequent, so a noisy value cannot flood viewers. */
export const UPDATE_MIN_INTERVAL_MS = 10_000;

export const DEFAULT_MAX_LOG = 1000;

/**
 * Flapping: the third raise of one rule and scope within FLAP_WINDOW_MS. From then on its alert stays
 * open through recoveries and only clears after FLAP_QUIET_MS without the condition, so a value dancing
 * around a threshold is one alert (acknowledged once) rather than a new one every few minutes.
 */
export const FLAP_WINDOW_MS = 60 * 60_000;
export const FLAP_RAISES = 3;
export const FLAP_QUIET_MS = 15 * 60_000;

/** `${rule}:${site}`, `${rule}:${site}:${hall}` or (fleet-wide) `${rule}`: at most one open alert per key. */
export function scopeKey(rule: string, scope: AlertScope): string {
  if (scope.site === undefined) return rule;
  return scope.hall === undefined ? `${rule}:${scope.site}` : `${rule}:${scope.site}:${scope.hall}`;
}

interface OpenAlert {
  alert: Alert;
  reportedAt: number;
  level: number;
  /** Rule state the alert's text cannot carry, kept across restarts (see PersistedAlert.context). */
  context: number | undefined;
  /** A flapping alert whose condition has recovered: it clears once quiet for FLAP_QUIET_MS. */
  quietSince?: number;
  /** When its condition last started (the raise, or its return into a flapping alert): escalation's clock. */
  activeSince: number;
}

/** The schema's limit: a long site plus hall name must not make an event invalid. */
const MAX_TITLE = 200;
const clip = (title: string) => (title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title);

const copy = (a: Alert): Alert => ({
  ...a,
  scope: { ...a.scope },
  ...(a.ack ? { ack: { ...a.ack } } : {}),
});

/**
 * Every alert's life cycle (raised → acknowledged → cleared) and a bounded log. Callers get copies, so
 * nothing outside can change an alert behind the book's back.
 */
export class AlertBook {
  private readonly open = new Map<string, OpenAlert>();
  /** Insertion (raise) order; the oldest closed alerts are evicted beyond maxLog. */
  private readonly byId = new Map<string, Alert>();
  /** Recent raise times per key (within FLAP_WINDOW_MS), to recognise flapping. */
  private readonly raises = new Map<string, number[]>();

  constructor(private readonly maxLog = DEFAULT_MAX_LOG) {
    if (!(Number.isInteger(maxLog) && maxLog >= 1)) throw new RangeError('maxLog must be an integer ≥ 1');
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  /** Open and its condition holding (not a flapping alert waiting out its quiet time). */
  isActive(key: string): boolean {
    const o = this.open.get(key);
    return o !== undefined && o.quietSince === undefined;
  }

  /** The open alert of a key, read-only and not copied (rules read its trigger and worst values). */
  peek(key: string): Readonly<Alert> | undefined {
    return this.open.get(key)?.alert;
  }

  /**
   * Raises a new alert, or, when the key's flapping alert is waiting out its quiet time, takes the
   * returning condition into it ('updated', one more repeat) rather than raising another.
   */
  raise(key: string, draft: AlertDraft, t: number, level: number, context?: number): AlertEvent {
    const recent = (this.raises.get(key) ?? []).filter((r) => r > t - FLAP_WINDOW_MS);
    recent.push(t);
    // A key cannot raise more often than its hold times allow; the cap only guards odd rules.
    this.raises.set(key, recent.slice(-2 * FLAP_RAISES));
    const o = this.open.get(key);
    if (o) {
      if (o.quietSince === undefined) throw new Error(`alert ${key} is already open`);
      o.quietSince = undefined;
      o.activeSince = t;
      o.alert.repeats = (o.alert.repeats ?? 0) + 1;
      if (draft.value > o.alert.value) {
        o.alert.value = draft.value;
        o.alert.title = clip(draft.title);
        o.level = level;
      }
      if (context !== undefined) o.context = context;
      o.reportedAt = t;
      return { kind: 'updated', alert: copy(o.alert) };
    }
    let id = `${key}:${t}`;
    // Cannot happen with increasing times; kept so that ids stay unique whatever a rule does.
    for (let n = 2; this.byId.has(id); n++) id = `${key}:${t}-${n}`;
    const earlier = recent.length - 1;
    const alert: Alert = {
      id,
      ...draft,
      title: clip(draft.title),
      scope: { ...draft.scope },
      start: t,
      state: 'raised',
      triggerValue: draft.value,
      ...(earlier > 0 ? { repeats: earlier } : {}),
      ...(recent.length >= FLAP_RAISES ? { flapping: true } : {}),
    };
    this.open.set(key, { alert, reportedAt: t, level, context, activeSince: t });
    this.byId.set(id, alert);
    this.evict();
    return { kind: 'raised', alert: copy(alert) };
  }

  /** Emits 'updated' when the level moved by 1 or more and the last report is old enough. */
  update(key: string, reading: AlertReading, t: number): AlertEvent | undefined {
    const o = this.open.get(key);
    if (!o || o.quietSince !== undefined) return undefined;
    if (!(Math.abs(reading.level - o.level) >= 1) || t - o.reportedAt < UPDATE_MIN_INTERVAL_MS) {
      // Not news yet, but kept: the next update, an ack or the clear then carries the worst value
      // reached (rules only pass readings that worsen).
      if (o.alert.state !== 'cleared') {
        o.alert.title = clip(reading.title);
        o.alert.value = reading.value;
      }
      return undefined;
    }
    o.level = reading.level;
    o.reportedAt = t;
    o.alert.title = clip(reading.title);
    o.alert.value = reading.value;
    return { kind: 'updated', alert: copy(o.alert) };
  }

  /** The rule context stored with an open alert. */
  contextOf(key: string): number | undefined {
    return this.open.get(key)?.context;
  }

  /**
   * After a restart: the newest state of each kept alert, oldest first. Open ones are open again (and
   * their next reading may update them at once); cleared ones return to the log.
   */
  restore(entries: readonly { alert: Alert; context?: number | undefined }[], now: number): void {
    for (const { alert, context } of entries) {
      const a = copy(alert);
      this.byId.delete(a.id);
      this.byId.set(a.id, a);
      const key = scopeKey(a.rule, a.scope);
      if (a.state === 'cleared') {
        if (this.open.get(key)?.alert.id === a.id) this.open.delete(key);
        continue;
      }
      this.open.set(key, {
        alert: a,
        reportedAt: now - UPDATE_MIN_INTERVAL_MS,
        level: Number.NEGATIVE_INFINITY,
        context,
        activeSince: a.start,
      });
    }
    this.evict();
  }

  /**
   * An alert change another node made (scale-out): its copy replaces this book's. An alert open here
   * keeps its reporting state (no update right after an ack made elsewhere); a cleared alert never
   * reopens (a repeated or crossing event). Returns false when the change was ignored.
   */
  apply(alert: Alert, context: number | undefined, now: number): boolean {
    const prev = this.byId.get(alert.id);
    if (prev?.state === 'cleared') return false;
    const a = copy(alert);
    const key = scopeKey(a.rule, a.scope);
    this.byId.set(a.id, a);
    const o = this.open.get(key);
    if (a.state === 'cleared') {
      if (o?.alert.id === a.id) this.open.delete(key);
    } else if (o?.alert.id === a.id) {
      o.alert = a;
      if (context !== undefined) o.context = context;
    } else {
      // Another alert of this rule and scope is open here: two holders raced; the newer one stands.
      if (o) {
        o.alert.state = 'cleared';
        o.alert.end = Math.max(a.start, o.alert.start);
      }
      this.open.set(key, {
        alert: a,
        reportedAt: now,
        level: Number.NEGATIVE_INFINITY,
        context,
        activeSince: a.start,
      });
    }
    this.evict();
    return true;
  }

  /**
   * The condition ended: the alert clears, unless it is flapping; then it waits FLAP_QUIET_MS (see
   * settle) and a return of the condition meanwhile joins it.
   */
  clear(key: string, t: number): AlertEvent | undefined {
    const o = this.open.get(key);
    if (!o) return undefined;
    if (o.alert.flapping) {
      o.quietSince ??= t;
      return undefined;
    }
    return this.close(key, o, t);
  }

  /**
   * Raises the severity of `rule`'s alerts whose condition still holds escalate.afterS after their raise;
   * `where` picks the alerts whose clock `t` is (a site's samples carry that site's time).
   */
  escalate(
    rule: { id: string; escalate?: { afterS: number; severity: Severity } | undefined },
    where: (alert: Alert) => boolean,
    t: number,
    out: AlertEvent[],
  ): void {
    const to = rule.escalate;
    if (!to) return;
    for (const o of this.open.values()) {
      const a = o.alert;
      if (a.rule !== rule.id || o.quietSince !== undefined || !where(a)) continue;
      if (SEVERITY_RANK[a.severity] <= SEVERITY_RANK[to.severity] || t - o.activeSince < to.afterS * 1000)
        continue;
      a.severity = to.severity;
      a.escalatedAt = t;
      o.reportedAt = t;
      out.push({ kind: 'updated', alert: copy(a) });
    }
  }

  /**
   * Clears the flapping alerts picked by `where` (those on clock `t`) that stayed quiet for FLAP_QUIET_MS;
   * each ends when it went quiet.
   */
  settle(where: (alert: Alert) => boolean, t: number, out: AlertEvent[]): void {
    for (const [key, o] of this.open) {
      if (o.quietSince === undefined || t - o.quietSince < FLAP_QUIET_MS || !where(o.alert)) continue;
      out.push(this.close(key, o, o.quietSince));
    }
  }

  private close(key: string, o: OpenAlert, t: number): AlertEvent {
    this.open.delete(key);
    o.alert.state = 'cleared';
    o.alert.end = Math.max(t, o.alert.start);
    this.evict();
    return { kind: 'cleared', alert: copy(o.alert) };
  }

  acknowledge(id: string, ack: { by: string; comment: string }, now: number): AckResult {
    const alert = this.byId.get(id);
    if (!alert) return { ok: false, status: 404, error: `alert "${id}" not found` };
    if (alert.state === 'cleared') {
      return {
        ok: false,
        status: 409,
        error: `alert "${id}" has already cleared; only a raised alert can be acknowledged`,
      };
    }
    if (alert.state === 'acknowledged') {
      return {
        ok: false,
        status: 409,
        error: `alert "${id}" was already acknowledged by ${alert.ack?.by ?? 'someone'}`,
      };
    }
    alert.state = 'acknowledged';
    alert.ack = { by: ack.by, at: now, comment: ack.comment };
    return { ok: true, event: { kind: 'acknowledged', alert: copy(alert) } };
  }

  /** Open alerts, most severe first, then newest first. */
  active(): Alert[] {
    return [...this.open.values()]
      .map((o) => copy(o.alert))
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.start - a.start || cmp(a.id, b.id),
      );
  }

  /** Newest first (by start), at most `limit` (and never more than maxLog) alerts. */
  log(limit = this.maxLog): Alert[] {
    const n = Math.max(0, Math.min(Math.floor(limit), this.maxLog));
    return [...this.byId.values()]
      .sort((a, b) => b.start - a.start || cmp(b.id, a.id))
      .slice(0, n)
      .map(copy);
  }

  /** Open alerts are never evicted: they stay acknowledgeable, and there are at most rules × scopes. */
  private evict(): void {
    if (this.byId.size <= this.maxLog) return;
    for (const [id, alert] of this.byId) {
      if (this.byId.size <= this.maxLog) break;
      if (alert.state === 'cleared') this.byId.delete(id);
    }
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
