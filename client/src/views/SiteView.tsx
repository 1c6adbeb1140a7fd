import type { FleetIndex, SiteConfig } from '@gigawatt/shared';
import { memo, useMemo } from 'react';
import { TrendChart, type TrendLine } from '../charts/TrendChart.tsx';
import { AlertStrip } from '../components/AlertStrip.tsx';
import { SiteFigures } from '../components/SiteFigures.tsx';
import { LiveSiteFreshness } from '../components/SiteFreshness.tsx';
import { metricFormat, metricTitle, powerTitle } from '../format/chartFormats.ts';
import { formatMw } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import type { RackColor } from '../router/parseRoute.ts';
import { averageLabel } from '../store/averageWindow.ts';
import { useSiteStale } from '../store/useFreshness.ts';
import { useAverageMs, useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { HallDetail } from './HallDetail.tsx';
import { HallTable } from './HallTable.tsx';
import { NotFound } from './NotFound.tsx';
import { siteLine } from './siteLine.ts';
import { Waiting } from './Waiting.tsx';

interface SiteViewProps {
  siteId: string;
  hall: string | null;
  color: RackColor;
}

/** The site's headline figures: what changes every tick at the head of the page. */
const SiteViewFigures = memo(function SiteViewFigures({
  site,
  index,
}: {
  site: SiteConfig;
  index: FleetIndex;
}) {
  const ids = useMemo(() => [site.id], [site.id]);
  const figures = useScopeHeadlineReader(ids);
  const avgMs = useAverageMs();
  return <SiteFigures site={site} figures={figures} index={index} note={averageLabel(avgMs)} layout="wide" />;
});

/**
 * A site's page. The page itself re-renders on navigation, a new fleet or the site going stale; the
 * figures, the hall table and the freshness line follow the ticks and the clock as leaves.
 */
export function SiteView({ siteId, hall, color }: SiteViewProps) {
  const fleet = useStore((s) => s.fleet);
  const index = useStore((s) => s.index);
  const stale = useSiteStale(siteId);
  const site = index?.site(siteId);
  const powerLines = useMemo<TrendLine[]>(
    () => [
      siteLine(siteId, 'facilityPowerMw', 'Facility', { area: true }),
      siteLine(siteId, 'itPowerMw', 'IT', { width: 1.25 }),
    ],
    [siteId],
  );
  const utilLines = useMemo<TrendLine[]>(
    () => [siteLine(siteId, 'gpuUtilPct', 'Utilization', { area: true })],
    [siteId],
  );
  const capMw = site?.powerCapMw;
  const cap = useMemo(
    () => (capMw === undefined ? undefined : { value: capMw, label: `Cap ${formatMw(capMw)}` }),
    [capMw],
  );

  if (!fleet || !index) return <Waiting />;
  if (!site) {
    return (
      <NotFound
        title={`No site called “${siteId}”`}
        detail={`This fleet has ${fleet.sites.length} sites: ${fleet.sites.map((s) => s.name).join(', ')}.`}
      />
    );
  }
  const selected = site.halls.find((h) => h.id === hall) ?? site.halls[0]!;
  const unknownHall = hall !== null && selected.id !== hall;

  return (
    <div className="site-view" data-site={site.id}>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link href="/">Fleet</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{site.name}</span>
      </nav>
      <AlertStrip site={site.id} />
      <section
        aria-label={site.name}
        className={`panel site-head${stale ? ' is-stale' : ''}`}
        data-stale={stale}
      >
        <header className="panel-head">
          <div>
            <h1 className="panel-title">{site.name}</h1>
            <p className="panel-sub">
              {site.campus} · {site.operator} · IT capacity {formatMw(site.itCapacityMw)}
              {site.notes ? ` · ${site.notes}` : ''}
            </p>
          </div>
          <LiveSiteFreshness siteId={site.id} />
        </header>
        <div className="stale-dim">
          <SiteViewFigures site={site} index={index} />
        </div>
        <div className="site-charts stale-dim">
          <TrendChart
            title={powerTitle('Facility and IT power vs cap')}
            lines={powerLines}
            format={metricFormat('facilityPowerMw')}
            cap={cap}
            floor={0}
          />
          <TrendChart
            title={metricTitle('gpuUtilPct')}
            lines={utilLines}
            format={metricFormat('gpuUtilPct')}
            floor={0}
            yMax={100}
          />
        </div>
      </section>
      <div className="site-detail">
        <section aria-label="Halls" className="panel halls-panel">
          <h2 className="panel-title">Halls</h2>
          <p className="panel-sub">Select a hall to see its racks.</p>
          <HallTable site={site} index={index} selected={selected.id} color={color} />
        </section>
        <div className="hall-column">
          {unknownHall ? (
            <p className="notice" role="alert">
              {site.name} has no hall “{hall}”; showing {selected.name}.
            </p>
          ) : null}
          <HallDetail site={site} hall={selected} index={index} color={color} />
        </div>
      </div>
    </div>
  );
}
