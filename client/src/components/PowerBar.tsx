import { headroom } from '@gigawatt/shared';
import { memo, useRef } from 'react';
import { formatCapPct, formatPct, formatSignedMw } from '../format/format.ts';
import { type Live, useLiveDom } from '../store/useLiveDom.ts';

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

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Power against its cap as a bar shows it: the filled share (0–1) and the headroom band. */
export function powerBarState(
  powerMw: number | null | undefined,
  capMw: number,
): { used: number | null; fill: number; level: HeadroomLevel } {
  if (!finite(powerMw)) return { used: null, fill: 0, level: 'ok' };
  const used = (powerMw / capMw) * 100;
  return {
    used,
    fill: Math.min(1, Math.max(0, used / 100)) || 0,
    level: headroomLevel(headroom(powerMw, capMw).pct),
  };
}

/**
 * Facility power against its cap as a horizontal bar; the cap is the right edge. Rendered once; the
 * power read from the store is written into it as it changes (a scale, not a width: no relayout).
 */
export const PowerBar = memo(function PowerBar({
  read,
  capMw,
}: {
  read: Live<number | null | undefined>;
  capMw: number;
}) {
  const meter = useRef<HTMLMeterElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  useLiveDom(read, (powerMw) => {
    const m = meter.current;
    const b = bar.current;
    if (!m || !b) return;
    const { used, fill, level } = powerBarState(powerMw, capMw);
    m.value = finite(powerMw) ? powerMw : 0;
    m.setAttribute('aria-label', `Facility power: ${used === null ? 'no data' : formatPct(used)} of cap`);
    const cls = `powerbar powerbar-${level}`;
    if (b.className !== cls) b.className = cls;
    (b.firstElementChild as HTMLElement).style.transform = `scaleX(${fill})`;
  });
  return (
    <>
      <meter ref={meter} className="visually-hidden" min={0} max={Number.isFinite(capMw) ? capMw : 1} />
      <div ref={bar} className="powerbar powerbar-ok" aria-hidden="true">
        <span className="powerbar-fill" />
        {[25, 50, 75].map((x) => (
          <span key={x} className="powerbar-tick" style={{ left: `${x}%` }} />
        ))}
      </div>
    </>
  );
});

/**
 * "Headroom +41.2 MW (8.2 %)" under a power figure, with the band's word as a badge when it is not
 * comfortable; written from the power read from the store as it changes.
 */
export const HeadroomLine = memo(function HeadroomLine({
  read,
  capMw,
}: {
  read: Live<number | null | undefined>;
  capMw: number;
}) {
  const line = useRef<HTMLParagraphElement>(null);
  useLiveDom(read, (powerMw) => {
    const p = line.current;
    if (!p) return;
    const room = finite(powerMw) ? headroom(powerMw, capMw) : null;
    const level = room ? headroomLevel(room.pct) : null;
    const cls = `headroom num headroom-${level ?? 'none'}`;
    if (p.className !== cls) p.className = cls;
    const [mw, pct, badge] = p.querySelectorAll<HTMLElement>('[data-metric], .badge');
    if (mw) {
      mw.dataset.value = room ? String(room.mw) : '';
      mw.textContent = formatSignedMw(room?.mw);
    }
    if (pct) {
      pct.dataset.value = room ? String(room.pct) : '';
      pct.textContent = formatCapPct(room?.pct);
    }
    if (badge) {
      badge.hidden = !level || level === 'ok';
      badge.className = `badge badge-${level ?? 'none'}`;
      badge.textContent = level ? HEADROOM_WORDS[level] : '';
    }
  });
  return (
    <p ref={line} className="headroom num headroom-none">
      <span className="stat-label">Headroom </span>
      <span data-metric="headroomMw" />
      <span className="headroom-pct">
        (<span data-metric="headroomPct" />)
      </span>
      <span className="badge" hidden />
    </p>
  );
});
