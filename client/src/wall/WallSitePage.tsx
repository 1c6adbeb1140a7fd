import { useMemo } from 'react';
import { TrendChart } from '../charts/TrendChart.tsx';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { LiveSiteFreshness } from '../components/SiteFreshness.tsx';
import { mwFormat, pctFormat } from '../format/chartFormats.ts';
import { formatMw, formatPue, formatTempC, formatUsdPerHour, formatUtil } from '../format/format.ts';
import { headlineReaders } from '../store/headlineReaders.ts';
import { useSiteStale } from '../store/useFreshness.ts';
import { useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { WallHallGrid } from './WallHallGrid.tsx';
import { WallKpi } from './WallKpi.tsx';
import { WallPowerBlock } from './WallPowerBlock.tsx';
import { sitePowerLines, siteUtilLines } from './wallLines.ts';

/** One site on the wall: its headline figures, power and utilization trends, and every hall. */
export function WallSitePage({ siteId }: { siteId: string }) {
  const index = useStore((s) => s.index);
  const ids = useMemo(() => [siteId], [siteId]);
  const figures = useScopeHeadlineReader(ids);
  const r = useMemo(() => headlineReaders(figures), [figures]);
  // Stale or not: the freshness line is a leaf that follows the clock by itself.
  const stale = useSiteStale(siteId);
  const site = index?.site(siteId);
  const powerLines = useMemo(() => sitePowerLines(siteId), [siteId]);
  const utilLines = useMemo(() => siteUtilLines(siteId), [siteId]);
  const capMw = site?.powerCapMw ?? Number.NaN;
  const cap = useMemo(() => ({ value: capMw, label: `Cap ${formatMw(capMw)}` }), [capMw]);
  if (!index || !site) return null;
  const design = `design ${formatPue(site.pueDesign.min)}–${formatPue(site.pueDesign.max)}`;
  return (
    <div className={`wall-site${stale ? ' is-stale' : ''}`} data-stale={stale}>
      <section aria-label={site.name} className="wall-site-main" data-site={site.id} data-wall-box>
        <div className="wall-site-figures">
          {stale ? <LiveSiteFreshness siteId={siteId} className="wall-freshness" /> : null}
          <div className="stale-dim wall-site-figures-body">
            <WallPowerBlock
              label="Power vs cap"
              read={r.power}
              capMw={site.powerCapMw}
              size="hero"
              status={stale ? null : <LiveSiteFreshness siteId={siteId} className="wall-freshness" />}
            />
            <dl className="wall-site-kpis">
              <WallKpi label="GPU utilization" metric="gpuUtilPct" read={r.gpuUtilPct} format={formatUtil} />
              <WallKpi label="PUE" metric="pue" read={r.pue} format={formatPue} sub={design} />
              <WallKpi label="Inlet, mean" metric="inletTempC" read={r.inletTempC} format={formatTempC} />
              <WallKpi
                label="Revenue, list price"
                metric="revenueUsdPerHour"
                read={r.revenueUsdPerHour}
                format={formatUsdPerHour}
              />
            </dl>
            <GpuStackBar read={r.gpus} label="GPUs" />
          </div>
        </div>
        <div className="wall-site-charts stale-dim">
          <TrendChart
            title="Facility power vs cap (MW), 15 min"
            lines={powerLines}
            format={mwFormat}
            cap={cap}
            floor={0}
            className="wall-trend"
          />
          <TrendChart
            title="GPU utilization (%), 15 min"
            lines={utilLines}
            format={pctFormat}
            floor={0}
            yMax={100}
            className="wall-trend"
          />
        </div>
      </section>
      <div className="stale-dim wall-halls-wrap">
        <WallHallGrid site={site} index={index} />
      </div>
    </div>
  );
}
