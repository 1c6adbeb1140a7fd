import { type PathSink, type PlotTransform, traceLine } from './linePath.ts';

/** The part of a 2D canvas context the live layer paints with (a test spy implements it too). */
export interface LiveLayerContext extends PathSink {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  save(): void;
  restore(): void;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  font: string;
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
}

export interface LiveLine {
  /** Interleaved [t0, v0, t1, v1, …] (decimateMinMax's output). */
  data: ArrayLike<number>;
  color: string;
  width: number;
}

export interface LiveLayer {
  /** CSS pixels of the canvas, and device pixels per CSS pixel. */
  width: number;
  height: number;
  dpr: number;
  m: PlotTransform;
  /** Lines are clipped to this rectangle (the plot, widened by half a line). */
  clip: { x: number; y: number; width: number; height: number };
  /** First line on top, as the first series of a chart is. */
  lines: readonly LiveLine[];
  /** Time labels, centred on x and, vertically, on `labelY`. */
  labels: readonly { x: number; text: string }[];
  labelY: number;
  font: string;
  labelColor: string;
}

/**
 * Paints a trend chart's moving part — its lines and time labels — on a plain canvas, the way uPlot
 * does: one clear, one font, one path per line. A tick changes nothing else, so nothing else is drawn:
 * the axes, grid and cap stay on the ECharts frame underneath, the tooltip on the ECharts layer above.
 */
export function paintLiveLayer(ctx: LiveLayerContext, layer: LiveLayer): void {
  const { dpr, clip } = layer;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, layer.width, layer.height);
  if (layer.labels.length > 0) {
    ctx.font = layer.font;
    ctx.fillStyle = layer.labelColor;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const l of layer.labels) ctx.fillText(l.text, l.x, layer.labelY);
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(clip.x, clip.y, clip.width, clip.height);
  ctx.clip();
  ctx.lineJoin = 'bevel';
  for (let i = layer.lines.length - 1; i >= 0; i--) {
    const line = layer.lines[i]!;
    ctx.beginPath();
    if (traceLine(ctx, line.data, layer.m) === 0) continue;
    ctx.strokeStyle = line.color;
    ctx.lineWidth = line.width;
    ctx.stroke();
  }
  ctx.restore();
}
