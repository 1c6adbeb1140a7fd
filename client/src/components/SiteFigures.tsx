import {
  type FleetIndex,
  headroom,
  pue,
  type SiteConfig,
  type SiteSample,
  siteRevenueUsdPerHour,
} from '@gigawatt/shared';
import { formatMw, formatPct, formatPue, formatSignedMw, formatUsdPerHour } from '../format/format.ts';
import { GpuStackBar } from './GpuStackBar.tsx';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from './PowerBar.tsx';
import { Stat } from './Stat.tsx';
import { Value } from './Value.tsx';

interface SiteFiguresProps {
  site: SiteConfig;
  sample: SiteSample | undefined;
  index: FleetIndex;
  layout?: 'panel' | 'wide';
}

/** A site's headline figures: power against cap with headroom, utilization, GPU mix, PUE, revenue. */
export function SiteFigures({ site, sample, index, layout = 'panel' }: SiteFiguresProps) {
  const power = sample?.facilityPowerMw;
  const room = power === undefined ? null : headroom(power, site.powerCapMw);
  const level = room ? headroomLevel(room.pct) : null;
  const revenue = sample ? siteRevenueUsdPerHour(sample, index) : undefined;
  const p = sample ? pue(sample.facilityPowerMw, sample.itPowerMw) : undefined;
  const gpu = site.halls.map((h) => index.model(h.gpuModel)?.priceAsOf).find(Boolean);

  return (
    <div className={`figures figures-${layout}`}>
      <div className="figures-power">
        <dl className="power-line">
          <Stat
            size="xl"
            label="Facility power"
            text={formatMw(power)}
            metric="facilityPowerMw"
            value={power}
          />
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
              {formatPct(room?.pct)}
            </span>
            )
          </span>
          {level && level !== 'ok' ? (
            <span className={`badge badge-${level}`}>{HEADROOM_WORDS[level]}</span>
          ) : null}
        </p>
      </div>
      <dl className="figures-stats">
        <Stat
          label="GPU utilization"
          text={formatPct(sample?.gpuUtilPct)}
          metric="gpuUtilPct"
          value={sample?.gpuUtilPct}
        />
        <Stat
          label="PUE"
          text={formatPue(p)}
          metric="pue"
          value={p}
          title={`Design PUE ${formatPue(site.pueDesign.min)}–${formatPue(site.pueDesign.max)}`}
        />
        <Stat
          label="Rental revenue"
          text={formatUsdPerHour(revenue)}
          metric="revenueUsdPerHour"
          value={revenue}
          title={gpu ? `Rented GPUs × list price per GPU-hour (prices as of ${gpu})` : undefined}
        />
      </dl>
      <GpuStackBar gpus={sample?.gpus} />
    </div>
  );
}
