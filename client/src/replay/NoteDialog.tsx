import { type FormEvent, useId, useState } from 'react';
import { operatorName } from '../auth/deviceTokens.ts';
import { OperatorTokenField, useOperatorToken } from '../components/OperatorTokenField.tsx';
import { useModalDialog } from '../components/useModalDialog.ts';
import { formatDate, formatHms } from '../format/formatReplay.ts';
import { postAnnotation } from './recordingsApi.ts';

interface NoteDialogProps {
  recordingId: string;
  /** The playhead: a note at one moment. */
  t: number;
  /** The A–B loop, when set: the note may cover it instead. */
  loop: { from: number; to: number } | null;
  /** After the server stored the note (the player re-reads annotations). */
  onSaved: () => void;
  onClose: () => void;
}

/**
 * A note on the recording, at the playhead or over the A–B span: who and what, with the operator token
 * (asked once, kept on this device as for acknowledgements). Everyone sees it on the scrubber.
 */
export function NoteDialog({ recordingId, t, loop, onSaved, onClose }: NoteDialogProps) {
  const ref = useModalDialog(onClose);
  const titleId = useId();
  const errorId = useId();
  const [text, setText] = useState('');
  const [author, setAuthor] = useState(() => operatorName.get());
  const [over, setOver] = useState<'moment' | 'span'>(loop ? 'span' : 'moment');
  const op = useOperatorToken();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const note = text.trim();
    const name = author.trim();
    if (!note) return setError('Write the note.');
    if (!name) return setError('Say who is writing it (your name).');
    const useToken = op.current();
    if (!useToken) return setError('Enter the operator token.');
    setBusy(true);
    setError(null);
    const span = over === 'span' && loop ? loop : null;
    const r = await postAnnotation({
      recordingId,
      t: span ? span.from : t,
      end: span ? span.to : undefined,
      text: note,
      author: name,
      operatorToken: useToken,
    });
    setBusy(false);
    operatorName.set(name);
    op.settle(r, useToken);
    if (r.ok) {
      onSaved();
      ref.current?.close();
      return;
    }
    setError(r.message);
  };

  const at = (x: number) => `${formatDate(x)} ${formatHms(x)}`;

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes; Escape does the same natively.
    <dialog
      ref={ref}
      className="ack-dialog note-dialog"
      aria-labelledby={titleId}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close();
      }}
    >
      <form className="ack-form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="ack-heading">
          Add a note to the recording
        </h2>
        <fieldset className="note-where">
          <legend className="field-label">Where</legend>
          <label>
            <input type="radio" name="over" checked={over === 'moment'} onChange={() => setOver('moment')} />{' '}
            At <span className="num">{at(t)}</span>
          </label>
          {loop ? (
            <label>
              <input type="radio" name="over" checked={over === 'span'} onChange={() => setOver('span')} />{' '}
              Over the loop{' '}
              <span className="num">
                {formatHms(loop.from)}–{formatHms(loop.to)}
              </span>
            </label>
          ) : null}
        </fieldset>
        <label className="field">
          <span className="field-label">Note</span>
          <textarea
            name="text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={2000}
            rows={3}
            placeholder="What happened here"
            required
            aria-describedby={error ? errorId : undefined}
          />
        </label>
        <label className="field">
          <span className="field-label">Your name</span>
          <input
            name="author"
            value={author}
            onChange={(e) => setAuthor(e.target.value)}
            maxLength={80}
            autoComplete="name"
            required
          />
        </label>
        <OperatorTokenField op={op} />
        {error ? (
          <p id={errorId} className="ack-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="ack-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save note'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
