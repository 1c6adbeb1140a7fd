import { type FleetIndex, headroom, type SiteConfig } from '@gigawatt/shared';
import { formatCapPct, formatMw, formatPue, formatSignedMw } from '../format/format.ts';
import type { HeadlineFigures } from '../store/headlineFigures.ts';
import { GpuStackBar } from './GpuStackBar.tsx';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from './PowerBar.tsx';
import { MetricStat } from './Stat.tsx';
import { Value } from './Value.tsx';

interface SiteFiguresProps {
  site: SiteConfig;
  /** The site's headline figures (rolling means where the data is noisy); null before the fleet. */
  figures: HeadlineFigures | null;
  index: FleetIndex;
  /** What the figures are ("1 min mean"), said under the power. */
  note?: string;
  layout?: 'panel' | 'wide';
}

/** A site's headline figures: power against cap with headroom, utilization, GPU mix, PUE, revenue. */
export function SiteFigures({ site, figures: f, index, note, layout = 'panel' }: SiteFiguresProps) {
  const power = f && Number.isFinite(f.facilityPowerMw) ? f.facilityPowerMw : undefined;
  const room = power === undefined ? null : headroom(power, site.powerCapMw);
  const level = room ? headroomLevel(room.pct) : null;
  const gpu = site.halls.map((h) => index.model(h.gpuModel)?.priceAsOf).find(Boolean);

  return (
    <div className={`figures figures-${layout}`}>
      <div className="figures-power">
        <dl className="power-line">
          <MetricStat size="xl" metric="facilityPowerMw" value={power} sub={note} />
          <div className="stat stat-md power-cap">
            <dt className="stat-label">Cap</dt>
            <dd className="stat-value num" data-metric="powerCapMw" data-value={site.powerCapMw}>
              <Value text={formatMw(site.powerCapMw)} />
            </dd>
          </div>
        </dl>
        <PowerBar powerMw={power} capMw={site.powerCapMw} />
        <p className={`headroom num headroom-${level ?? 'none'}`}>
          <span className="stat-label">Headroom </span>
          <span data-metric="headroomMw" data-value={room?.mw ?? ''}>
            {formatSignedMw(room?.mw)}
          </span>
          <span className="headroom-pct">
            (
            <span data-metric="headroomPct" data-value={room?.pct ?? ''}>
              {formatCapPct(room?.pct)}
            </span>
            )
          </span>
          {level && level !== 'ok' ? (
            <span className={`badge badge-${level}`}>{HEADROOM_WORDS[level]}</span>
          ) : null}
        </p>
      </div>
      <dl className="figures-stats">
        <MetricStat metric="gpuUtilPct" value={f?.gpuUtilPct} />
        <MetricStat
          metric="pue"
          value={f?.pue}
          title={`Design PUE ${formatPue(site.pueDesign.min)}–${formatPue(site.pueDesign.max)}`}
        />
        <MetricStat
          metric="revenueUsdPerHour"
          value={f?.revenueUsdPerHour}
          title={gpu ? `Rented GPUs × list price per GPU-hour (prices as of ${gpu})` : undefined}
        />
      </dl>
      <GpuStackBar gpus={f?.gpus} />
    </div>
  );
}
