import type { GpuCounts } from '@gigawatt/shared';
import { gpuShares } from '@gigawatt/shared';
import { memo } from 'react';
import { formatGpuShare, formatGpus, formatNumber } from '../format/format.ts';
import { palette } from '../theme.ts';
import { sameGpuCounts } from './sameGpuCounts.ts';

const PARTS = [
  { key: 'rented', label: 'Rented', metric: 'gpusRented', color: palette.rented },
  { key: 'internal', label: 'Internal', metric: 'gpusInternal', color: palette.internal },
  { key: 'idle', label: 'Idle', metric: 'gpusIdle', color: palette.idle },
  { key: 'failed', label: 'Failed', metric: 'gpusFailed', color: palette.failed },
] as const;

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
  function GpuStackBar({ gpus, compact = false, label = 'GPUs' }: GpuStackBarProps) {
    const shares = gpus ? gpuShares(gpus) : null;
    const summary = gpus
      ? PARTS.map((p) => `${p.label} ${formatNumber(gpus[p.key])} (${formatGpuShare(shares?.[p.key])})`).join(
          ', ',
        )
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
                  {formatNumber(gpus?.[p.key])}
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
