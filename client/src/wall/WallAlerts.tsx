import type { Alert, Severity } from '@gigawatt/shared';
import { useMemo } from 'react';
import { AckLine } from '../components/AckLine.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { formatClockZone } from '../format/format.ts';
import { alertConcerns } from '../store/alertScope.ts';
import { sortAlerts } from '../store/openAlerts.ts';
import { useConnectionLabel, useLiveValue } from '../store/useFreshness.ts';
import { useStore } from '../store/useStore.ts';

/** Rows that fit beside the page without squeezing it; the rest are counted, by severity. */
const MAX_ROWS = 4;

function since(startMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - startMs) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} d`;
}

/** "All clear" is a claim about now: a display that is not live says as of when it knows. */
function AllClear({ live, asOf, info }: { live: boolean; asOf: number | null; info: number }) {
  const infoNote = info > 0 ? ` · ${info} for information (job restarts, planning margins)` : '';
  if (!live) {
    return (
      <section aria-label="Alerts" className="wall-alerts wall-alerts-unknown" data-alerts="0">
        <strong>No active alerts{asOf !== null ? ` as of ${formatClockZone(asOf)}` : ''}</strong>
        <span className="wall-clear-note">this display is not live, so newer alerts may be missing</span>
      </section>
    );
  }
  return (
    <section aria-label="Alerts" className="wall-alerts wall-alerts-clear" data-alerts="0">
      <svg className="wall-clear-icon" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path
          d="m4.8 8.3 2.2 2.2 4.3-4.6"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <strong>All clear</strong>
      <span className="wall-clear-note">no active alerts{infoNote}</span>
    </section>
  );
}

function AlertRow({ alert, now }: { alert: Alert; now: number }) {
  const acked = alert.state === 'acknowledged' && alert.ack;
  return (
    <li
      className={`wall-alert wall-alert-${alert.severity}${acked ? ' wall-alert-acked' : ''}`}
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-state={alert.state}
      data-scope={alert.scope.site ?? 'fleet'}
    >
      <span className="wall-alert-sev">
        <SeverityIcon severity={alert.severity} />
        {alert.severity.toUpperCase()}
      </span>
      <span className="wall-alert-title">{alert.title}</span>
      <span className="wall-alert-when num">
        since {formatClockZone(alert.start)} · {since(alert.start, now)}
      </span>
      <span className="wall-alert-ack">
        {acked ? <AckLine ack={alert.ack!} /> : <span className="wall-alert-unacked">Not acknowledged</span>}
      </span>
    </li>
  );
}

/**
 * Active warnings and criticals, loud and in order (critical first, then warning, newest first), with who
 * acknowledged each and when; or a plain "All clear". On every page of the wall.
 */
export function WallAlerts({ sites }: { sites: readonly string[] | null }) {
  const open = useStore((s) => s.alerts);
  // The server's clock for the rows' ages, only while there are open alerts: an all-clear wall does not
  // re-render every second. The same subscriptions either way (the soak test counts them per page).
  const now = useLiveValue((s, serverNow) => (s.alerts.size > 0 ? serverNow : 0));
  const live = useConnectionLabel() === 'LIVE';
  // Said only while not live: a live wall does not re-render its all-clear every tick.
  const asOf = useStore((s) => (live ? null : (s.latest?.t ?? null)));
  const [list, info] = useMemo(() => {
    const only = sites ? new Set(sites) : null;
    // A fleet-wide alert (the recorder stopped) shows on every page of the wall.
    const mine = [...open.values()].filter((a) => !only || alertConcerns(a, only));
    // Info is not a call to act (a job restart recovering by itself): counted, never a loud row.
    return [
      sortAlerts(mine.filter((a) => a.severity !== 'info')),
      mine.length - mine.filter((a) => a.severity !== 'info').length,
    ];
  }, [open, sites]);
  if (list.length === 0) return <AllClear live={live} asOf={asOf} info={info} />;
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const a of list) counts[a.severity]++;
  const shown = list.slice(0, MAX_ROWS);
  const rest = list.slice(MAX_ROWS);
  const restCounts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const a of rest) restCounts[a.severity]++;
  const summary = (['critical', 'warning', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
  return (
    <section
      aria-label="Active alerts"
      className={`wall-alerts wall-alerts-${list[0]!.severity}`}
      data-alerts={list.length}
    >
      <h2 className="wall-alerts-head">
        <span className="wall-alerts-count num">
          {list.length} active {list.length === 1 ? 'alert' : 'alerts'}
        </span>
        <span className="wall-alerts-summary num">{summary}</span>
      </h2>
      <ol className="wall-alerts-list">
        {shown.map((a) => (
          <AlertRow key={a.id} alert={a} now={now} />
        ))}
      </ol>
      {rest.length > 0 ? (
        <p className="wall-alerts-more num">
          +{rest.length} more:{' '}
          {(['critical', 'warning', 'info'] as const)
            .filter((s) => restCounts[s] > 0)
            .map((s) => `${restCounts[s]} ${s}`)
            .join(', ')}
        </p>
      ) : null}
    </section>
  );
}
