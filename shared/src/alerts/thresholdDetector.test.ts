import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ThresholdChange, ThresholdDetector, type ThresholdOptions } from './thresholdDetector.ts';

const RAISE = 90;
const CLEAR = 85;
const opts = (o: Partial<ThresholdOptions> = {}): ThresholdOptions => ({
  raiseAt: RAISE,
  clearBelow: CLEAR,
  forS: 5,
  clearForS: 3,
  ...o,
});

/** Feeds (t, value) pairs; returns the changes with the index of the reading that caused them. */
function run(d: ThresholdDetector, readings: readonly (readonly [number, number])[]) {
  const changes: { i: number; change: ThresholdChange }[] = [];
  readings.forEach(([t, v], i) => {
    const change = d.update(t, v);
    if (change) changes.push({ i, change });
  });
  return changes;
}

/** Readings one second apart from t = 0. */
const everySecond = (values: readonly number[]) => values.map((v, i) => [i * 1000, v] as const);

const PROP = { seed: 20_260_115, numRuns: 300 };

/**
 * Uniform in [min, max] (or the open interval). fc.double draws uniformly over float encodings, so most
 * of its values in a range starting at 0 would be tiny; exact boundary values get their own tests above.
 */
const uniform = (min: number, max: number, open = false) =>
  fc
    .integer({ min: open ? 1 : 0, max: open ? 999_999 : 1_000_000 })
    .map((i) => min + ((max - min) * i) / 1e6);

describe('ThresholdDetector', () => {
  it('raises only after the condition held forS seconds, clears after clearForS below the clear level', () => {
    const d = new ThresholdDetector(opts());
    const changes = run(d, everySecond([80, 95, 95, 95, 95, 95, 95, 84, 84, 84, 84, 84]));
    // t=1 first above, t=6 is 5 s later; t=7 first below, t=10 is 3 s later.
    expect(changes).toEqual([
      { i: 6, change: 'raise' },
      { i: 10, change: 'clear' },
    ]);
  });

  it('restarts the hold when the condition breaks, and when readings have a long gap', () => {
    const d = new ThresholdDetector(opts({ maxGapS: 10 }));
    expect(run(d, everySecond([95, 95, 95, 95, 89, 95, 95, 95, 95]))).toEqual([]);
    const gap = new ThresholdDetector(opts({ maxGapS: 10 }));
    expect(
      run(gap, [
        [0, 95],
        [20_000, 95],
        [24_000, 95],
        [25_000, 95],
      ]),
    ).toEqual([{ i: 3, change: 'raise' }]);
  });

  it('raises at once with forS 0; strict compares with >; ignores NaN, repeats and readings from the past', () => {
    const d = new ThresholdDetector(opts({ forS: 0, clearForS: 0 }));
    expect(d.update(1000, 90)).toBe('raise');
    expect(d.update(1000, 0)).toBeUndefined();
    expect(d.update(500, 0)).toBeUndefined();
    expect(d.update(2000, Number.NaN)).toBeUndefined();
    expect(d.active).toBe(true);
    expect(d.update(3000, 84.9)).toBe('clear');
    const strict = new ThresholdDetector(opts({ forS: 0, strict: true }));
    expect(strict.update(0, 90)).toBeUndefined();
    expect(strict.update(1000, 90.01)).toBe('raise');
  });

  it('refuses a clear level above the raise level', () => {
    expect(() => new ThresholdDetector(opts({ clearBelow: 91 }))).toThrow(/clearBelow/);
  });

  const steps = fc.integer({ min: 1, max: 4000 });
  const anyValue = fc.oneof(uniform(0, 200), fc.constantFrom(CLEAR, RAISE));
  const between = uniform(CLEAR, RAISE, true);
  const holds = fc.record({
    forS: fc.integer({ min: 0, max: 20 }),
    clearForS: fc.integer({ min: 0, max: 5 }),
  });

  const timed = (stepsMs: readonly number[], values: readonly number[], from = 0) => {
    let t = from;
    return values.map((v, i) => {
      t += stepsMs[i % stepsMs.length]!;
      return [t, v] as const;
    });
  };

  it('property: a signal that stays strictly between the levels never flaps, raised or not', () => {
    fc.assert(
      fc.property(
        holds,
        fc.boolean(),
        fc.array(steps, { minLength: 1, maxLength: 20 }),
        fc.array(between, { minLength: 1, maxLength: 300 }),
        (h, raiseFirst, stepsMs, values) => {
          const d = new ThresholdDetector(opts(h));
          if (raiseFirst) {
            // Hold above the raise level until it raises.
            let t = 0;
            while (!d.active) {
              t += 1000;
              d.update(t, RAISE + 1);
            }
          }
          const wasActive = d.active;
          const changes = run(d, timed(stepsMs, values, 10 ** 7));
          expect(changes).toEqual([]);
          expect(d.active).toBe(wasActive);
        },
      ),
      PROP,
    );
  });

  /** Asserts `check` for any holds, steps and values (the two levels among them) and what the detector did. */
  const forAnySignal = (check: (values: readonly number[], changes: ReturnType<typeof run>) => void) =>
    fc.assert(
      fc.property(
        holds,
        fc.array(steps, { minLength: 1, maxLength: 20 }),
        fc.array(anyValue, { maxLength: 400 }),
        (h, stepsMs, values) => check(values, run(new ThresholdDetector(opts(h)), timed(stepsMs, values))),
      ),
      PROP,
    );

  it('property: raises and clears alternate, starting with a raise', () => {
    forAnySignal((_values, changes) => {
      changes.forEach((c, i) => {
        expect(c.change).toBe(i % 2 === 0 ? 'raise' : 'clear');
      });
    });
  });

  it('property: a signal above the raise level for less than forS never raises', () => {
    // Runs above the raise level of at most forS readings one second apart last < forS seconds.
    const signal = fc.integer({ min: 1, max: 20 }).chain((forS) =>
      fc.record({
        forS: fc.constant(forS),
        runs: fc.array(
          fc.record({
            above: fc.array(uniform(RAISE, 200), { minLength: 1, maxLength: forS }),
            below: fc.array(uniform(0, RAISE, true), {
              minLength: 1,
              maxLength: 10,
            }),
          }),
          { maxLength: 40 },
        ),
      }),
    );
    fc.assert(
      fc.property(signal, ({ forS, runs }) => {
        const values = runs.flatMap((r) => [...r.above, ...r.below]);
        const changes = run(new ThresholdDetector(opts({ forS })), everySecond(values));
        expect(changes).toEqual([]);
      }),
      PROP,
    );
  });

  it('property: raises are at most the upward crossings of the raise level', () => {
    forAnySignal((values, changes) => {
      const raises = changes.filter((c) => c.change === 'raise').length;
      const crossings = values.filter((v, i) => v >= RAISE && (i === 0 || values[i - 1]! < RAISE)).length;
      expect(raises).toBeLessThanOrEqual(crossings);
    });
  });
});
