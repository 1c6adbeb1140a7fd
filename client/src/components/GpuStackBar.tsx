import type { GpuCounts } from '@gigawatt/shared';
import { gpuShares, metricDef } from '@gigawatt/shared';
import { memo } from 'react';
import { formatGpuShare, formatGpus, formatNumber, metricDigits } from '../format/format.ts';
import { type GpuStateView, GPU_STATE_VIEWS as PARTS } from './gpuStates.ts';
import { sameGpuCounts } from './sameGpuCounts.ts';

const countText = (p: GpuStateView, gpus: GpuCounts | null | undefined): string =>
  formatNumber(gpus?.[p.key], metricDigits(p.metric));

interface GpuStackBarProps {
  gpus: GpuCounts | null | undefined;
  /** Compact: no legend counts (hall table rows). */
  compact?: boolean;
  label?: string;
}

/**
 * Rented / internal / idle / failed GPUs as one stacked bar with a legend of counts and shares.
 * Segments differ in colour and, for failed GPUs, in pattern; the legend names every part.
 */
export const GpuStackBar = memo(
  function GpuStackBar({ gpus, compact = false, label = metricDef('gpusTotal').label }: GpuStackBarProps) {
    const shares = gpus ? gpuShares(gpus) : null;
    const summary = gpus
      ? PARTS.map((p) => `${p.label} ${countText(p, gpus)} (${formatGpuShare(shares?.[p.key])})`).join(', ')
      : 'no data yet';
    return (
      <div className={`gpubar ${compact ? 'gpubar-compact' : ''}`}>
        {compact ? null : (
          <div className="gpubar-head">
            <span className="stat-label">{label}</span>
            <span className="gpubar-total num" data-metric="gpusTotal" data-value={gpus?.total ?? ''}>
              {formatGpus(gpus?.total)}
            </span>
          </div>
        )}
        <div className="gpubar-track" role="img" aria-label={`${label}: ${summary}`}>
          {shares
            ? PARTS.map((p) =>
                shares[p.key] > 0 ? (
                  <span
                    key={p.key}
                    className={`gpubar-seg gpubar-${p.key}`}
                    style={{ flexGrow: shares[p.key], background: p.key === 'failed' ? undefined : p.color }}
                  />
                ) : null,
              )
            : null}
        </div>
        {compact ? null : (
          <ul className="gpubar-legend">
            {PARTS.map((p) => (
              <li key={p.key} className="legend-item">
                <span
                  className={`swatch gpubar-${p.key}`}
                  style={{ background: p.key === 'failed' ? undefined : p.color }}
                  aria-hidden="true"
                />
                <span className="legend-name">{p.label}</span>
                <span className="num legend-count" data-metric={p.metric} data-value={gpus?.[p.key] ?? ''}>
                  {countText(p, gpus)}
                </span>
                <span className="num legend-share">{formatGpuShare(shares?.[p.key])}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  },
  // Counts arrive as a new object every tick but change far less often: compare the numbers.
  (a, b) => a.compact === b.compact && a.label === b.label && sameGpuCounts(a.gpus, b.gpus),
);
