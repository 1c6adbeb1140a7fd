import type { Alert } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import {
  coolantAlertHalls,
  coolantHallsKey,
  isCoolantAlert,
  parseCoolantHallsKey,
  rankCoolantHalls,
} from './coolantAlerts.ts';

const alert = (over: Partial<Alert>): Alert => ({
  id: 'a',
  rule: 'coolant-flow-low',
  severity: 'critical',
  scope: { site: 'ohio', hall: 'h10' },
  title: 'Ohio Hall 10: coolant flow 41 % of design, ΔT 22.4 °C',
  value: 59,
  threshold: 20,
  unit: '% under design flow',
  start: 1,
  state: 'raised',
  ...over,
});

describe('coolant alerts on the wall', () => {
  it('knows a coolant alert by its rule or its title, and only per hall', () => {
    expect(isCoolantAlert(alert({}))).toBe(true);
    expect(isCoolantAlert(alert({ rule: 'my-loop-rule' }))).toBe(true);
    expect(
      isCoolantAlert(alert({ rule: 'rack-inlet-high', title: 'Ohio Hall 10: 3 racks above 32 °C' })),
    ).toBe(false);
    expect(isCoolantAlert(alert({ scope: { site: 'ohio' } }))).toBe(false);
  });

  it('collects a site’s alerting halls with their worst severity, leaving out info and other sites', () => {
    const halls = coolantAlertHalls(
      [
        alert({ id: '1', severity: 'warning', rule: 'coolant-supply-high' }),
        alert({ id: '2' }),
        alert({ id: '3', scope: { site: 'ohio', hall: 'h3' }, severity: 'warning' }),
        alert({ id: '4', scope: { site: 'ohio', hall: 'h4' }, severity: 'info' }),
        alert({ id: '5', scope: { site: 'texas', hall: 'h1' } }),
        alert({ id: '6', scope: { site: 'ohio', hall: 'h5' }, state: 'acknowledged' }),
      ],
      'ohio',
    );
    expect([...halls]).toEqual([
      ['h10', 'critical'],
      ['h3', 'warning'],
      ['h5', 'critical'],
    ]);
    expect(rankCoolantHalls(halls, ['h3', 'h5', 'h10']).map((x) => x.hall)).toEqual(['h5', 'h10', 'h3']);
  });

  it('round-trips through a key that ignores order, so a selector re-renders only on a change', () => {
    const a = new Map([
      ['h10', 'critical' as const],
      ['h3', 'warning' as const],
    ]);
    const b = new Map([
      ['h3', 'warning' as const],
      ['h10', 'critical' as const],
    ]);
    expect(coolantHallsKey(a)).toBe(coolantHallsKey(b));
    expect(parseCoolantHallsKey(coolantHallsKey(a))).toEqual(b);
    expect(parseCoolantHallsKey('')).toEqual(new Map());
  });
});
