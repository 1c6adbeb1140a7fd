import { type Alert, SEVERITY_RANK, type Severity } from '@gigawatt/shared';
import { isCoolantAlert } from '../store/alertScope.ts';

export { isCoolantAlert };

/**
 * The halls of a site with an open coolant alert that calls for a person (warning or critical; info is
 * only counted on the wall), each with its worst severity.
 */
export function coolantAlertHalls(alerts: Iterable<Alert>, siteId: string): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const a of alerts) {
    if (a.severity === 'info' || a.state === 'cleared' || a.scope.site !== siteId || !isCoolantAlert(a))
      continue;
    const hall = a.scope.hall!;
    const had = out.get(hall);
    if (had === undefined || SEVERITY_RANK[a.severity] < SEVERITY_RANK[had]) out.set(hall, a.severity);
  }
  return out;
}

/** Alerting halls worst first, then in the site's hall order: which one a small tile names. */
export function rankCoolantHalls(
  halls: ReadonlyMap<string, Severity>,
  order: readonly string[],
): Array<{ hall: string; severity: Severity }> {
  return [...halls]
    .map(([hall, severity]) => ({ hall, severity }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        order.indexOf(a.hall) - order.indexOf(b.hall),
    );
}

/** A key that changes only when the set of alerting halls or their severities do (a stable selector). */
export const coolantHallsKey = (halls: ReadonlyMap<string, Severity>): string =>
  [...halls]
    .map(([h, s]) => `${h}:${s}`)
    .sort()
    .join(',');

export function parseCoolantHallsKey(key: string): Map<string, Severity> {
  const m = new Map<string, Severity>();
  if (!key) return m;
  for (const part of key.split(',')) {
    const i = part.lastIndexOf(':');
    m.set(part.slice(0, i), part.slice(i + 1) as Severity);
  }
  return m;
}
