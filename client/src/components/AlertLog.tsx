import type { Alert } from '@gigawatt/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAlertLog } from '../alerts/alertsApi.ts';
import { formatClock } from '../format/format.ts';
import { useServices } from '../store/useStore.ts';
import { SeverityIcon } from './SeverityIcon.tsx';

const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

type LogState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; log: Alert[] };

/** Recent alerts from GET /api/alerts (newest first), fetched when opened: who acknowledged, when it ended. */
export function AlertLog() {
  const { viewerToken, source } = useServices();
  const [state, setState] = useState<LogState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const load = useCallback(() => {
    abort.current?.abort();
    const c = new AbortController();
    abort.current = c;
    setState({ kind: 'loading' });
    fetchAlertLog(viewerToken, 100, { signal: c.signal }).then(
      (r) => {
        if (!c.signal.aborted) setState({ kind: 'ok', log: r.log });
      },
      (e: unknown) => {
        if (!c.signal.aborted)
          setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }, [viewerToken]);
  useEffect(() => () => abort.current?.abort(), []);
  // The server's log is the live one; a recording's alerts are on the player's scrubber instead.
  if (source.kind !== 'live') return null;

  return (
    <details
      className="panel alert-log"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) load();
      }}
    >
      <summary>Alert log</summary>
      {state.kind === 'loading' ? <p className="muted">Loading…</p> : null}
      {state.kind === 'error' ? <p className="ack-error">{state.message}</p> : null}
      {state.kind === 'ok' && state.log.length === 0 ? <p className="muted">No alerts yet.</p> : null}
      {state.kind === 'ok' && state.log.length > 0 ? (
        <table className="alert-log-table num">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Alert</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {state.log.map((a) => (
              <tr key={`${a.id}@${a.start}`} data-alert-id={a.id} className={`alert-${a.severity}`}>
                <td className="alert-sev">
                  <SeverityIcon severity={a.severity} /> {a.severity}
                </td>
                <td>{a.title}</td>
                <td>{dateTime.format(a.start)}</td>
                <td className="alert-log-state">{a.end !== undefined ? dateTime.format(a.end) : 'open'}</td>
                <td>
                  {a.ack
                    ? `${a.ack.by} at ${formatClock(a.ack.at)}${a.ack.comment ? ` — “${a.ack.comment}”` : ''}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
