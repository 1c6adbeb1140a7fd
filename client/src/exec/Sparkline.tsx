import { memo, useEffect, useRef } from 'react';
import { chartFrames } from '../charts/frameScheduler.ts';
import type { ExecData } from './createExecData.ts';
import type { FigureView } from './figureViews.ts';
import { sparkPaths } from './sparkPaths.ts';

interface SparklineProps {
  data: ExecData;
  scopeId: string;
  view: FigureView;
  capMw: number;
  /** A reference level in the figure's unit (a cap), drawn dashed when it is near the data. */
  refValue?: number;
  /** What the line shows, for its text alternative ("Fleet GPU utilization, last 24 h"). */
  label: string;
  className?: string;
}

/**
 * A small trend line with its min–max band over the shown range. Rendered once; new data reaches it
 * through a subscription that rewrites the SVG paths (no React render per tick).
 */
export const Sparkline = memo(function Sparkline(props: SparklineProps) {
  const svg = useRef<SVGSVGElement>(null);
  const band = useRef<SVGPathElement>(null);
  const line = useRef<SVGPathElement>(null);
  const refLine = useRef<SVGLineElement>(null);
  const dot = useRef<SVGCircleElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const { data, scopeId, view } = props;

  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    let w = 0;
    let h = 0;
    let drawn = -1;
    const job = {};
    const draw = () => {
      const p = propsRef.current;
      const snap = data.getSnapshot();
      if (snap.version === drawn || w <= 0 || h <= 0) return;
      drawn = snap.version;
      const s = view.series(snap.spark?.scopes.get(scopeId), p.capMw);
      const g = sparkPaths(s, snap.from, snap.to, w, h - 4, p.refValue);
      el.setAttribute('viewBox', `0 -2 ${w} ${h}`);
      band.current?.setAttribute('d', g.band);
      line.current?.setAttribute('d', g.line);
      const r = refLine.current;
      if (r) {
        r.style.display = g.refY === null ? 'none' : '';
        r.setAttribute('x1', '0');
        r.setAttribute('x2', String(w));
        r.setAttribute('y1', String(g.refY ?? 0));
        r.setAttribute('y2', String(g.refY ?? 0));
      }
      const d = dot.current;
      if (d) {
        d.style.display = g.last ? '' : 'none';
        d.setAttribute('cx', String(g.last?.x ?? 0));
        d.setAttribute('cy', String(g.last?.y ?? 0));
      }
      el.dataset.points = String(g.points);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      if (s)
        for (let i = 0; i < s.t.length; i++) {
          lo = Math.min(lo, s.mean[i]!);
          hi = Math.max(hi, s.mean[i]!);
        }
      const last = s && s.mean.length > 0 ? s.mean[s.mean.length - 1]! : Number.NaN;
      const text =
        g.points > 0
          ? `${p.label}: from ${view.format(lo)} to ${view.format(hi)}, latest ${view.format(last)}`
          : `${p.label}: no data yet`;
      if (el.getAttribute('aria-label') !== text) el.setAttribute('aria-label', text);
    };
    const schedule = () => chartFrames.schedule(job, draw);
    const unsubscribe = data.subscribe(schedule);
    const ro = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1]?.contentRect;
      if (!r) return;
      w = Math.floor(r.width);
      h = Math.floor(r.height);
      data.reportWidth('spark', job, w);
      drawn = -1;
      schedule();
    });
    ro.observe(el);
    return () => {
      unsubscribe();
      ro.disconnect();
      chartFrames.cancel(job);
      data.dropWidth('spark', job);
    };
  }, [data, scopeId, view]);

  return (
    <svg
      ref={svg}
      className={`spark ${props.className ?? ''}`}
      role="img"
      aria-label={`${props.label}: loading`}
      preserveAspectRatio="none"
      data-points="0"
    >
      <path ref={band} className="spark-band" />
      <line ref={refLine} className="spark-ref" style={{ display: 'none' }} />
      <path ref={line} className="spark-line" />
      <circle ref={dot} className="spark-dot" r="2.5" style={{ display: 'none' }} />
    </svg>
  );
});
