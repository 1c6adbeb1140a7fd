import { gpuShares, pue } from '@gigawatt/shared';
import { useMemo } from 'react';
import { TrendChart } from '../charts/TrendChart.tsx';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { formatMw, formatPct, formatPue, formatShare, formatUsdPerHour } from '../format/format.ts';
import { useStore } from '../store/useStore.ts';
import { mwFormat } from '../views/chartFormats.ts';
import { WallKpi } from './WallKpi.tsx';
import { WallPowerBlock } from './WallPowerBlock.tsx';
import { WallSiteTile } from './WallSiteTile.tsx';
import { fleetPowerLines } from './wallLines.ts';

/** Fleet page: the fleet's headline figures, then a tile per site. */
export function WallFleetPage({ sites }: { sites: readonly string[] }) {
  const index = useStore((s) => s.index);
  const totals = useStore((s) => s.totals);
  const capMw = index?.totalCapMw ?? Number.NaN;
  const cap = useMemo(() => ({ value: capMw, label: `Cap ${formatMw(capMw)}` }), [capMw]);
  if (!index) return null;
  const shares = totals ? gpuShares(totals.gpus) : null;
  const p = totals ? pue(totals.facilityPowerMw, totals.itPowerMw) : undefined;
  const configs = sites.map((id) => index.site(id)).filter((s) => s !== undefined);
  return (
    <div className="wall-fleet">
      <section aria-label="Fleet" className="wall-fleet-head" data-wall-box>
        <WallPowerBlock
          label="Fleet facility power"
          powerMw={totals?.facilityPowerMw}
          capMw={capMw}
          size="hero"
        />
        <dl className="wall-fleet-kpis">
          <WallKpi
            label="GPU utilization"
            text={formatPct(totals?.gpuUtilPct)}
            metric="gpuUtilPct"
            value={totals?.gpuUtilPct}
          />
          <WallKpi
            label="Rented GPUs"
            text={formatShare(shares?.rented)}
            metric="rentedShare"
            value={shares?.rented}
          />
          <WallKpi
            label="Rental revenue"
            text={formatUsdPerHour(totals?.revenueUsdPerHour)}
            metric="revenueUsdPerHour"
            value={totals?.revenueUsdPerHour}
          />
          <WallKpi label="PUE" text={formatPue(p)} metric="pue" value={p} />
        </dl>
        <div className="wall-fleet-side">
          <GpuStackBar gpus={totals?.gpus} label="Fleet GPUs" />
          <TrendChart
            title="Fleet facility power (MW), 15 min"
            lines={fleetPowerLines}
            format={mwFormat}
            cap={cap}
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
