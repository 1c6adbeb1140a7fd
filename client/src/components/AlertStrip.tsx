import type { Alert, Severity } from '@gigawatt/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { focusAfterAck } from '../alerts/focusAfterAck.ts';
import { formatClock } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import { alertConcerns, alertHref } from '../store/alertScope.ts';
import { sortAlerts } from '../store/openAlerts.ts';
import { useServices, useStore } from '../store/useStore.ts';
import { AckDialog } from './AckDialog.tsx';
import { AckLine } from './AckLine.tsx';
import { SeverityIcon } from './SeverityIcon.tsx';

const MAX_SHOWN = 6;

function AlertItem({ alert, onAck }: { alert: Alert; onAck: ((id: string) => void) | null }) {
  const acked = alert.state === 'acknowledged';
  return (
    <li
      className={`alert alert-${alert.severity}${acked ? ' alert-acked' : ''}`}
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-state={alert.state}
      data-scope={alert.scope.site ?? 'fleet'}
    >
      <span className="alert-sev">
        <SeverityIcon severity={alert.severity} />
        {alert.severity.toUpperCase()}
      </span>
      <Link className="alert-title" href={alertHref(alert)}>
        {alert.title}
      </Link>
      <span className="alert-meta num">since {formatClock(alert.start)}</span>
      {acked && alert.ack ? (
        <AckLine ack={alert.ack} className="alert-meta" />
      ) : onAck === null ? null : (
        <button
          type="button"
          className="button button-small alert-ack-button"
          onClick={() => onAck(alert.id)}
          aria-label={`Acknowledge: ${alert.title}`}
        >
          Acknowledge
        </button>
      )}
    </li>
  );
}

/**
 * Open alerts, most severe and newest first: the "what is wrong now" line of every page, where an
 * operator acknowledges one with a comment.
 */
export function AlertStrip({ site }: { site?: string }) {
  const open = useStore((s) => s.alerts);
  const [acking, setAcking] = useState<Alert | null>(null);
  const [showAll, setShowAll] = useState(false);
  const list = useMemo(
    () => sortAlerts([...open.values()].filter((a) => site === undefined || alertConcerns(a, site))),
    [open, site],
  );
  const listRef = useRef<HTMLElement>(null);
  /** The alert whose dialog is open: focus returns to it when the dialog closes. */
  const returnTo = useRef<string | null>(null);
  const onAck = useCallback(
    (id: string) => {
      returnTo.current = id;
      setAcking(open.get(id) ?? null);
    },
    [open],
  );
  useEffect(() => {
    if (acking !== null || returnTo.current === null) return;
    const id = returnTo.current;
    returnTo.current = null;
    focusAfterAck(listRef.current, id);
  }, [acking]);
  // A recording's alerts are history: nothing to acknowledge on the live server.
  const canAck = useServices().source.kind === 'live';
  const onClose = useCallback(() => setAcking(null), []);
  const dialog = acking ? <AckDialog alert={acking} onClose={onClose} /> : null;
  if (list.length === 0) return dialog;
  const shown = showAll ? list : list.slice(0, MAX_SHOWN);
  const hidden = list.length - shown.length;
  return (
    <section
      aria-label="Open alerts"
      className="alerts"
      data-alerts={list.length}
      ref={listRef}
      tabIndex={-1}
    >
      <ul className="alerts-list">
        {shown.map((a) => (
          <AlertItem key={a.id} alert={a} onAck={canAck ? onAck : null} />
        ))}
      </ul>
      {hidden > 0 || showAll ? (
        <button type="button" className="link-button alerts-more" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer' : `Show all ${list.length} open alerts (+${hidden})`}
        </button>
      ) : null}
      {dialog}
    </section>
  );
}

/**
 * How many open alerts a site has, and the worst severity among them (for a panel badge). Fleet-wide
 * alerts (the recorder) are not the site's: they show in the alert strip, not on every site's badge.
 */
export function useSiteAlertSummary(site: string): { count: number; worst: Severity | null } {
  const count = useStore((s) => {
    let n = 0;
    for (const a of s.alerts.values()) if (a.scope.site === site) n++;
    return n;
  });
  const worst = useStore((s) => {
    let w: Severity | null = null;
    for (const a of s.alerts.values()) {
      if (a.scope.site !== site) continue;
      if (a.severity === 'critical') return 'critical';
      if (a.severity === 'warning' || w === null) w = a.severity;
    }
    return w;
  });
  return { count, worst };
}
