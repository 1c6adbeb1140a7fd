import type { RackBlock } from '@gigawatt/shared';
import { memo, useEffect, useRef } from 'react';
import type { RackColor } from '../router/parseRoute.ts';
import { useServices } from '../store/useStore.ts';
import { chartFrames } from './frameScheduler.ts';
import { RACK_MODES, rackModeWords, rackStats, rackTipLines } from './RackHeatmapModes.ts';
import { type RackLayout, rackAt, rackLayout } from './rackLayout.ts';
import './RackHeatmap.css';

export interface RackHeatmapProps {
  site: string;
  hall: string;
  /** "Ohio · Hall 11", for the text alternative. */
  label: string;
  /** Racks in the fleet config, shown before the first block arrives. */
  racks: number;
  color: RackColor;
  /** Full-load rack power of the hall's GPU model: the top of the power scale. */
  rackKw: number;
}

/** The heatmap takes at most ~40 % of the viewport height, so the hall's trends stay in view. */
const maxHeight = (): number => Math.round(Math.min(560, Math.max(200, window.innerHeight * 0.4)));

/**
 * One cell per rack of a hall, coloured by power, inlet temperature or coolant return. Drawn on a canvas straight from a
 * store subscription (about once a second); React renders only the frame, legend and controls.
 */
export const RackHeatmap = memo(function RackHeatmap(props: RackHeatmapProps) {
  const { store, source } = useServices();
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  const domainEls = useRef<{
    lo: HTMLSpanElement | null;
    mid: HTMLSpanElement | null;
    hi: HTMLSpanElement | null;
  }>({
    lo: null,
    mid: null,
    hi: null,
  });
  const { site, hall, color, rackKw, label, racks } = props;
  const mode = RACK_MODES[color];

  useEffect(() => source.subscribeHall({ site, hall }), [source, site, hall]);
  // A recording made at site or hall level has no racks to wait for: say so instead of "waiting".
  const noRacks = !source.capabilities.has('rackDetail');
  const waiting = noRacks ? 'this recording has no rack detail' : 'waiting for rack data';
  const what = rackModeWords(mode);

  useEffect(() => {
    const box = wrap.current;
    const cv = canvas.current;
    const ctx = cv?.getContext('2d');
    if (!box || !cv || !ctx) return;
    // Kept from the ResizeObserver, so a data update never forces a layout.
    let boxWidth = box.clientWidth;
    let layout: RackLayout = rackLayout(racks, boxWidth, maxHeight());
    let block: RackBlock | null = null;
    let hover = -1;
    let lastPointer: { x: number; y: number } | null = null;

    const current = (): RackBlock | null => {
      const b = store.getState().racks;
      return b && b.site === site && b.hall === hall ? b : null;
    };

    const showTip = () => {
      const t = tip.current;
      if (!t) return;
      if (hover < 0 || !lastPointer) {
        t.hidden = true;
        return;
      }
      const b = block;
      const lines = [`Rack ${hover + 1} of ${b ? b.powerKw.length : racks}`];
      if (b && hover < b.powerKw.length) lines.push(...rackTipLines(b, hover, mode));
      else lines.push('no data yet');
      t.textContent = lines.join('\n');
      t.hidden = false;
      const bw = box.clientWidth;
      const x = Math.min(lastPointer.x + 14, Math.max(0, bw - t.offsetWidth - 4));
      const y = lastPointer.y + 14;
      t.style.transform = `translate(${x}px, ${y}px)`;
    };

    // Reused from draw to draw (the lists are emptied, not dropped): at most one per colour of the scale.
    const byColor = new Map<string, number[]>();
    const draw = () => {
      block = current();
      const n = block ? block.powerKw.length : racks;
      layout = rackLayout(n, boxWidth, maxHeight());
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, layout.width);
      const h = Math.max(1, layout.height);
      if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
        cv.width = Math.round(w * dpr);
        cv.height = Math.round(h * dpr);
        cv.style.width = `${w}px`;
        cv.style.height = `${h}px`;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const pitch = layout.cell + layout.gap;
      // A block without this mode's column (coolant return from a feed that does not send it) draws empty.
      const values = (block ? mode.pick(block) : undefined) ?? null;
      const [lo, hi] = values ? mode.domain(values, rackKw) : mode.domain(new Float32Array(0), rackKw);
      // Cells grouped by colour, one fill per colour: setting a fill style parses the colour, and a
      // thousand of them per second cost more than the cells themselves.
      for (let i = 0; i < n; i++) {
        const v = values ? values[i]! : Number.NaN;
        const color = Number.isFinite(v) ? mode.fill(v, lo, hi) : '#1c2430';
        let cells = byColor.get(color);
        if (!cells) {
          cells = [];
          byColor.set(color, cells);
        }
        cells.push(i);
      }
      for (const [color, cells] of byColor) {
        if (cells.length === 0) continue;
        ctx.fillStyle = color;
        ctx.beginPath();
        for (const i of cells) {
          ctx.rect((i % layout.cols) * pitch, Math.floor(i / layout.cols) * pitch, layout.cell, layout.cell);
        }
        ctx.fill();
        cells.length = 0;
      }
      if (hover >= 0 && hover < n) {
        // Dark under light: the outline shows on the palest cells (the hottest coolant) as on the darkest.
        const x = (hover % layout.cols) * pitch + 1;
        const y = Math.floor(hover / layout.cols) * pitch + 1;
        const side = Math.max(1, layout.cell - 2);
        ctx.strokeStyle = '#0b0f15';
        ctx.lineWidth = 3;
        ctx.strokeRect(x, y, side, side);
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x, y, side, side);
      }
      const d = domainEls.current;
      if (d.lo) d.lo.textContent = `${lo} ${mode.unit}`;
      if (d.mid) d.mid.textContent = `${Math.round((lo + hi) / 2)} ${mode.unit}`;
      if (d.hi) d.hi.textContent = `${hi} ${mode.unit}`;

      let text: string;
      if (values) {
        const s = rackStats(values);
        text = `${label}: ${n.toLocaleString('en-US')} racks by ${what}: min ${mode.format(s.min)}, mean ${mode.format(s.mean)}, max ${mode.format(s.max)}.`;
        box.dataset.state = 'live';
        box.dataset.t = String(block!.t);
      } else if (block) {
        text = `${label}: ${n.toLocaleString('en-US')} racks; this feed sends no ${what} per rack.`;
        box.dataset.state = 'nocolumn';
        box.dataset.t = String(block.t);
      } else {
        text = `${label}: ${n.toLocaleString('en-US')} racks, ${waiting}.`;
        box.dataset.state = noRacks ? 'none' : 'waiting';
      }
      box.dataset.racks = String(n);
      box.setAttribute('aria-label', text);
      if (summary.current && summary.current.textContent !== text) summary.current.textContent = text;
      showTip();
    };

    const onMove = (e: PointerEvent) => {
      const r = cv.getBoundingClientRect();
      const bx = box.getBoundingClientRect();
      lastPointer = { x: e.clientX - bx.left, y: e.clientY - bx.top };
      const next = rackAt(
        layout,
        block ? block.powerKw.length : racks,
        e.clientX - r.left,
        e.clientY - r.top,
      );
      if (next !== hover) {
        hover = next;
        draw();
      } else showTip();
    };
    const onLeave = () => {
      hover = -1;
      lastPointer = null;
      draw();
    };

    const job = {};
    const schedule = () => chartFrames.schedule(job, draw);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.racks !== prev.racks) schedule();
    });
    const ro = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width;
      if (w !== undefined && w !== boxWidth) {
        boxWidth = w;
        schedule();
      }
    });
    ro.observe(box);
    cv.addEventListener('pointermove', onMove);
    cv.addEventListener('pointerleave', onLeave);
    draw();
    return () => {
      unsubscribe();
      ro.disconnect();
      chartFrames.cancel(job);
      cv.removeEventListener('pointermove', onMove);
      cv.removeEventListener('pointerleave', onLeave);
    };
  }, [store, site, hall, racks, rackKw, label, mode, what, noRacks, waiting]);

  return (
    <div className="heatmap">
      <div
        ref={wrap}
        className="heatmap-plot"
        role="img"
        aria-label={`${label}: ${racks} racks, ${waiting}.`}
        data-racks={racks}
        data-state={noRacks ? 'none' : 'waiting'}
        data-color={color}
        data-missing={`No ${what} per rack in this feed`}
      >
        <canvas ref={canvas} className="heatmap-canvas" />
        <div ref={tip} className="heatmap-tip num" hidden />
      </div>
      <div className="heatmap-legend" aria-hidden="true" data-legend={color}>
        <span className="heatmap-legend-title">
          {mode.title} ({mode.unit})
        </span>
        <span className="heatmap-scale" style={{ background: mode.gradient }} />
        <span className="heatmap-ticks num">
          <span
            ref={(n) => {
              domainEls.current.lo = n;
            }}
          />
          <span
            ref={(n) => {
              domainEls.current.mid = n;
            }}
          />
          <span
            ref={(n) => {
              domainEls.current.hi = n;
            }}
          />
        </span>
      </div>
      <p ref={summary} className="heatmap-summary num" />
    </div>
  );
});
