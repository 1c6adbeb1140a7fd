import { type Alert, type AlertEvent, SEVERITY_RANK } from '@gigawatt/shared';

/** Open alerts (raised or acknowledged) by id; cleared ones leave. Bounded in case a server misbehaves. */
export const MAX_OPEN_ALERTS = 500;

export function openAlertsFrom(alerts: readonly Alert[]): Map<string, Alert> {
  const m = new Map<string, Alert>();
  for (const a of alerts) if (a.state !== 'cleared') m.set(a.id, a);
  return m;
}

export function applyAlertEvent(open: ReadonlyMap<string, Alert>, event: AlertEvent): Map<string, Alert> {
  const next = new Map(open);
  if (event.kind === 'cleared' || event.alert.state === 'cleared') next.delete(event.alert.id);
  else next.set(event.alert.id, event.alert);
  while (next.size > MAX_OPEN_ALERTS) {
    const oldest = next.keys().next().value;
    if (oldest === undefined) break;
    next.delete(oldest);
  }
  return next;
}

/**
 * Critical first, then warning, then info; newest first within a severity (ties by id, so the order
 * never shuffles between renders). Every display uses this order.
 */
export function sortAlerts(alerts: Iterable<Alert>): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.start - a.start ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
