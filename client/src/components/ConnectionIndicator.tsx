import { formatClockZone, formatLiveAgo } from '../format/format.ts';
import type { ConnectionLabel } from '../store/connectionLabel.ts';
import { newestSampleT, useConnectionLabel, useLiveValue } from '../store/useFreshness.ts';
import { useStore } from '../store/useStore.ts';

function Icon({ label }: { label: ConnectionLabel }) {
  const common = {
    width: '1em',
    height: '1em',
    viewBox: '0 0 16 16',
    'aria-hidden': true,
    className: 'conn-icon',
  } as const;
  switch (label) {
    case 'LIVE':
      return (
        <svg {...common} aria-hidden="true">
          <circle cx="8" cy="8" r="4" fill="currentColor" />
          <circle
            cx="8"
            cy="8"
            r="7"
            fill="none"
            stroke="currentColor"
            strokeOpacity="0.45"
            strokeWidth="1.5"
          />
        </svg>
      );
    case 'RECONNECTING':
      return (
        <svg {...common} className="conn-icon conn-spin" aria-hidden="true">
          <path
            d="M8 2a6 6 0 1 0 6 6"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          />
          <path d="M14 2v4h-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      );
    case 'STALE':
      return (
        <svg {...common} aria-hidden="true">
          <path
            d="M8 1.5 15 14H1z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinejoin="round"
          />
          <path d="M8 6v4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="12" r="1" fill="currentColor" />
        </svg>
      );
    case 'REPLAY':
      return (
        <svg {...common} aria-hidden="true">
          <path d="M4 2.5v11L13.5 8z" fill="currentColor" />
        </svg>
      );
  }
}

/**
 * LIVE / RECONNECTING / STALE / REPLAY with an icon and colour, and how old the newest data is (in the
 * server's time, so it stays honest when ticks keep coming but carry nothing new).
 */
export function ConnectionIndicator({ className = '' }: { className?: string }) {
  const status = useStore((s) => s.status);
  const label = useConnectionLabel();
  const replayT = useStore((s) => (s.status === 'replay' ? (s.latest?.t ?? null) : null));
  // A string, so the indicator re-renders when its words change, not every second that confirms them.
  const age = useLiveValue((s, now) => {
    // In replay "how old is the newest data" is meaningless (it is as old as the recording): say which
    // moment of the recording is on screen instead.
    if (s.status === 'replay') {
      const t = s.latest?.t;
      return t === undefined ? 'opening the recording' : `recording at ${formatClockZone(t)}`;
    }
    const sampleT = newestSampleT(s.sites);
    if (sampleT === null) return s.status === 'failed' ? 'disconnected' : 'waiting for data';
    return `newest data ${formatLiveAgo(Math.max(0, now - sampleT))}`;
  });

  return (
    <div className={`conn conn-${label.toLowerCase()} ${className}`}>
      <span className="conn-state" role="status" aria-live="polite" data-status={status} data-label={label}>
        <Icon label={label} />
        {label}
      </span>
      <span className="conn-age num" data-replay-t={replayT ?? undefined}>
        {age}
      </span>
    </div>
  );
}
