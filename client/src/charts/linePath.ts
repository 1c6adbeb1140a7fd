/** The part of a canvas path a line needs (CanvasRenderingContext2D, zrender's PathProxy, a test spy). */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/** Data → pixel mapping of a plot: x = left + (t - t0) × sx, y = bottom - (v - v0) × sy. */
export interface PlotTransform {
  left: number;
  t0: number;
  sx: number;
  bottom: number;
  v0: number;
  sy: number;
}

/** The transform that puts [t0, t1] × [v0, v1] into a plot rectangle (pixels, top-left origin). */
export function plotTransform(
  rect: { left: number; top: number; width: number; height: number },
  t0: number,
  t1: number,
  v0: number,
  v1: number,
): PlotTransform {
  return {
    left: rect.left,
    t0,
    sx: t1 > t0 ? rect.width / (t1 - t0) : 0,
    bottom: rect.top + rect.height,
    v0,
    sy: v1 > v0 ? rect.height / (v1 - v0) : 0,
  };
}

/**
 * Traces interleaved [t0, v0, t1, v1, …] points (decimateMinMax's output) as a polyline, the way
 * ECharts' line series does with `connectNulls: false`: a missing value (NaN) ends the segment and the
 * next value starts a new one, and a point closer than ~0.7 px to the last one drawn is skipped (it
 * cannot be seen; ECharts' poly.js skips the same). Returns the points drawn.
 */
export function traceLine(ctx: PathSink, data: ArrayLike<number>, m: PlotTransform): number {
  let drawn = 0;
  let open = false;
  let px = 0;
  let py = 0;
  const n = data.length >> 1;
  for (let i = 0; i < n; i++) {
    const v = data[2 * i + 1]!;
    if (!Number.isFinite(v)) {
      open = false;
      continue;
    }
    const x = m.left + (data[2 * i]! - m.t0) * m.sx;
    const y = m.bottom - (v - m.v0) * m.sy;
    if (!open) {
      ctx.moveTo(x, y);
      open = true;
    } else {
      const dx = x - px;
      const dy = y - py;
      if (dx * dx + dy * dy < 0.5) continue;
      ctx.lineTo(x, y);
    }
    px = x;
    py = y;
    drawn++;
  }
  return drawn;
}
