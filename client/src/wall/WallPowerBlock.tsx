import type { ReactNode } from 'react';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from '../components/PowerBar.tsx';
import { Value } from '../components/Value.tsx';
import { formatCapPct, formatMw, formatSignedMw } from '../format/format.ts';

interface WallPowerBlockProps {
  label: string;
  powerMw: number | undefined;
  capMw: number;
  size?: 'hero' | 'lg';
  /** Beside the label (the fleet's freshness), so it costs no line of its own. */
  status?: ReactNode;
}

const finite = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Power against its cap, the question the wall exists for: "% of cap" as the biggest numeral on its
 * panel, coloured by the headroom band and named in words beside it (never colour alone); below it the
 * bar, then the megawatts, the cap and the headroom.
 */
export function WallPowerBlock({ label, powerMw, capMw, size = 'lg', status }: WallPowerBlockProps) {
  const has = finite(powerMw) && capMw > 0;
  const usedPct = has ? (powerMw / capMw) * 100 : undefined;
  const roomMw = has ? capMw - powerMw : undefined;
  const level = usedPct === undefined ? null : headroomLevel(100 - usedPct);
  return (
    <div className={`wall-power wall-power-${size} cap-${level ?? 'none'}`} data-level={level ?? ''}>
      <div className="wall-power-head">
        <div className="wall-kpi-label">{label}</div>
        {status}
      </div>
      <div className="wall-cap-line">
        <span className="wall-cap-pct num" data-metric="powerUsedPct" data-value={usedPct ?? ''}>
          <Value text={formatCapPct(usedPct)} />
        </span>
        <span className="wall-cap-words">
          <span className="wall-cap-of">of cap</span>
          <span className="wall-cap-state" data-level={level ?? ''}>
            {level ? HEADROOM_WORDS[level] : 'no data'}
          </span>
        </span>
      </div>
      <PowerBar powerMw={powerMw} capMw={capMw} />
      <p className="wall-power-line num">
        <span className="wall-power-value" data-metric="facilityPowerMw" data-value={powerMw ?? ''}>
          <Value text={formatMw(powerMw)} />
        </span>
        <span className="wall-power-cap" data-metric="powerCapMw" data-value={capMw}>
          of {formatMw(capMw)}
        </span>
        <span className="wall-power-room">
          headroom{' '}
          <span data-metric="headroomMw" data-value={roomMw ?? ''}>
            {formatSignedMw(roomMw)}
          </span>
        </span>
      </p>
    </div>
  );
}
