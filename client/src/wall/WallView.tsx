import { memo, useCallback, useMemo } from 'react';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { LiveText } from '../components/LiveText.tsx';
import { formatClock, formatMw } from '../format/format.ts';
import { averageLabel } from '../store/averageWindow.ts';
import type { DashboardState } from '../store/createDashboardStore.ts';
import type { HeadlineFigures } from '../store/headlineFigures.ts';
import type { ScopeFreshness } from '../store/scopeFreshness.ts';
import { useScopeStaleSince } from '../store/useFreshness.ts';
import { useAverageMs, useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { FLEET_PAGE, parseWallOptions, planWall } from './parseWallOptions.ts';
import { scopeName } from './scopeName.ts';
import { useRotation } from './useRotation.ts';
import { useReloadWhen, useWallDocument } from './useWallDocument.ts';
import { WallAlerts } from './WallAlerts.tsx';
import { WallFleetPage } from './WallFleetPage.tsx';
import { WallHeader, type WallPageInfo } from './WallHeader.tsx';
import { WallSitePage } from './WallSitePage.tsx';
import './wall.css';

/** Until the first hello: still a wall (no controls), saying plainly what it waits for. */
function WallWaiting({ theme }: { theme: string }) {
  const error = useStore((s) => s.error);
  return (
    <div className="wall wall-waiting" data-theme={theme}>
      <ConnectionIndicator className="wall-conn" />
      <p className="wall-waiting-text">
        {error ? error.message : 'Connecting to the telemetry server… this screen fills in by itself.'}
      </p>
    </div>
  );
}

const NO_SITES: readonly string[] = [];

/**
 * The fleet page's subtitle: which sites, their power against their caps (a mean, said so), and, once
 * any of their feeds has stopped, since when the total is frozen instead of "now".
 */
export function fleetSubtitle(
  name: string,
  shown: number,
  of: number,
  h: HeadlineFigures | null,
  freshness: Pick<ScopeFreshness, 'stale' | 'since'> | null,
  avgMs: number,
): string {
  const which = shown === of ? `All ${of} sites` : `${name} (${shown} of ${of} sites)`;
  const power = `${formatMw(h?.facilityPowerMw)} of ${formatMw(h?.capMw)} cap`;
  if (freshness?.stale) return `${which} · ${power} · stale since ${formatClock(freshness.since)}`;
  return `${which} · ${power} now (${averageLabel(avgMs)})`;
}

/**
 * The fleet subtitle as a leaf: its figures change every tick, the wall around it does not. Stale or
 * not (and since when) comes from the parent, which re-renders only when that flips.
 */
const FleetSubtitle = memo(function FleetSubtitle({
  name,
  sites,
  of,
  staleSince,
}: {
  name: string;
  sites: readonly string[];
  of: number;
  staleSince: number | null;
}) {
  const headline = useScopeHeadlineReader(sites);
  const avgMs = useAverageMs();
  const read = useCallback(
    (s: DashboardState) =>
      fleetSubtitle(
        name,
        sites.length,
        of,
        headline(s),
        staleSince === null ? null : { stale: true, since: staleSince },
        avgMs,
      ),
    [name, sites, of, headline, staleSince, avgMs],
  );
  return <LiveText read={read} />;
});

/**
 * `/wall`: the kiosk for an operations-room TV. No controls, menus or cursor; fits the screen at any
 * size; rotates fleet → each site (`?rotate=30s`) or stays on one page (`?page=ohio`); `?sites=` and
 * `?theme=light|contrast` are the other options.
 */
export function WallView({ search }: { search: string }) {
  const options = useMemo(() => parseWallOptions(search), [search]);
  useWallDocument(options.theme);
  const fleet = useStore((s) => s.fleet);
  const fleetIndex = useStore((s) => s.index);
  const error = useStore((s) => s.error);
  const errorKind = error?.kind;
  useReloadWhen(errorKind === 'protocol' || errorKind === 'payload');
  const plan = useMemo(() => (fleet ? planWall(options, fleet) : null), [options, fleet]);
  const shownSites = plan?.sites ?? NO_SITES;
  const staleSince = useScopeStaleSince(shownSites);
  const { index, nextAt } = useRotation(plan?.pages.length ?? 1, plan?.pinned ?? null, options.rotateMs);
  const pages = useMemo<WallPageInfo[]>(
    () =>
      plan && fleet
        ? plan.pages.map((id) => ({
            id,
            name: id === FLEET_PAGE ? 'Fleet' : (fleet.sites.find((s) => s.id === id)?.name ?? id),
          }))
        : [],
    [plan, fleet],
  );

  if (!fleet || !plan) return <WallWaiting theme={options.theme} />;
  const page = plan.pages[index] ?? FLEET_PAGE;
  const site = page === FLEET_PAGE ? undefined : fleet.sites.find((s) => s.id === page);
  const title = site ? site.name : fleet.name;
  const subtitle = site ? (
    `${site.campus} · ${site.operator} · IT capacity ${formatMw(site.itCapacityMw)}`
  ) : (
    <FleetSubtitle
      name={fleetIndex ? scopeName(fleetIndex, plan.sites) : ''}
      sites={plan.sites}
      of={fleet.sites.length}
      staleSince={staleSince}
    />
  );
  const subtitleStale = !site && staleSince !== null;

  return (
    <div className="wall" data-theme={options.theme} data-page={page}>
      <WallHeader
        title={title}
        subtitle={subtitle}
        subtitleStale={subtitleStale}
        pages={pages}
        index={index}
        nextAt={nextAt}
      />
      <WallAlerts sites={options.sites ? plan.sites : null} />
      <main className="wall-body" key={page} data-wall-page={page}>
        {site ? <WallSitePage siteId={site.id} /> : <WallFleetPage sites={plan.sites} />}
      </main>
      {plan.warnings.length > 0 || error ? (
        <footer className="wall-warnings">
          {error ? (
            <p className="wall-error" data-error={error.kind}>
              Not connected: {error.message}
              {errorKind === 'auth' ? ' Retrying every 30 s.' : ''}
            </p>
          ) : null}
          {plan.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </footer>
      ) : null}
    </div>
  );
}

export default WallView;
