import { formatNumber, formatShare } from '../format/format.ts';
import { gpuStateShares } from './execFigures.ts';

interface GpuMixBarProps {
  rented: number;
  internal: number;
  idle: number;
  failed: number;
  /** Bar length relative to the largest site (1 = full width); shares alone when omitted. */
  scale?: number;
  label: string;
}

const PARTS = ['rented', 'internal', 'idle', 'failed'] as const;

/** Rented / internal / idle / failed as one stacked bar; failed GPUs are hatched, not only coloured. */
export function GpuMixBar(p: GpuMixBarProps) {
  const shares = gpuStateShares(p);
  const text = PARTS.map((k) => `${k} ${formatNumber(p[k])} (${formatShare(shares[k])})`).join(', ');
  return (
    <div className="xmix" role="img" aria-label={`${p.label}: ${text}`}>
      <div className="xmix-track" style={{ width: `${Math.max(2, (p.scale ?? 1) * 100)}%` }}>
        {Number.isFinite(shares.rented)
          ? PARTS.map((k) =>
              shares[k] > 0 ? (
                <span key={k} className={`xmix-seg xmix-${k}`} style={{ flexGrow: shares[k] }} />
              ) : null,
            )
          : null}
      </div>
    </div>
  );
}
