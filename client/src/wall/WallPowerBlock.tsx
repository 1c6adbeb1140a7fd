import { memo, type ReactNode, useRef } from 'react';
import { LiveNumber } from '../components/LiveNumber.tsx';
import { HEADROOM_WORDS, headroomLevel, PowerBar } from '../components/PowerBar.tsx';
import { formatCapPct, formatMw, formatSignedMw } from '../format/format.ts';
import { type Live, useLiveDom } from '../store/useLiveDom.ts';

interface WallPowerBlockProps {
  label: string;
  /** The power in MW, read from the store on every update (undefined without data). */
  read: Live<number | undefined>;
  capMw: number;
  size?: 'hero' | 'lg';
  /** Beside the label (the fleet's freshness), so it costs no line of its own. */
  status?: ReactNode;
}

const finite = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Power against its cap, the question the wall exists for: "% of cap" as the biggest numeral on its
 * panel, coloured by the headroom band and named in words beside it (never colour alone); below it the
 * bar, then the megawatts, the cap and the headroom. Rendered once; the figures follow the ticks.
 */
export const WallPowerBlock = memo(function WallPowerBlock({
  label,
  read,
  capMw,
  size = 'lg',
  status,
}: WallPowerBlockProps) {
  const root = useRef<HTMLDivElement>(null);
  const usedPct = (s: Parameters<typeof read>[0]) => {
    const p = read(s);
    return finite(p) && capMw > 0 ? (p / capMw) * 100 : undefined;
  };
  const roomMw = (s: Parameters<typeof read>[0]) => {
    const p = read(s);
    return finite(p) && capMw > 0 ? capMw - p : undefined;
  };
  // The band colours the whole block (its class) and is said in words beside the percentage.
  useLiveDom(
    (s) => {
      const pct = usedPct(s);
      return pct === undefined ? null : headroomLevel(100 - pct);
    },
    (level) => {
      const el = root.current;
      if (!el) return;
      el.className = `wall-power wall-power-${size} cap-${level ?? 'none'}`;
      el.dataset.level = level ?? '';
      const state = el.querySelector<HTMLElement>('.wall-cap-state');
      if (state) {
        state.dataset.level = level ?? '';
        state.textContent = level ? HEADROOM_WORDS[level] : 'no data';
      }
    },
  );
  return (
    <div ref={root} className={`wall-power wall-power-${size} cap-none`}>
      <div className="wall-power-head">
        <div className="wall-kpi-label">{label}</div>
        {status}
      </div>
      <div className="wall-cap-line">
        <LiveNumber className="wall-cap-pct num" metric="powerUsedPct" read={usedPct} format={formatCapPct} />
        <span className="wall-cap-words">
          <span className="wall-cap-of">of cap</span>
          <span className="wall-cap-state" />
        </span>
      </div>
      <PowerBar read={read} capMw={capMw} />
      <p className="wall-power-line num">
        <LiveNumber className="wall-power-value" metric="facilityPowerMw" read={read} format={formatMw} />
        <span className="wall-power-cap" data-metric="powerCapMw" data-value={capMw}>
          of {formatMw(capMw)}
        </span>
        <span className="wall-power-room">
          headroom <LiveNumber metric="headroomMw" read={roomMw} format={formatSignedMw} plain />
        </span>
      </p>
    </div>
  );
});
