import { useMemo } from 'react';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { HeadroomLine, PowerBar } from '../components/PowerBar.tsx';
import { LiveScopeFreshness } from '../components/SiteFreshness.tsx';
import { MetricStat } from '../components/Stat.tsx';
import { formatMw } from '../format/format.ts';
import { averageLabel } from '../store/averageWindow.ts';
import { capOfSites } from '../store/headlineFigures.ts';
import { headlineReaders } from '../store/headlineReaders.ts';
import { useScopeStaleSince } from '../store/useFreshness.ts';
import { useAverageMs, useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';

/**
 * The whole fleet in one strip: power against the sum of caps, utilization, GPU mix, revenue, PUE.
 * Greyed, with the moment it froze, once any site's feed stops (the total is then not "now"). The strip
 * renders when that flips; its numbers follow the ticks by themselves.
 */
export function FleetSummary() {
  const fleet = useStore((s) => s.fleet);
  const index = useStore((s) => s.index);
  const ids = useMemo(() => fleet?.sites.map((s) => s.id) ?? [], [fleet]);
  const figures = useScopeHeadlineReader(ids);
  const r = useMemo(() => headlineReaders(figures), [figures]);
  // Stale or not, not the age: the age line is a leaf that follows the clock by itself.
  const stale = useScopeStaleSince(ids) !== null;
  const avgMs = useAverageMs();
  const cap = index ? capOfSites(index, ids) : Number.NaN;
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
              read={r.power}
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
          <PowerBar read={r.power} capMw={cap} />
          <HeadroomLine read={r.power} capMw={cap} />
        </div>
      </div>
      <dl className="summary-stats stale-dim">
        <MetricStat metric="gpuUtilPct" read={r.gpuUtilPct} sub="weighted by allocated GPUs" />
        <MetricStat metric="revenueUsdPerHour" read={r.revenueUsdPerHour} sub="run-rate at list price" />
        <MetricStat metric="pue" read={r.pue} sub="facility ÷ IT power" />
      </dl>
      <div className="summary-gpus stale-dim">
        <GpuStackBar read={r.gpus} label="Fleet GPUs" />
      </div>
    </section>
  );
}
