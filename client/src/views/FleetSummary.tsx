import { headroom } from '@gigawatt/shared';
import { useMemo } from 'react';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from '../components/PowerBar.tsx';
import { LiveScopeFreshness } from '../components/SiteFreshness.tsx';
import { MetricStat } from '../components/Stat.tsx';
import { formatCapPct, formatMw, formatSignedMw } from '../format/format.ts';
import { averageLabel } from '../store/averageWindow.ts';
import { useScopeStaleSince } from '../store/useFreshness.ts';
import { useAverageMs, useScopeHeadline } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';

/**
 * The whole fleet in one strip: power against the sum of caps, utilization, GPU mix, revenue, PUE.
 * Greyed, with the moment it froze, once any site's feed stops (the total is then not "now").
 */
export function FleetSummary() {
  const fleet = useStore((s) => s.fleet);
  const ids = useMemo(() => fleet?.sites.map((s) => s.id) ?? [], [fleet]);
  const f = useScopeHeadline(ids);
  // Stale or not, not the age: the age line is a leaf that follows the clock by itself.
  const stale = useScopeStaleSince(ids) !== null;
  const avgMs = useAverageMs();
  const cap = f?.capMw ?? Number.NaN;
  const power = f && Number.isFinite(f.facilityPowerMw) ? f.facilityPowerMw : undefined;
  const room = power === undefined ? null : headroom(power, cap);
  const level = room ? headroomLevel(room.pct) : null;
  return (
    <section
      aria-label="Fleet summary"
      className={`panel summary${stale ? ' is-stale' : ''}`}
      data-stale={stale}
    >
      <div className="summary-power">
        {stale ? <LiveScopeFreshness siteIds={ids} className="summary-freshness" /> : null}
        <div className="stale-dim">
          <dl className="power-line">
            <MetricStat
              size="xl"
              label="Fleet facility power"
              metric="facilityPowerMw"
              value={power}
              sub={averageLabel(avgMs)}
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
                {formatCapPct(room?.pct)}
              </span>
              )
            </span>
            {level && level !== 'ok' ? (
              <span className={`badge badge-${level}`}>{HEADROOM_WORDS[level]}</span>
            ) : null}
          </p>
        </div>
      </div>
      <dl className="summary-stats stale-dim">
        <MetricStat metric="gpuUtilPct" value={f?.gpuUtilPct} sub="weighted by allocated GPUs" />
        <MetricStat metric="revenueUsdPerHour" value={f?.revenueUsdPerHour} sub="run-rate at list price" />
        <MetricStat metric="pue" value={f?.pue} sub="facility ÷ IT power" />
      </dl>
      <div className="summary-gpus stale-dim">
        <GpuStackBar gpus={f?.gpus} label="Fleet GPUs" />
      </div>
    </section>
  );
}
