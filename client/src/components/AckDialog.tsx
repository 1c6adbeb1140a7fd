import type { Alert } from '@gigawatt/shared';
import { type FormEvent, useId, useState } from 'react';
import { acknowledgeAlert } from '../alerts/alertsApi.ts';
import { operatorName } from '../auth/deviceTokens.ts';
import { formatClock } from '../format/format.ts';
import { applySourceEvent } from '../store/createDashboardStore.ts';
import { useServices, useStore } from '../store/useStore.ts';
import { OperatorTokenField, useOperatorToken } from './OperatorTokenField.tsx';
import { SeverityIcon } from './SeverityIcon.tsx';
import { useModalDialog } from './useModalDialog.ts';

interface AckDialogProps {
  alert: Alert;
  onClose: () => void;
}

/**
 * Acknowledge one alert: who and why, with the operator token (asked for once, then kept on this
 * device until forgotten). Refusals are said in the dialog, in words.
 */
export function AckDialog({ alert, onClose }: AckDialogProps) {
  const { store } = useServices();
  const ref = useModalDialog(onClose);
  const titleId = useId();
  const errorId = useId();
  // The live version of the alert: someone else may acknowledge it, or it may clear, meanwhile.
  const current = useStore((s) => s.alerts.get(alert.id));
  const op = useOperatorToken();
  const [by, setBy] = useState(() => operatorName.get());
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const gone = current === undefined;
  const ackedBy = current?.state === 'acknowledged' ? current.ack : undefined;
  const closed = gone || ackedBy !== undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || closed) return;
    const name = by.trim();
    if (!name) {
      setError('Say who is acknowledging (your name).');
      return;
    }
    const useToken = op.current();
    if (!useToken) {
      setError('Enter the operator token.');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await acknowledgeAlert({
      id: alert.id,
      by: name,
      comment: comment.trim(),
      operatorToken: useToken,
    });
    setBusy(false);
    operatorName.set(name);
    op.settle(r, useToken);
    if (r.ok) {
      // Show it at once; the server's `acknowledged` event brings the same alert to every display.
      if (store.getState().alerts.has(r.alert.id)) {
        applySourceEvent(store, { type: 'alert', event: { kind: 'acknowledged', alert: r.alert } });
      }
      ref.current?.close();
      return;
    }
    setError(r.message);
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes; Escape does the same natively.
    <dialog
      ref={ref}
      className="ack-dialog"
      aria-labelledby={titleId}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close();
      }}
    >
      <form className="ack-form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="ack-heading">
          Acknowledge alert
        </h2>
        <p className={`ack-alert alert-${alert.severity}`}>
          <span className="alert-sev">
            <SeverityIcon severity={alert.severity} />
            {alert.severity.toUpperCase()}
          </span>{' '}
          <strong>{alert.title}</strong>
          <span className="ack-since num"> · since {formatClock(alert.start)}</span>
        </p>
        {ackedBy ? (
          <p className="ack-note" aria-live="polite">
            Already acknowledged by {ackedBy.by} at {formatClock(ackedBy.at)}
            {ackedBy.comment ? ` — “${ackedBy.comment}”` : ''}.
          </p>
        ) : gone ? (
          <p className="ack-note" aria-live="polite">
            This alert has cleared.
          </p>
        ) : null}
        <label className="field">
          <span className="field-label">Your name</span>
          <input
            name="by"
            value={by}
            onChange={(e) => setBy(e.target.value)}
            maxLength={80}
            autoComplete="name"
            required
            disabled={closed}
            aria-describedby={error ? errorId : undefined}
          />
        </label>
        <label className="field">
          <span className="field-label">Comment</span>
          <textarea
            name="comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={500}
            rows={3}
            placeholder="What is being done about it"
            disabled={closed}
          />
        </label>
        <OperatorTokenField op={op} disabled={closed} />
        {error ? (
          <p id={errorId} className="ack-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="ack-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            {closed ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="button button-primary" disabled={busy || closed}>
            {busy ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
