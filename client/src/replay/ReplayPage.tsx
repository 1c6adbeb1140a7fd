import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { operatorToken } from '../auth/deviceTokens.ts';
import { formatBytes, formatDurationMs, formatSpan } from '../format/formatReplay.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/navigation.ts';
import { formatTime, LOCAL_REC } from '../router/replayUrl.ts';
import { useSourceManager } from '../session/ReplayContext.tsx';
import { useServices } from '../store/useStore.ts';
import { deleteRecording, fetchRecordings, type RecordingListItem } from './recordingsApi.ts';
import './replay.css';

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; recordings: RecordingListItem[] };

const KIND_LABEL: Record<string, string> = {
  segment: 'Always-on',
  capture: 'Capture',
  demo: 'Demo',
};

const STATE_LABEL: Record<string, string> = {
  recording: 'recording now',
  recovered: 'recovered after a crash',
  failed: 'failed',
};

/** Files above this are refused before reading: the whole file is held in the page's memory. */
const MAX_LOCAL_BYTES = 1.5e9;

/**
 * `/replay`: the server's recordings, newest first, and a local `.mcap` file to drop or pick. Opening
 * one puts the whole app in replay mode (the URL's `rec=`); the fleet overview shows under the player.
 */
export default function ReplayPage() {
  const { viewerToken } = useServices();
  const [list, setList] = useState<ListState>({ kind: 'loading' });

  const load = useCallback(
    (signal?: AbortSignal) => {
      setList({ kind: 'loading' });
      fetchRecordings(viewerToken, signal ? { signal } : {}).then(
        (recordings) => {
          if (!signal?.aborted) setList({ kind: 'ok', recordings });
        },
        (e: unknown) => {
          if (!signal?.aborted)
            setList({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
        },
      );
    },
    [viewerToken],
  );
  useEffect(() => {
    const c = new AbortController();
    load(c.signal);
    return () => c.abort();
  }, [load]);

  return (
    <div className="replay-page">
      <h1 className="replay-heading">Recordings</h1>
      <p className="replay-intro muted">
        Open a recording to replay it second by second on every view: fleet, sites, wall and executive
        summary. Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}); hover a
        time for RFC 3339.
      </p>
      <LocalFile />
      <section className="panel replay-list" aria-labelledby="rec-list-title">
        <div className="replay-list-head">
          <h2 id="rec-list-title" className="panel-title">
            On the server
          </h2>
          <button type="button" className="button button-small" onClick={() => load()}>
            Refresh
          </button>
        </div>
        {list.kind === 'loading' ? <p className="muted">Loading…</p> : null}
        {list.kind === 'error' ? (
          <p className="ack-error" role="alert">
            {list.message}
          </p>
        ) : null}
        {list.kind === 'ok' && list.recordings.length === 0 ? (
          <p className="muted">No recordings yet. The always-on recorder adds one per segment.</p>
        ) : null}
        {list.kind === 'ok' && list.recordings.length > 0 ? (
          <RecordingTable recordings={list.recordings} onChanged={() => load()} />
        ) : null}
      </section>
    </div>
  );
}

function RecordingTable({
  recordings,
  onChanged,
}: {
  recordings: RecordingListItem[];
  onChanged: () => void;
}) {
  // Deleting is for operators: offered on a device that holds an operator token (saved when acknowledging
  // an alert or adding a note), never to a viewer who could only be refused.
  const token = operatorToken.get();
  const [problem, setProblem] = useState<string | null>(null);
  const remove = async (r: RecordingListItem) => {
    if (!token || !window.confirm(`Delete the recording “${r.name}” from the server? This cannot be undone.`))
      return;
    const error = await deleteRecording(r.id, token);
    setProblem(error);
    if (!error) onChanged();
  };
  return (
    <div className="replay-table-wrap">
      <table className="replay-table">
        <thead>
          <tr>
            <th scope="col">Recording</th>
            <th scope="col">Time span</th>
            <th scope="col">Duration</th>
            <th scope="col">Size</th>
            <th scope="col">Level</th>
            <th scope="col">Sites</th>
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {recordings.map((r) => (
            <RecordingRow
              key={r.id}
              r={r}
              onDelete={token && r.state !== 'recording' ? () => void remove(r) : null}
            />
          ))}
        </tbody>
      </table>
      {problem ? (
        <p className="ack-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function RecordingRow({ r, onDelete }: { r: RecordingListItem; onDelete: (() => void) | null }) {
  const running = r.state === 'recording';
  // A running recording opens up to its last flushed second, at that second: the last minutes are
  // what an engineer opens it for during an incident.
  const end = (running ? r.flushedEnd : r.end) ?? r.start;
  const openable = running ? r.flushedEnd !== undefined : r.state !== 'failed';
  const href = running
    ? `/replay?rec=${encodeURIComponent(r.id)}&t=${formatTime(end)}`
    : `/replay?rec=${encodeURIComponent(r.id)}`;
  const iso = `${new Date(r.start).toISOString()} – ${new Date(end).toISOString()}`;
  return (
    <tr data-recording={r.id} data-kind={r.kind}>
      <th scope="row" className="rt-name">
        <span className="rt-title">{r.name}</span>
        <span className="rt-meta">
          <span className={`rt-kind rt-kind-${r.kind}`}>{KIND_LABEL[r.kind] ?? r.kind}</span>
          {STATE_LABEL[r.state] ? (
            <span className={`rt-state rt-state-${r.state}`}>{STATE_LABEL[r.state]}</span>
          ) : null}
          {running && r.flushedEnd !== undefined ? (
            <span className="rt-state" data-flushed-end={r.flushedEnd}>
              opens up to {new Date(r.flushedEnd).toLocaleTimeString(undefined, { hour12: false })}
            </span>
          ) : null}
          {r.error ? <span className="rt-error">{r.error}</span> : null}
        </span>
      </th>
      <td className="num" data-label="Span">
        <time dateTime={new Date(r.start).toISOString()} title={iso}>
          {formatSpan(r.start, end)}
        </time>
      </td>
      <td className="num" data-label="Duration">
        {formatDurationMs(end - r.start)}
      </td>
      <td className="num" data-label="Size">
        {formatBytes(r.sizeBytes)}
      </td>
      <td data-label="Level">{r.level}</td>
      <td className="rt-sites" data-label="Sites">
        {r.sites.length > 0 ? r.sites.join(', ') : 'all'}
      </td>
      <td>
        {openable ? (
          <Link
            href={href}
            keepReplay={false}
            className="button button-primary rt-open"
            aria-label={`Open ${r.name}`}
          >
            Open
          </Link>
        ) : (
          <span className="muted">{running ? 'Starting…' : 'Cannot open'}</span>
        )}
        {onDelete ? (
          <button
            type="button"
            className="link-button rt-delete"
            onClick={onDelete}
            aria-label={`Delete ${r.name}`}
          >
            Delete
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/** A dropped or picked `.mcap` file, opened in the page: nothing is uploaded. */
function LocalFile() {
  const manager = useSourceManager();
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = async (file: File) => {
    setError(null);
    if (file.size > MAX_LOCAL_BYTES) {
      setError(
        `${file.name} is ${formatBytes(file.size)}; a local file must be under ${formatBytes(MAX_LOCAL_BYTES)}.`,
      );
      return;
    }
    setBusy(file.name);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await manager.open({
        rec: LOCAL_REC,
        name: file.name,
        input: { kind: 'bytes', bytes, name: file.name },
        tentative: true,
      });
      if (r.ok) navigate(`/replay?rec=${LOCAL_REC}`, { keepReplay: false });
      else setError(`${file.name} cannot be played: ${r.message}`);
    } catch (e) {
      setError(`${file.name} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void open(file);
  };

  return (
    <section className="panel replay-drop-panel" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="panel-title">
        A file on this computer
      </h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the file picker inside is the accessible way in. */}
      <div
        className={`replay-drop${over ? ' is-over' : ''}`}
        data-dropzone
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop an <strong>.mcap</strong> recording here, or{' '}
          <label htmlFor={inputId} className="replay-pick">
            choose a file
          </label>
          <input
            ref={input}
            id={inputId}
            className="visually-hidden"
            type="file"
            accept=".mcap,application/x-mcap"
            aria-describedby={hintId}
            disabled={busy !== null}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void open(file);
            }}
          />
        </p>
        <p id={hintId} className="field-hint">
          Opened in this browser only: a local file's link cannot be shared.
        </p>
        {busy ? <p aria-live="polite">Opening {busy}…</p> : null}
        {error ? (
          <p className="ack-error" role="alert" data-drop-error>
            {error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
