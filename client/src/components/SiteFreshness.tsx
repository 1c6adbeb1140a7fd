import { memo } from 'react';
import { formatAgo, formatClock, formatLiveAgo } from '../format/format.ts';
import type { DashboardState } from '../store/createDashboardStore.ts';
import { type Freshness, siteFreshness } from '../store/freshness.ts';
import { scopeFreshness } from '../store/scopeFreshness.ts';
import { useLiveJson } from '../store/useFreshness.ts';
import { useStore } from '../store/useStore.ts';

function StaleIcon() {
  return (
    <svg className="freshness-icon" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 4.2V8l2.6 1.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/** What a freshness line says: two equal lines render the same, whatever their exact ages. */
export type FreshnessLine =
  | { kind: 'none' }
  | { kind: 'stale'; since: number; ago: string }
  | { kind: 'replay'; since: number }
  | { kind: 'live'; ago: string };

/** The line for a freshness, in a recording or live. */
export function freshnessLine(freshness: Freshness | null, replay: boolean): FreshnessLine {
  if (!freshness) return { kind: 'none' };
  if (freshness.stale) return { kind: 'stale', since: freshness.since, ago: formatAgo(freshness.ageMs) };
  // A recording's samples are as old as the recording: "Updated just now" would be untrue.
  if (replay) return { kind: 'replay', since: freshness.since };
  return { kind: 'live', ago: formatLiveAgo(freshness.ageMs) };
}

/** A freshness line as text (for a line computed elsewhere, as a live value). */
export function FreshnessText({ line, className }: { line: FreshnessLine; className: string }) {
  switch (line.kind) {
    case 'none':
      return (
        <p className={`freshness freshness-none ${className}`} data-freshness="none">
          No data yet
        </p>
      );
    case 'stale':
      return (
        <p
          className={`freshness freshness-stale num ${className}`}
          data-freshness="stale"
          data-since={line.since}
        >
          <StaleIcon />
          <span>
            <strong>Stale since {formatClock(line.since)}</strong>
            <span className="freshness-age"> · last sample {line.ago}</span>
          </span>
        </p>
      );
    case 'replay':
      return (
        <p className={`freshness num ${className}`} data-freshness="replay" data-since={line.since}>
          Recorded {formatClock(line.since)}
        </p>
      );
    case 'live':
      return (
        <p className={`freshness num ${className}`} data-freshness="live">
          Updated {line.ago}
        </p>
      );
  }
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
  const replay = useStore((s) => s.status === 'replay');
  return <FreshnessText line={freshnessLine(freshness, replay)} className={className} />;
}

/**
 * A freshness line that follows the store and the clock by itself and re-renders only when its text
 * changes: a healthy feed says "Updated just now" second after second without a React render.
 */
function useFreshnessLine(
  compute: (s: DashboardState, serverNow: number) => Freshness | null,
): FreshnessLine {
  return useLiveJson((s, now) => freshnessLine(compute(s, now), s.status === 'replay'));
}

/**
 * A site's freshness line as a leaf of its own, so the panel around it needs to re-render only when the
 * site goes stale or comes back (useSiteStale).
 */
export const LiveSiteFreshness = memo(function LiveSiteFreshness({
  siteId,
  className = '',
}: {
  siteId: string;
  className?: string;
}) {
  const line = useFreshnessLine((s, now) => {
    const t = s.sites.get(siteId)?.t;
    return t === undefined ? null : siteFreshness(t, s.latest?.t ?? null, now, s.clock?.rate ?? 1);
  });
  return <FreshnessText line={line} className={className} />;
});

/** The freshness of a total over several sites, as a leaf (see LiveSiteFreshness). */
export const LiveScopeFreshness = memo(function LiveScopeFreshness({
  siteIds,
  className = '',
}: {
  siteIds: readonly string[];
  className?: string;
}) {
  const line = useFreshnessLine((s, now) =>
    scopeFreshness(
      siteIds.map((id) => s.sites.get(id)?.t ?? null),
      s.latest?.t ?? null,
      now,
      s.clock?.rate ?? 1,
    ),
  );
  return <FreshnessText line={line} className={className} />;
});
