import type { AlertEngine, AlertEvent } from '@gigawatt/shared';
import type { RecorderEvent } from './recorder/createRecorder.ts';

// Beside the composition root, not in alerts/ or recorder/: neither module knows the other, and turning
// one's events into the other's alerts is wiring, done where the server is put together.

/** The rule id of the recorder's own alert (not a configurable rule: it is raised by the recorder). */
export const RECORDER_FAILED_RULE = 'recorder-failed';

/**
 * A recording stopped on a write error (disk full, I/O error) is a critical, fleet-wide alert through
 * the same book as the rules' alerts, so it reaches viewers, the wall, the log and the recordings; it
 * clears once a recording opened after the failure reaches the disk. Other recorder events are not
 * alerts. `failures` counts write errors so far (the alert's value; each new one updates it).
 */
export function recorderAlert(
  alerts: AlertEngine,
  event: RecorderEvent,
  failures: number,
  now: number,
): AlertEvent | undefined {
  if (event.type === 'resumed') return alerts.clear(RECORDER_FAILED_RULE, {}, now);
  if (event.type !== 'error') return undefined;
  return alerts.raise(
    {
      rule: RECORDER_FAILED_RULE,
      severity: 'critical',
      scope: {},
      title: `Recorder: recording stopped (${event.error.replace(/^recording write failed: /, '')}); live data is not affected`,
      value: failures,
      threshold: 0,
      unit: 'errors',
    },
    now,
    failures,
  );
}
