import { formatDate, formatDay, formatHms, formatZone } from '../format/formatReplay.ts';
import { formatTime } from '../router/replayUrl.ts';

/** The playhead as date and time (the RFC 3339 form is its machine value and tooltip). */
export function PlayheadTime({ t }: { t: number }) {
  const rfc = formatTime(t);
  return (
    <time className="player-time num" dateTime={rfc} title={rfc} data-t={t} data-playhead={rfc}>
      <span className="pt-date">{formatDate(t)}</span>
      <span className="pt-date-short" aria-hidden="true">
        {formatDay(t)}
      </span>{' '}
      <strong className="pt-hms">{formatHms(t)}</strong> <span className="pt-zone">{formatZone(t)}</span>
    </time>
  );
}
