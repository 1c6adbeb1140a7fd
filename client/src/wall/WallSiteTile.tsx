import { pue, type SiteConfig } from '@gigawatt/shared';
import { memo, useMemo } from 'react';
import { TrendChart } from '../charts/TrendChart.tsx';
import { useSiteAlertSummary } from '../components/AlertStrip.tsx';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { SiteFreshness } from '../components/SiteFreshness.tsx';
import { useSiteFreshness } from '../components/useFreshness.ts';
import { formatMw, formatPct, formatPue, formatShare } from '../format/format.ts';
import { useStore } from '../store/useStore.ts';
import { mwFormat } from '../views/chartFormats.ts';
import { WallKpi } from './WallKpi.tsx';
import { WallPowerBlock } from './WallPowerBlock.tsx';
import { sitePowerLines } from './wallLines.ts';

/** One site on the wall's fleet page: a region named after the site. */
export const WallSiteTile = memo(function WallSiteTile({ site }: { site: SiteConfig }) {
  const sample = useStore((s) => s.sites.get(site.id));
  const freshness = useSiteFreshness(site.id);
  const alerts = useSiteAlertSummary(site.id);
  const lines = useMemo(() => sitePowerLines(site.id), [site.id]);
  const cap = useMemo(
    () => ({ value: site.powerCapMw, label: `Cap ${formatMw(site.powerCapMw)}` }),
    [site.powerCapMw],
  );
  const p = sample ? pue(sample.facilityPowerMw, sample.itPowerMw) : undefined;
  const rented = sample && sample.gpus.total > 0 ? sample.gpus.rented / sample.gpus.total : undefined;
  return (
    <section
      aria-label={site.name}
      className={`wall-tile${freshness?.stale ? ' is-stale' : ''}`}
      data-site={site.id}
      data-stale={freshness?.stale ?? false}
    >
      <header className="wall-tile-head">
        <div className="wall-tile-names">
          <h2 className="wall-tile-title">{site.name}</h2>
          <p className="wall-tile-sub">{site.campus}</p>
        </div>
        {alerts.count > 0 && alerts.worst ? (
          <span className={`wall-badge wall-badge-${alerts.worst}`} data-alerts={alerts.count}>
            <SeverityIcon severity={alerts.worst} />
            {alerts.count} {alerts.count === 1 ? 'alert' : 'alerts'}
          </span>
        ) : null}
      </header>
      <SiteFreshness freshness={freshness} className="wall-freshness" />
      <div className="wall-tile-body stale-dim">
        <WallPowerBlock label="Facility power" powerMw={sample?.facilityPowerMw} capMw={site.powerCapMw} />
        <dl className="wall-tile-stats">
          <WallKpi
            size="md"
            label="GPU util"
            text={formatPct(sample?.gpuUtilPct)}
            metric="gpuUtilPct"
            value={sample?.gpuUtilPct}
          />
          <WallKpi
            size="md"
            label="Rented"
            text={formatShare(rented, 0)}
            metric="rentedShare"
            value={rented}
          />
          <WallKpi size="md" label="PUE" text={formatPue(p)} metric="pue" value={p} />
        </dl>
        <GpuStackBar gpus={sample?.gpus} compact label={`${site.name} GPUs`} />
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
