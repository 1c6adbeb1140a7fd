import { useReplayNotices } from '../session/ReplayContext.tsx';

/** What the replay wants the user to know (a recording that could not open fully, …), dismissible. */
export function ReplayNotices() {
  const { notices, dismiss } = useReplayNotices();
  if (notices.length === 0) return null;
  return (
    <div className="player-notice" aria-live="polite" data-notice>
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
