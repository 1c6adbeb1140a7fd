import { memo, useMemo } from 'react';
import { TrendChart, type TrendLine } from '../charts/TrendChart.tsx';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { FreshnessText, freshnessLine, LiveScopeFreshness } from '../components/SiteFreshness.tsx';
import { mwFormat } from '../format/chartFormats.ts';
import { formatGpuShare, formatMw, formatPue, formatUsdPerHour, formatUtil } from '../format/format.ts';
import { capOfSites } from '../store/headlineFigures.ts';
import { headlineReaders } from '../store/headlineReaders.ts';
import { scopeFreshness } from '../store/scopeFreshness.ts';
import { siteSeries } from '../store/seriesCatalog.ts';
import { useLiveJson, useScopeStaleSince } from '../store/useFreshness.ts';
import { useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { scopeName } from './scopeName.ts';
import { WallKpi } from './WallKpi.tsx';
import { WallPowerBlock } from './WallPowerBlock.tsx';
import { WallSiteTile } from './WallSiteTile.tsx';
import { fleetPowerLines, SITE_LINE_COLORS } from './wallLines.ts';

/**
 * Said above the greyed figures once a feed stops: since when, and how much of the total is frozen. One
 * live value, as the freshness line it replaces while live has: a page's store subscriptions do not
 * depend on whether a feed has stopped (the soak test counts them per page).
 */
function FleetStaleNote({ sites }: { sites: readonly string[] }) {
  const { line, partial } = useLiveJson((s, now) => {
    const f = scopeFreshness(
      sites.map((id) => s.sites.get(id)?.t ?? null),
      s.latest?.t ?? null,
      now,
      s.clock?.rate ?? 1,
    );
    const partial: [number, number] | null =
      f?.stale && f.staleSites < f.sites ? [f.staleSites, f.sites] : null;
    return { line: freshnessLine(f, s.status === 'replay'), partial };
  });
  return (
    <>
      <FreshnessText line={line} className="wall-freshness" />
      {partial ? (
        <p className="wall-fleet-partial">
          {partial[0]} of {partial[1]} sites stopped: the total is partly frozen
        </p>
      ) : null}
    </>
  );
}

/** The scope's power against its cap: its figures follow the ticks, so the page around them does not. */
const FleetPower = memo(function FleetPower({
  sites,
  label,
  stale,
  capMw,
}: {
  sites: readonly string[];
  label: string;
  stale: boolean;
  capMw: number;
}) {
  const figures = useScopeHeadlineReader(sites);
  const r = useMemo(() => headlineReaders(figures), [figures]);
  return (
    <WallPowerBlock
      label={label}
      read={r.power}
      capMw={capMw}
      size="hero"
      status={stale ? null : <LiveScopeFreshness siteIds={sites} className="wall-freshness" />}
    />
  );
});

const FleetKpis = memo(function FleetKpis({ sites }: { sites: readonly string[] }) {
  const figures = useScopeHeadlineReader(sites);
  const r = useMemo(() => headlineReaders(figures), [figures]);
  return (
    <>
      <WallKpi label="GPU utilization" metric="gpuUtilPct" read={r.gpuUtilPct} format={formatUtil} />
      <WallKpi label="Rented GPUs" metric="rentedShare" read={r.rentedShare} format={formatGpuShare} />
      <WallKpi
        label="Rental revenue"
        metric="revenueUsdPerHour"
        read={r.revenueUsdPerHour}
        format={formatUsdPerHour}
      />
      <WallKpi label="PUE" metric="pue" read={r.pue} format={formatPue} />
    </>
  );
});

const FleetGpus = memo(function FleetGpus({ sites, label }: { sites: readonly string[]; label: string }) {
  const figures = useScopeHeadlineReader(sites);
  const r = useMemo(() => headlineReaders(figures), [figures]);
  return <GpuStackBar read={r.gpus} label={label} />;
});

/**
 * Fleet page: the headline figures of the sites shown (all of them, or those of `?sites=`), then a
 * tile per site. A subset's totals are of its own sites and caps, never the whole fleet's. The page
 * itself re-renders when a feed stops or resumes; the figures in it follow the ticks on their own.
 */
export function WallFleetPage({ sites }: { sites: readonly string[] }) {
  const index = useStore((s) => s.index);
  // Stale or not: the freshness lines are leaves that follow the clock by themselves.
  const stale = useScopeStaleSince(sites) !== null;
  const whole = index ? sites.length === index.fleet.sites.length : true;
  const key = sites.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the ids, not the array's identity.
  const capMw = useMemo(() => (index ? capOfSites(index, sites) : Number.NaN), [key, index]);
  const cap = useMemo(() => ({ value: capMw, label: `Cap ${formatMw(capMw)}` }), [capMw]);
  // A subset has no buffered total: each of its sites gets a line (the fleet line would be the wrong sum).
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the ids, not the array's identity.
  const lines = useMemo<TrendLine[]>(
    () =>
      whole
        ? fleetPowerLines
        : sites.map((id, i) => ({
            id: siteSeries(id, 'facilityPowerMw'),
            name: index?.site(id)?.name ?? id,
            color: SITE_LINE_COLORS[i % SITE_LINE_COLORS.length]!,
            width: 2.25,
          })),
    [whole, key, index],
  );
  if (!index) return null;
  const name = scopeName(index, sites);
  const configs = sites.map((id) => index.site(id)).filter((s) => s !== undefined);
  return (
    <div className="wall-fleet">
      <section
        aria-label={whole ? 'Fleet' : name}
        className={`wall-fleet-head${stale ? ' is-stale' : ''}`}
        data-wall-box
        data-scope={key}
        data-stale={stale}
      >
        <div className="wall-fleet-power">
          {stale ? <FleetStaleNote sites={sites} /> : null}
          <div className="stale-dim">
            <FleetPower
              sites={sites}
              label={whole ? 'Fleet power vs cap' : `${name}: power vs cap`}
              stale={stale}
              capMw={capMw}
            />
          </div>
        </div>
        <dl className="wall-fleet-kpis stale-dim">
          <FleetKpis sites={sites} />
        </dl>
        <div className="wall-fleet-side stale-dim">
          <FleetGpus sites={sites} label={whole ? 'Fleet GPUs' : `${name} GPUs`} />
          <TrendChart
            title={whole ? 'Fleet facility power (MW), 15 min' : 'Facility power by site (MW), 15 min'}
            lines={lines}
            format={mwFormat}
            cap={whole ? cap : undefined}
            floor={0}
            className="wall-trend wall-trend-fleet"
          />
        </div>
      </section>
      <div className="wall-site-grid" style={{ '--tiles': configs.length } as React.CSSProperties}>
        {configs.map((s) => (
          <WallSiteTile key={s.id} site={s} />
        ))}
      </div>
    </div>
  );
}
