import type { Alert } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { applyAlertEvent, MAX_OPEN_ALERTS, openAlertsFrom, sortAlerts } from './openAlerts.ts';

const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id,
  rule: 'power-cap-80',
  severity: 'warning',
  scope: { site: 'ohio' },
  title: `alert ${id}`,
  value: 1,
  threshold: 1,
  unit: '%',
  start: 1000,
  state: 'raised',
  ...over,
});

describe('open alerts', () => {
  it('keeps raised and acknowledged alerts, drops cleared ones', () => {
    const open = openAlertsFrom([alert('a'), alert('b', { state: 'cleared' })]);
    expect([...open.keys()]).toEqual(['a']);
    const acked = applyAlertEvent(open, {
      kind: 'acknowledged',
      alert: alert('a', { state: 'acknowledged' }),
    });
    expect(acked.get('a')?.state).toBe('acknowledged');
    expect(applyAlertEvent(acked, { kind: 'cleared', alert: alert('a', { state: 'cleared' }) }).size).toBe(0);
  });

  it('stays bounded', () => {
    let open = new Map<string, Alert>();
    for (let i = 0; i < MAX_OPEN_ALERTS + 20; i++)
      open = applyAlertEvent(open, { kind: 'raised', alert: alert(`x${i}`) });
    expect(open.size).toBe(MAX_OPEN_ALERTS);
    expect(open.has('x0')).toBe(false);
  });

  it('sorts by severity, then newest first', () => {
    const sorted = sortAlerts([
      alert('info', { severity: 'info', start: 5 }),
      alert('warn-old', { start: 1 }),
      alert('crit-old-acked', { severity: 'critical', state: 'acknowledged', start: 2 }),
      alert('crit', { severity: 'critical', start: 3 }),
      alert('warn-new', { start: 9 }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['crit', 'crit-old-acked', 'warn-new', 'warn-old', 'info']);
  });
});
