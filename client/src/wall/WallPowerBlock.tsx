import { headroom } from '@gigawatt/shared';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from '../components/PowerBar.tsx';
import { Value } from '../components/Value.tsx';
import { formatMw, formatPct, formatSignedMw } from '../format/format.ts';

interface WallPowerBlockProps {
  label: string;
  powerMw: number | undefined;
  capMw: number;
  size?: 'hero' | 'lg';
}

/** Facility power against its cap: the numeral, the cap, a bar and the headroom in words. */
export function WallPowerBlock({ label, powerMw, capMw, size = 'lg' }: WallPowerBlockProps) {
  const room = powerMw === undefined ? null : headroom(powerMw, capMw);
  const level = room ? headroomLevel(room.pct) : null;
  const usedPct = powerMw === undefined || !(capMw > 0) ? undefined : (powerMw / capMw) * 100;
  return (
    <div className={`wall-power wall-power-${size}`}>
      <div className="wall-kpi-label">{label}</div>
      <div className="wall-power-line">
        <span className="wall-power-value num" data-metric="facilityPowerMw" data-value={powerMw ?? ''}>
          <Value text={formatMw(powerMw)} />
        </span>
        <span className="wall-power-cap num" data-metric="powerCapMw" data-value={capMw}>
          of {formatMw(capMw)} cap
        </span>
      </div>
      <PowerBar powerMw={powerMw} capMw={capMw} />
      <p className={`wall-headroom num headroom-${level ?? 'none'}`}>
        <span data-metric="powerUsedPct" data-value={usedPct ?? ''}>
          {formatPct(usedPct, 0)} of cap
        </span>
        <span className="wall-sep" aria-hidden="true">
          ·
        </span>
        <span>
          headroom{' '}
          <span data-metric="headroomMw" data-value={room?.mw ?? ''}>
            {formatSignedMw(room?.mw)}
          </span>
        </span>
        {level && level !== 'ok' ? (
          <span className={`badge badge-${level}`}>{HEADROOM_WORDS[level]}</span>
        ) : null}
      </p>
    </div>
  );
}
