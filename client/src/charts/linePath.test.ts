import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PathSink, plotTransform, traceLine } from './linePath.ts';

/** Records the path as ['M'|'L', x, y] commands. */
function spy(): PathSink & { cmds: [string, number, number][] } {
  const cmds: [string, number, number][] = [];
  return {
    cmds,
    moveTo: (x, y) => cmds.push(['M', x, y]),
    lineTo: (x, y) => cmds.push(['L', x, y]),
  };
}

describe('plotTransform', () => {
  it('maps the corners of the data range to the corners of the plot', () => {
    const m = plotTransform({ left: 10, top: 20, width: 100, height: 50 }, 1000, 2000, 0, 10);
    const s = spy();
    traceLine(s, [1000, 0, 2000, 10], m);
    expect(s.cmds).toEqual([
      ['M', 10, 70],
      ['L', 110, 20],
    ]);
  });

  it('puts everything on the left and bottom edges of an empty range instead of dividing by zero', () => {
    const m = plotTransform({ left: 5, top: 0, width: 100, height: 40 }, 7, 7, 3, 3);
    expect(m.sx).toBe(0);
    expect(m.sy).toBe(0);
  });
});

describe('traceLine', () => {
  const m = plotTransform({ left: 0, top: 0, width: 100, height: 100 }, 0, 100, 0, 100);

  it('breaks the line at a missing value and starts a new segment after it (connectNulls: false)', () => {
    const s = spy();
    const n = traceLine(s, [0, 10, 10, 20, 20, Number.NaN, 30, 40, 40, 50], m);
    expect(n).toBe(4);
    expect(s.cmds.map((c) => c[0])).toEqual(['M', 'L', 'M', 'L']);
    expect(s.cmds[2]).toEqual(['M', 30, 60]);
  });

  it('skips points under a pixel from the last one drawn, never a segment start', () => {
    const s = spy();
    traceLine(s, [0, 50, 0.2, 50.2, 0.4, 50, 10, 50, 10.1, Number.NaN, 10.2, 50], m);
    expect(s.cmds).toEqual([
      ['M', 0, 50],
      ['L', 10, 50],
      ['M', 10.2, 50],
    ]);
  });

  it('draws nothing for no points or only missing values', () => {
    const s = spy();
    expect(traceLine(s, [], m)).toBe(0);
    expect(traceLine(s, [1, Number.NaN, 2, Number.NaN], m)).toBe(0);
    expect(s.cmds).toEqual([]);
  });

  it('draws every finite point that is a pixel or more from the previous one, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(Number.NaN)), { maxLength: 60 }),
        (values) => {
          // One point per 2 px: none is skipped as too close.
          const data = values.flatMap((v, i) => [i * 2, v]);
          const s = spy();
          const n = traceLine(
            s,
            data,
            plotTransform({ left: 0, top: 0, width: 200, height: 100 }, 0, 200, 0, 100),
          );
          const finite = values.filter(Number.isFinite).length;
          expect(n).toBe(finite);
          expect(s.cmds.length).toBe(finite);
          // A segment starts at the first value and after each gap that is followed by a value.
          const starts = values.filter(
            (v, i) => Number.isFinite(v) && (i === 0 || !Number.isFinite(values[i - 1]!)),
          );
          expect(s.cmds.filter((c) => c[0] === 'M').length).toBe(starts.length);
          for (let i = 1; i < s.cmds.length; i++) expect(s.cmds[i]![1]).toBeGreaterThan(s.cmds[i - 1]![1]);
        },
      ),
    );
  });
});
