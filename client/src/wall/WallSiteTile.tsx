import { hallDesignFlowLpm, type Severity, type SiteConfig } from '@gigawatt/shared';
import { memo, useMemo } from 'react';
import { TrendChart } from '../charts/TrendChart.tsx';
import { useSiteAlertSummary } from '../components/AlertStrip.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { LiveSiteFreshness } from '../components/SiteFreshness.tsx';
import { mwFormat } from '../format/chartFormats.ts';
import { formatGpuShare, formatMw, formatPue, formatUtil } from '../format/format.ts';
import { hallSampleOf } from '../store/hallSampleOf.ts';
import { headlineReaders } from '../store/headlineReaders.ts';
import { useSiteStale } from '../store/useFreshness.ts';
import { useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { rankCoolantHalls } from './coolantAlerts.ts';
import { useCoolantAlertHalls, WallCoolantFigure } from './WallHallGrid.tsx';
import { WallKpi } from './WallKpi.tsx';
import { WallPowerBlock } from './WallPowerBlock.tsx';
import { sitePowerLines } from './wallLines.ts';

/** The worst alerting hall's loop, from the newest sample (a leaf: it follows the ticks alone). */
function TileCoolantLine({
  site,
  hall,
  severity,
  more,
}: {
  site: SiteConfig;
  hall: string;
  severity: Severity;
  more: number;
}) {
  const h = useStore((s) => hallSampleOf(s.sites.get(site.id), hall));
  const index = useStore((s) => s.index);
  const cfg = site.halls.find((x) => x.id === hall);
  return (
    <div className="wall-tile-coolant" data-coolant-hall={hall}>
      <WallCoolantFigure
        h={h}
        designLpm={index ? hallDesignFlowLpm(index, site.id, hall) : 0}
        severity={severity}
        hallName={cfg?.name ?? hall}
      />
      {more > 0 ? (
        <span className="wall-tile-coolant-more num">
          +{more} more {more === 1 ? 'hall' : 'halls'}
        </span>
      ) : null}
    </div>
  );
}

/** A site's coolant alerts on its tile: nothing at all while every loop is fine. */
const TileCoolant = memo(function TileCoolant({ site }: { site: SiteConfig }) {
  const halls = useCoolantAlertHalls(site.id);
  if (halls.size === 0) return null;
  const ranked = rankCoolantHalls(
    halls,
    site.halls.map((h) => h.id),
  );
  const top = ranked[0]!;
  return <TileCoolantLine site={site} hall={top.hall} severity={top.severity} more={ranked.length - 1} />;
});

/** A tile's figures: they follow the ticks by themselves, so the tile around them does not. */
const TileFigures = memo(function TileFigures({ site, stale }: { site: SiteConfig; stale: boolean }) {
  const ids = useMemo(() => [site.id], [site.id]);
  const figures = useScopeHeadlineReader(ids);
  const r = useMemo(() => headlineReaders(figures), [figures]);
  return (
    <>
      <WallPowerBlock
        label="Power vs cap"
        read={r.power}
        capMw={site.powerCapMw}
        status={stale ? null : <LiveSiteFreshness siteId={site.id} className="wall-freshness" />}
      />
      <dl className="wall-tile-stats">
        <WallKpi size="md" label="GPU util" metric="gpuUtilPct" read={r.gpuUtilPct} format={formatUtil} />
        <WallKpi size="md" label="Rented" metric="rentedShare" read={r.rentedShare} format={formatGpuShare} />
        <WallKpi size="md" label="PUE" metric="pue" read={r.pue} format={formatPue} />
      </dl>
    </>
  );
});

/** One site on the wall's fleet page: a region named after the site. */
export const WallSiteTile = memo(function WallSiteTile({ site }: { site: SiteConfig }) {
  // Stale or not: the freshness line is a leaf that follows the clock by itself.
  const stale = useSiteStale(site.id);
  const alerts = useSiteAlertSummary(site.id);
  const lines = useMemo(() => sitePowerLines(site.id), [site.id]);
  const cap = useMemo(
    () => ({ value: site.powerCapMw, label: `Cap ${formatMw(site.powerCapMw)}` }),
    [site.powerCapMw],
  );
  return (
    <section
      aria-label={site.name}
      className={`wall-tile${stale ? ' is-stale' : ''}`}
      data-site={site.id}
      data-stale={stale}
    >
      <header className="wall-tile-head">
        <div className="wall-tile-names">
          <h2 className="wall-tile-title">{site.name}</h2>
        </div>
        {alerts.count > 0 && alerts.worst ? (
          <span className={`wall-badge wall-badge-${alerts.worst}`} data-alerts={alerts.count}>
            <SeverityIcon severity={alerts.worst} />
            {alerts.count} {alerts.count === 1 ? 'alert' : 'alerts'}
          </span>
        ) : null}
      </header>
      {/* Stopped: said above the greyed figures, loudly; live: a quiet note beside the label. */}
      {stale ? <LiveSiteFreshness siteId={site.id} className="wall-freshness" /> : null}
      <div className="wall-tile-body stale-dim">
        <TileFigures site={site} stale={stale} />
        <TileCoolant site={site} />
        <TrendChart
          title="Facility power (MW), 15 min"
          lines={lines}
          format={mwFormat}
          cap={cap}
          floor={0}
          className="wall-trend"
        />
      </div>
    </section>
  );
});
