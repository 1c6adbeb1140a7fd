import type { AlertAck } from '@gigawatt/shared';
import { formatClockZone } from '../format/format.ts';

function Check() {
  return (
    <svg className="ack-icon" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="m3 8.5 3.2 3L13 4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** "Acknowledged by Dana at 14:05:10 — “replacing PDU 3”": who took it, when, and why. */
export function AckLine({ ack, className = '' }: { ack: AlertAck; className?: string }) {
  return (
    <span className={`ack-line num ${className}`} data-ack-by={ack.by} data-ack-at={ack.at}>
      <Check />
      <span>
        Acknowledged by <strong className="ack-by">{ack.by}</strong> at {formatClockZone(ack.at)}
        {ack.comment ? <span className="ack-comment"> — “{ack.comment}”</span> : null}
      </span>
    </span>
  );
}
