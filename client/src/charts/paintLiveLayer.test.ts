import { describe, expect, it } from 'vitest';
import { plotTransform } from './linePath.ts';
import { type LiveLayer, type LiveLayerContext, paintLiveLayer } from './paintLiveLayer.ts';

/** A context that records what was drawn, with the style in force at each stroke and text. */
function spyContext() {
  const calls: string[] = [];
  const ctx: LiveLayerContext = {
    font: '',
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    setTransform: (a, _b, _c, d, e, f) => calls.push(`transform ${a} ${d} ${e} ${f}`),
    clearRect: (x, y, w, h) => calls.push(`clear ${x} ${y} ${w} ${h}`),
    save: () => calls.push('save'),
    restore: () => calls.push('restore'),
    beginPath: () => calls.push('begin'),
    rect: (x, y, w, h) => calls.push(`rect ${x} ${y} ${w} ${h}`),
    clip: () => calls.push('clip'),
    moveTo: (x, y) => calls.push(`M ${x} ${y}`),
    lineTo: (x, y) => calls.push(`L ${x} ${y}`),
    stroke: () => calls.push(`stroke ${String(ctx.strokeStyle)} ${ctx.lineWidth} ${ctx.lineJoin}`),
    fillText: (text, x, y) =>
      calls.push(
        `text ${text} ${x} ${y} ${ctx.font} ${String(ctx.fillStyle)} ${ctx.textAlign} ${ctx.textBaseline}`,
      ),
  };
  return { ctx, calls };
}

const layer = (over: Partial<LiveLayer> = {}): LiveLayer => ({
  width: 200,
  height: 100,
  dpr: 2,
  m: plotTransform({ left: 0, top: 0, width: 100, height: 80 }, 0, 100, 0, 10),
  clip: { x: -1, y: -1, width: 102, height: 82 },
  lines: [
    { data: [0, 0, 100, 10], color: 'red', width: 3 },
    { data: [0, 5, 100, 5], color: 'blue', width: 2 },
  ],
  labels: [{ x: 50, text: '12:00' }],
  labelY: 88,
  font: '24px sans-serif',
  labelColor: 'grey',
  ...over,
});

describe('paintLiveLayer', () => {
  it('clears the whole canvas at its pixel ratio, then draws the labels and the clipped lines', () => {
    const { ctx, calls } = spyContext();
    paintLiveLayer(ctx, layer());
    expect(calls).toEqual([
      'transform 2 2 0 0',
      'clear 0 0 200 100',
      'text 12:00 50 88 24px sans-serif grey center middle',
      'save',
      'begin',
      'rect -1 -1 102 82',
      'clip',
      // The last line first, so the first line ends on top.
      'begin',
      'M 0 40',
      'L 100 40',
      'stroke blue 2 bevel',
      'begin',
      'M 0 80',
      'L 100 0',
      'stroke red 3 bevel',
      'restore',
    ]);
  });

  it('strokes nothing for a line with no points or only missing values, and sets no font without labels', () => {
    const { ctx, calls } = spyContext();
    paintLiveLayer(
      ctx,
      layer({
        labels: [],
        lines: [
          { data: [], color: 'red', width: 1 },
          { data: [0, Number.NaN], color: 'blue', width: 1 },
        ],
      }),
    );
    expect(calls.filter((c) => c.startsWith('stroke') || c.startsWith('text'))).toEqual([]);
    expect(ctx.font).toBe('');
  });
});
