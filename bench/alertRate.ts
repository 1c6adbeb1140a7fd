import { synthesizeAlertRate } from '@gigawatt/mock-telemetry/synthesize';
import { type AlertRule, defaultAlertRules } from '@gigawatt/shared';

const fmt = (n: number) => n.toFixed(2);

/**
 * The rules before issue 12 gave severities a meaning: every hall utilization drop and every touch of
 * the 80 % planning margin was a warning, nothing escalated, no 90 % rule. Run through today's book,
 * which also groups flapping, so it slightly understates the old rate (measured on the old engine over
 * the same day: 398 warnings, 16.6 an hour, all on the wall).
 */
const rulesBefore: AlertRule[] = defaultAlertRules
  .filter((r) => r.id !== 'power-cap-90')
  .map((r) => {
    const { escalate: _escalate, ...rest } = r;
    return r.id === 'power-cap-80' || r.id === 'util-drop-hall' ? { ...rest, severity: 'warning' } : rest;
  });

/**
 * Alert fatigue (issue 12): a synthesized normal day of the whole fleet (hall level) through the alert
 * rules, alerts per hour by severity and what the wall would show as unacknowledged warnings or worse.
 */
export function alertRateBench(): {
  rows: { name: string; value: string; budget: string }[];
  results: unknown;
} {
  // A weekday from midnight US Eastern: one full inference cycle and the afternoon power peak.
  const from = Date.UTC(2026, 6, 15, 5);
  const durationMs = 24 * 3_600_000;
  const started = performance.now();
  const now = synthesizeAlertRate({ from, durationMs });
  const ms = performance.now() - started;
  const before = synthesizeAlertRate({ from, durationMs, rules: rulesBefore });
  const row = (label: string, r: typeof now) => [
    {
      name: `alerts/h, normal day (${label}): critical / warning / info`,
      value: `${fmt(r.perHour.raised.critical)} / ${fmt(r.perHour.raised.warning)} / ${fmt(r.perHour.raised.info)}`,
      budget: '—',
    },
    {
      name: `alerts/h on the wall as "Not acknowledged" (${label})`,
      value: `${fmt(r.perHour.wall)} (loud ${(r.wallLoudShare * 100).toFixed(1)} % of the day)`,
      budget: label === 'now' ? 'quiet on a normal day' : '—',
    },
  ];
  return {
    rows: [...row('rules before issue 12', before), ...row('now', now)],
    results: { now, before, ms },
  };
}
