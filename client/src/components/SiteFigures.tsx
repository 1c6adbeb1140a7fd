import type { FleetIndex, SiteConfig } from '@gigawatt/shared';
import { useMemo } from 'react';
import { formatMw, formatPue } from '../format/format.ts';
import type { HeadlineFigures } from '../store/headlineFigures.ts';
import { type HeadlineReaders, headlineReaders } from '../store/headlineReaders.ts';
import type { Live } from '../store/useLiveDom.ts';
import { GpuStackBar } from './GpuStackBar.tsx';
import { HeadroomLine, PowerBar } from './PowerBar.tsx';
import { MetricStat } from './Stat.tsx';
import { Value } from './Value.tsx';

interface SiteFiguresProps {
  site: SiteConfig;
  /** The site's headline figures (rolling means where the data is noisy); null before the fleet. */
  figures: Live<HeadlineFigures | null>;
  index: FleetIndex;
  /** What the figures are ("1 min mean"), said under the power. */
  note?: string;
  layout?: 'panel' | 'wide';
}

/**
 * A site's headline figures: power against cap with headroom, utilization, GPU mix, PUE, revenue.
 * Rendered when the site or the window changes; every number follows the ticks by itself.
 */
export function SiteFigures({ site, figures, index, note, layout = 'panel' }: SiteFiguresProps) {
  const r: HeadlineReaders = useMemo(() => headlineReaders(figures), [figures]);
  const gpu = site.halls.map((h) => index.model(h.gpuModel)?.priceAsOf).find(Boolean);
  return (
    <div className={`figures figures-${layout}`}>
      <div className="figures-power">
        <dl className="power-line">
          <MetricStat size="xl" metric="facilityPowerMw" read={r.power} sub={note} />
          <div className="stat stat-md power-cap">
            <dt className="stat-label">Cap</dt>
            <dd className="stat-value num" data-metric="powerCapMw" data-value={site.powerCapMw}>
              <Value text={formatMw(site.powerCapMw)} />
            </dd>
          </div>
        </dl>
        <PowerBar read={r.power} capMw={site.powerCapMw} />
        <HeadroomLine read={r.power} capMw={site.powerCapMw} />
      </div>
      <dl className="figures-stats">
        <MetricStat metric="gpuUtilPct" read={r.gpuUtilPct} />
        <MetricStat
          metric="pue"
          read={r.pue}
          title={`Design PUE ${formatPue(site.pueDesign.min)}–${formatPue(site.pueDesign.max)}`}
        />
        <MetricStat
          metric="revenueUsdPerHour"
          read={r.revenueUsdPerHour}
          title={gpu ? `Rented GPUs × list price per GPU-hour (prices as of ${gpu})` : undefined}
        />
      </dl>
      <GpuStackBar read={r.gpus} />
    </div>
  );
}
