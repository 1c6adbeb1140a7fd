import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BacklogEntry, SampleBacklog } from './sampleBacklog.ts';

const T0 = Date.UTC(2026, 5, 1, 12);
const sec = (i: number) => T0 + i * 1000;

/** Two sites a second, as a producer pushes them. */
function pushSeconds(b: SampleBacklog<string>, from: number, to: number) {
  for (let i = from; i <= to; i++) for (const site of ['a', 'b']) b.push(sec(i), `${site}${i}`);
}

function drain<T>(b: SampleBacklog<T>): BacklogEntry<T>[] {
  const out: BacklogEntry<T>[] = [];
  for (let e = b.shift(); e; e = b.shift()) out.push(e);
  return out;
}

describe('SampleBacklog', () => {
  it('gives samples back oldest first', () => {
    const b = new SampleBacklog<string>(60_000);
    pushSeconds(b, 1, 3);
    expect(b.size).toBe(6);
    expect(b.range).toEqual({ from: sec(1), to: sec(3) });
    expect(drain(b).map((e) => e.payload)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(b.range).toBeUndefined();
  });

  it('holds at most its span of seconds, drops the oldest and reports the run once', () => {
    const b = new SampleBacklog<string>(3000);
    pushSeconds(b, 1, 3);
    expect(b.dropping).toBe(false);
    pushSeconds(b, 4, 8);
    expect(b.size).toBe(6);
    expect(drain(b).map((e) => e.payload)).toEqual(['a6', 'b6', 'a7', 'b7', 'a8', 'b8']);
    expect(b.dropped).toBe(10);
    expect(b.dropping).toBe(true);
    expect(b.takeDroppedRun()).toEqual({ samples: 10, seconds: 5, from: sec(1), to: sec(5) });
    expect(b.takeDroppedRun()).toBeUndefined();
    expect(b.dropped).toBe(10);
  });

  it('puts an unacknowledged sample back in its place, or drops it once it is outside the span', () => {
    const b = new SampleBacklog<string>(5000);
    pushSeconds(b, 1, 3);
    const [a1, b1, a2] = [b.shift()!, b.shift()!, b.shift()!];
    a1.attempts = 1;
    b.requeue(a2);
    b.requeue(a1);
    expect(drain(b).map((e) => [e.payload, e.attempts])).toEqual([
      ['a1', 1],
      ['a2', 0],
      ['b2', 0],
      ['a3', 0],
      ['b3', 0],
    ]);
    pushSeconds(b, 4, 6);
    b.requeue(b1);
    expect(b.dropped).toBe(1);
    expect(b.takeDroppedRun()).toEqual({ samples: 1, seconds: 1, from: sec(1), to: sec(1) });
  });

  it('empties on clear and refuses a span under a second', () => {
    const b = new SampleBacklog<string>(1000);
    pushSeconds(b, 1, 2);
    expect(b.size).toBe(2);
    expect(b.clear()).toBe(2);
    expect(b.size).toBe(0);
    expect(() => new SampleBacklog(999)).toThrow(/at least 1 s/);
  });

  it('keeps exactly the newest span of seconds, in order, whatever is taken and put back meanwhile', () => {
    // Operations: push the next second (2 sites), take up to k for sending, put some of those back.
    const op = fc.oneof(
      fc.constant({ kind: 'push' as const }),
      fc.record({ kind: fc.constant('take' as const), k: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('requeue' as const), pick: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 120 }), (spanS, ops) => {
        const b = new SampleBacklog<number>(spanS * 1000);
        let second = 0;
        const out: BacklogEntry<number>[] = [];
        const acked = new Set<number>();
        for (const o of ops) {
          if (o.kind === 'push') {
            second++;
            b.push(sec(second), 2 * second);
            b.push(sec(second), 2 * second + 1);
          } else if (o.kind === 'take') {
            for (let i = 0; i < o.k; i++) {
              const e = b.shift();
              if (e) out.push(e);
            }
          } else if (out.length > 0) {
            const [e] = out.splice(o.pick % out.length, 1);
            b.requeue(e!);
          }
          // Bound: nothing older than the span behind the newest second, size within 2 per second.
          const range = b.range;
          if (range) expect(range.from).toBeGreaterThan(sec(second) - spanS * 1000);
          expect(b.size).toBeLessThanOrEqual(2 * spanS);
        }
        for (const e of out) acked.add(e.payload);
        const rest = drain(b);
        // Queued entries are in the producer's order.
        for (let i = 1; i < rest.length; i++) expect(rest[i]!.n).toBeGreaterThan(rest[i - 1]!.n);
        // Every sample is accounted for exactly once: taken, still queued, or dropped.
        for (const e of rest) {
          expect(acked.has(e.payload)).toBe(false);
          acked.add(e.payload);
        }
        expect(acked.size + b.dropped).toBe(2 * second);
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});
