import { headroom } from '@gigawatt/shared';
import { memo } from 'react';
import { formatPct } from '../format/format.ts';

export type HeadroomLevel = 'ok' | 'tight' | 'near' | 'over';

/** Headroom bands: a word as well as a colour, so the state never relies on colour alone. */
export function headroomLevel(pct: number): HeadroomLevel {
  if (pct < 0) return 'over';
  if (pct < 5) return 'near';
  if (pct < 10) return 'tight';
  return 'ok';
}

export const HEADROOM_WORDS: Record<HeadroomLevel, string> = {
  ok: 'within cap',
  tight: 'tight',
  near: 'near cap',
  over: 'over cap',
};

/** Facility power against its cap as a horizontal bar; the cap is the right edge. */
export const PowerBar = memo(function PowerBar({
  powerMw,
  capMw,
}: {
  powerMw: number | null | undefined;
  capMw: number;
}) {
  const has = typeof powerMw === 'number' && Number.isFinite(powerMw);
  const used = has ? (powerMw / capMw) * 100 : 0;
  const level = has ? headroomLevel(headroom(powerMw, capMw).pct) : 'ok';
  return (
    <>
      <meter
        className="visually-hidden"
        min={0}
        max={Number.isFinite(capMw) ? capMw : 1}
        value={has ? powerMw : 0}
        aria-label={`Facility power: ${has ? formatPct(used) : 'no data'} of cap`}
      />
      <div className={`powerbar powerbar-${level}`} aria-hidden="true">
        <span
          className="powerbar-fill"
          style={{ transform: `scaleX(${Math.min(1, Math.max(0, used / 100))})` }}
        />
        {[25, 50, 75].map((x) => (
          <span key={x} className="powerbar-tick" style={{ left: `${x}%` }} />
        ))}
      </div>
    </>
  );
});
