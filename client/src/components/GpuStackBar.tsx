import type { GpuCounts } from '@gigawatt/shared';
import { gpuShares, metricDef } from '@gigawatt/shared';
import { memo, useRef } from 'react';
import { formatGpuShare, formatGpus, formatNumber, metricDigits } from '../format/format.ts';
import { type Live, useLiveDom } from '../store/useLiveDom.ts';
import { type GpuStateView, GPU_STATE_VIEWS as PARTS } from './gpuStates.ts';
import { sameGpuCounts } from './sameGpuCounts.ts';

type Counts = GpuCounts | null | undefined;

const countText = (p: GpuStateView, gpus: Counts): string =>
  formatNumber(gpus?.[p.key], metricDigits(p.metric));

/** The bar's text alternative: every part's count and share. */
export function gpuSummary(label: string, gpus: Counts): string {
  if (!gpus) return `${label}: no data yet`;
  const shares = gpuShares(gpus);
  return `${label}: ${PARTS.map((p) => `${p.label} ${countText(p, gpus)} (${formatGpuShare(shares[p.key])})`).join(', ')}`;
}

interface GpuStackBarProps {
  /** The counts, read from the store on every update (the bar follows them without a render). */
  read: Live<Counts>;
  /** Compact: no legend counts (hall table rows). */
  compact?: boolean;
  label?: string;
}

const setText = (el: Element | null | undefined, text: string) => {
  if (el && el.textContent !== text) el.textContent = text;
};
const setData = (el: HTMLElement | null | undefined, value: number | undefined) => {
  if (el) el.dataset.value = value === undefined ? '' : String(value);
};

/**
 * Rented / internal / idle / failed GPUs as one stacked bar with a legend of counts and shares.
 * Segments differ in colour and, for failed GPUs, in pattern; the legend names every part. Rendered
 * once: the counts are written into it when they change (they move by contract and failure, not by the
 * second), and a part with no GPUs hides its segment.
 */
export const GpuStackBar = memo(function GpuStackBar({
  read,
  compact = false,
  label = metricDef('gpusTotal').label,
}: GpuStackBarProps) {
  const root = useRef<HTMLDivElement>(null);
  useLiveDom(
    read,
    (gpus) => {
      const el = root.current;
      if (!el) return;
      const shares = gpus ? gpuShares(gpus) : null;
      el.querySelector('.gpubar-track')?.setAttribute('aria-label', gpuSummary(label, gpus));
      const total = el.querySelector<HTMLElement>('.gpubar-total');
      setData(total, gpus?.total);
      setText(total, formatGpus(gpus?.total));
      for (const p of PARTS) {
        const seg = el.querySelector<HTMLElement>(`.gpubar-seg.gpubar-${p.key}`);
        if (seg) {
          const share = shares?.[p.key] ?? 0;
          seg.hidden = !(share > 0);
          seg.style.flexGrow = String(share);
        }
        const item = el.querySelector(`.legend-item.gpubar-item-${p.key}`);
        const count = item?.querySelector<HTMLElement>('.legend-count');
        setData(count, gpus?.[p.key]);
        setText(count, countText(p, gpus));
        setText(item?.querySelector('.legend-share'), formatGpuShare(shares?.[p.key]));
      }
    },
    sameGpuCounts,
  );
  return (
    <div ref={root} className={`gpubar ${compact ? 'gpubar-compact' : ''}`}>
      {compact ? null : (
        <div className="gpubar-head">
          <span className="stat-label">{label}</span>
          <span className="gpubar-total num" data-metric="gpusTotal" />
        </div>
      )}
      <div className="gpubar-track" role="img">
        {PARTS.map((p) => (
          <span
            key={p.key}
            className={`gpubar-seg gpubar-${p.key}`}
            hidden
            style={{ background: p.key === 'failed' ? undefined : p.color }}
          />
        ))}
      </div>
      {compact ? null : (
        <ul className="gpubar-legend">
          {PARTS.map((p) => (
            <li key={p.key} className={`legend-item gpubar-item-${p.key}`}>
              <span
                className={`swatch gpubar-${p.key}`}
                style={{ background: p.key === 'failed' ? undefined : p.color }}
                aria-hidden="true"
              />
              <span className="legend-name">{p.label}</span>
              <span className="num legend-count" data-metric={p.metric} />
              <span className="num legend-share" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
