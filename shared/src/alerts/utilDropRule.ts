import type { AlertEvent, AlertScope } from '../alerts.ts';
import { type AlertBook, scopeKey } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import { RollingMax } from './rollingMax.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';

/**
 * A drop deepening by 5 more points is worth an update. Only a deeper drop updates (never a recovery),
 * so an alert has at most ~20 of them, at most one per UPDATE_MIN_INTERVAL_MS.
 */
const UTIL_STEP_PTS = 5;

interface DropState {
  window: RollingMax;
  /** The window's maximum when the drop was first seen: where utilization should come back to. */
  reference: number;
  /** While a held drop is pending: when it was first seen. */
  pendingSince: number | undefined;
  /** While raised: the lowest utilization so far (NaN: unknown, an alert restored after a restart). */
  lowest: number;
}

/**
 * A sudden loss of GPU utilization (a crashed synchronous job): raised when utilization is dropPts or
 * more below its maximum over the last windowS seconds, cleared once it is back within recoverWithinPts
 * of that pre-drop maximum. A slow decline never raises: the window forgets the old level.
 *
 * `holdS` requires the drop to last that long before raising, which tells a job restart (minutes) from a
 * checkpoint dip (20–60 s in the simulator). The rule schema has no such field yet (see createRuleRunner).
 */
export function createUtilDropRule(rule: RuleOf<'utilDrop'>, book: AlertBook, holdS = 0): RuleRunner {
  const states = new Map<string, DropState>();

  const feed = (scope: AlertScope, where: string, t: number, util: number, out: AlertEvent[]) => {
    const key = scopeKey(rule.id, scope);
    let s = states.get(key);
    if (!s) {
      // After a restart an open drop alert comes back with the reference it was raised against.
      const reference = book.contextOf(key) ?? 0;
      s = {
        window: new RollingMax(rule.windowS * 1000),
        reference,
        pendingSince: undefined,
        lowest: Number.NaN,
      };
      states.set(key, s);
    }
    const max = s.window.push(t, util);
    const open = book.isActive(key) ? book.peek(key) : undefined;
    if (open) {
      if (util >= s.reference - rule.recoverWithinPts) {
        const event = book.clear(key, t);
        if (event) out.push(event);
        return;
      }
      // Only a deeper drop is news: the text keeps the level at the raise and the lowest one since,
      // so a recovery under way does not rewrite it ("to 7 %", then "to 27 %", then "to 69 %").
      if (Number.isNaN(s.lowest)) s.lowest = s.reference - open.value;
      s.lowest = Math.min(s.lowest, util);
      const atRaise = s.reference - (open.triggerValue ?? open.value);
      const reading = {
        title: alertTitles.utilDrop(where, s.reference, atRaise, s.lowest),
        value: rounded(s.reference - s.lowest, 1),
        level: (s.reference - s.lowest) / UTIL_STEP_PTS,
      };
      const event = book.update(key, reading, t);
      if (event) out.push(event);
      return;
    }
    if (s.pendingSince === undefined) {
      if (max - util < rule.dropPts) return;
      s.pendingSince = t;
      s.reference = max;
    } else if (s.reference - util < rule.dropPts) {
      s.pendingSince = undefined;
      return;
    }
    if (t - s.pendingSince < holdS * 1000) return;
    s.pendingSince = undefined;
    s.lowest = util;
    const draft = {
      rule: rule.id,
      severity: rule.severity,
      scope,
      title: alertTitles.utilDrop(where, s.reference, util),
      value: rounded(s.reference - util, 1),
      threshold: rule.dropPts,
      unit: 'pts',
    };
    out.push(book.raise(key, draft, t, (s.reference - util) / UTIL_STEP_PTS, s.reference));
  };

  return {
    onSample(sample, site, _now, out) {
      if (rule.level === 'site') {
        feed({ site: site.id }, site.name, sample.t, sample.gpuUtilPct, out);
        return;
      }
      for (const hall of site.halls) {
        const h = sample.halls.find((x) => x.hall === hall.id);
        if (h)
          feed({ site: site.id, hall: hall.id }, `${site.name} ${hall.name}`, sample.t, h.gpuUtilPct, out);
      }
    },
  };
}
