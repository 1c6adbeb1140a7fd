import type { Severity } from '@gigawatt/shared';

/** The mark inside the triangle takes the colour behind it (a filled alert row or the page). */
const CUT = 'var(--sev-icon-cut, #0b0f15)';

/** Severity is shown by word and icon shape as well as colour. */
export function SeverityIcon({ severity }: { severity: Severity }) {
  const common = { width: '1em', height: '1em', viewBox: '0 0 16 16', className: 'sev-icon' } as const;
  if (severity === 'critical')
    return (
      <svg {...common} aria-hidden="true">
        <path d="M8 1.5 15 14H1z" fill="currentColor" />
        <path d="M8 6v4" style={{ stroke: CUT }} strokeWidth="1.8" strokeLinecap="round" />
        <circle cx="8" cy="12" r="1" style={{ fill: CUT }} />
      </svg>
    );
  if (severity === 'warning')
    return (
      <svg {...common} aria-hidden="true">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="M8 4.5v4.2" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        <circle cx="8" cy="11.3" r="1" fill="currentColor" />
      </svg>
    );
  return (
    <svg {...common} aria-hidden="true">
      <rect x="2" y="2" width="12" height="12" rx="3" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 7v4.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      <circle cx="8" cy="4.8" r="1" fill="currentColor" />
    </svg>
  );
}
