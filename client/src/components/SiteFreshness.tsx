import { formatAgo, formatClock } from '../format/format.ts';
import type { Freshness } from '../store/freshness.ts';
import { useSiteFreshness } from '../store/useFreshness.ts';
import { useScopeFreshness } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';

function StaleIcon() {
  return (
    <svg className="freshness-icon" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 4.2V8l2.6 1.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/**
 * How old a site's newest sample is ("Updated 2 s ago"), or, once its feed has stopped, since when the
 * numbers beside it are frozen ("Stale since 14:03:12"). Text, not only colour.
 */
export function SiteFreshness({
  freshness,
  className = '',
}: {
  freshness: Freshness | null;
  className?: string;
}) {
  // A recording's samples are as old as the recording: "Updated just now" would be untrue.
  const replay = useStore((s) => s.status === 'replay');
  if (!freshness) {
    return (
      <p className={`freshness freshness-none ${className}`} data-freshness="none">
        No data yet
      </p>
    );
  }
  if (freshness.stale) {
    return (
      <p
        className={`freshness freshness-stale num ${className}`}
        data-freshness="stale"
        data-since={freshness.since}
      >
        <StaleIcon />
        <span>
          <strong>Stale since {formatClock(freshness.since)}</strong>
          <span className="freshness-age"> · last sample {formatAgo(freshness.ageMs)}</span>
        </span>
      </p>
    );
  }
  if (replay) {
    return (
      <p className={`freshness num ${className}`} data-freshness="replay" data-since={freshness.since}>
        Recorded {formatClock(freshness.since)}
      </p>
    );
  }
  return (
    <p
      className={`freshness num ${className}`}
      data-freshness="live"
      data-age-ms={Math.round(freshness.ageMs)}
    >
      Updated {formatAgo(freshness.ageMs)}
    </p>
  );
}

/**
 * A site's freshness line as a leaf of its own: it follows the clock every second, so the panel around
 * it needs to re-render only when the site goes stale or comes back (useSiteStale).
 */
export function LiveSiteFreshness({ siteId, className }: { siteId: string; className?: string }) {
  return <SiteFreshness freshness={useSiteFreshness(siteId)} className={className} />;
}

/** The freshness of a total over several sites, as a leaf (see LiveSiteFreshness). */
export function LiveScopeFreshness({
  siteIds,
  className,
}: {
  siteIds: readonly string[];
  className?: string;
}) {
  return <SiteFreshness freshness={useScopeFreshness(siteIds)} className={className} />;
}
