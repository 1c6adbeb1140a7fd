import { headroom, pue } from '@gigawatt/shared';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from '../components/PowerBar.tsx';
import { Stat } from '../components/Stat.tsx';
import { formatMw, formatPct, formatPue, formatSignedMw, formatUsdPerHour } from '../format/format.ts';
import { useStore } from '../store/useStore.ts';

/** The whole fleet in one strip: power against the sum of caps, utilization, GPU mix, revenue, PUE. */
export function FleetSummary() {
  const totals = useStore((s) => s.totals);
  const index = useStore((s) => s.index);
  const cap = index?.totalCapMw ?? Number.NaN;
  const power = totals?.facilityPowerMw;
  const room = power === undefined ? null : headroom(power, cap);
  const level = room ? headroomLevel(room.pct) : null;
  const p = totals ? pue(totals.facilityPowerMw, totals.itPowerMw) : undefined;
  return (
    <section aria-label="Fleet summary" className="panel summary">
      <div className="summary-power">
        <dl className="power-line">
          <Stat
            size="xl"
            label="Fleet facility power"
            text={formatMw(power)}
            metric="facilityPowerMw"
            value={power}
          />
          <div className="stat stat-md power-cap">
            <dt className="stat-label">Total cap</dt>
            <dd
              className="stat-value num"
              data-metric="powerCapMw"
              data-value={Number.isFinite(cap) ? cap : ''}
            >
              {formatMw(cap)}
            </dd>
          </div>
        </dl>
        <PowerBar powerMw={power} capMw={cap} />
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
      <dl className="summary-stats">
        <Stat
          label="GPU utilization"
          text={formatPct(totals?.gpuUtilPct)}
          metric="gpuUtilPct"
          value={totals?.gpuUtilPct}
          sub="weighted by allocated GPUs"
        />
        <Stat
          label="Rental revenue"
          text={formatUsdPerHour(totals?.revenueUsdPerHour)}
          metric="revenueUsdPerHour"
          value={totals?.revenueUsdPerHour}
          sub="run-rate at list price"
        />
        <Stat label="PUE" text={formatPue(p)} metric="pue" value={p} sub="facility ÷ IT power" />
      </dl>
      <div className="summary-gpus">
        <GpuStackBar gpus={totals?.gpus} label="Fleet GPUs" />
      </div>
    </section>
  );
}
