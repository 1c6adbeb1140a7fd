import {
  alertEventSchema,
  alertScopeSchema,
  createAlertEngine,
  defaultAlertRules,
  defaultFleet,
  indexFleet,
} from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { RECORDER_FAILED_RULE, recorderAlert } from './recorderAlert.ts';

const T0 = Date.UTC(2026, 5, 1, 12);
const engine = () =>
  createAlertEngine({ rules: defaultAlertRules, idx: indexFleet(defaultFleet), startedAt: T0 });
const failed = (error: string) => ({ type: 'error' as const, id: 'seg-x', kind: 'segment' as const, error });

describe('recorderAlert', () => {
  it('raises one critical fleet-wide alert, updates it on further failures, clears it on resume', () => {
    const alerts = engine();
    const raised = recorderAlert(alerts, failed('recording write failed: ENOSPC: no space left'), 1, T0);
    expect(alertEventSchema.parse(raised)).toMatchObject({
      kind: 'raised',
      alert: { rule: RECORDER_FAILED_RULE, severity: 'critical', scope: {}, value: 1, state: 'raised' },
    });
    expect(raised!.alert.title).toBe(
      'Recorder: recording stopped (ENOSPC: no space left); live data is not affected',
    );
    // The retry fails as well: the same alert, updated (not a second one).
    const again = recorderAlert(alerts, failed('EIO: i/o error'), 2, T0 + 60_000);
    expect(again).toMatchObject({ kind: 'updated', alert: { id: raised!.alert.id, value: 2 } });
    expect(alerts.active()).toHaveLength(1);
    // Operators acknowledge it like any other.
    expect(
      alerts.acknowledge(raised!.alert.id, { by: 'Eve', comment: 'freeing space' }, T0 + 70_000).ok,
    ).toBe(true);
    expect(recorderAlert(alerts, { type: 'warning', message: 'x' }, 2, T0 + 80_000)).toBeUndefined();
    const cleared = recorderAlert(alerts, { type: 'resumed', id: 'seg-y' }, 2, T0 + 90_000);
    expect(cleared).toMatchObject({ kind: 'cleared', alert: { id: raised!.alert.id, end: T0 + 90_000 } });
    expect(alerts.active()).toEqual([]);
    expect(alerts.log()[0]).toMatchObject({ state: 'cleared', ack: { by: 'Eve' } });
    expect(recorderAlert(alerts, { type: 'resumed', id: 'seg-z' }, 2, T0 + 95_000)).toBeUndefined();
  });

  it('scopes: a site, a hall of a site, or the whole fleet; never a hall without its site', () => {
    expect(alertScopeSchema.safeParse({}).success).toBe(true);
    expect(alertScopeSchema.safeParse({ site: 'ohio' }).success).toBe(true);
    expect(alertScopeSchema.safeParse({ site: 'ohio', hall: 'h1' }).success).toBe(true);
    expect(alertScopeSchema.safeParse({ hall: 'h1' }).success).toBe(false);
  });
});
