import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTickSequencer } from './tickSequencer.ts';

describe('tickSequencer', () => {
  it('drops duplicates and old ticks', () => {
    const s = createTickSequencer();
    expect(s.accept(1, 1000).keep).toBe(true);
    expect(s.accept(2, 2000).keep).toBe(true);
    expect(s.accept(2, 2000).keep).toBe(false);
    expect(s.accept(1, 1000).keep).toBe(false);
    expect(s.lastSeq).toBe(2);
  });

  it('reports a gap when data resumes late', () => {
    const s = createTickSequencer(2500);
    s.accept(1, 1000);
    expect(s.accept(2, 2000).gap).toBeNull();
    expect(s.accept(50, 50_000).gap).toEqual({ from: 2000, to: 50_000 });
  });

  it('accepts a restarted server sequence after its hello', () => {
    const s = createTickSequencer();
    s.accept(500, 500_000);
    s.onHello(3);
    expect(s.lastSeq).toBeNull();
    const r = s.accept(4, 520_000);
    expect(r.keep).toBe(true);
    expect(r.gap).toEqual({ from: 500_000, to: 520_000 });
  });

  it('keeps a strictly increasing subsequence of any delivery order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 200 }), (seqs) => {
        const s = createTickSequencer();
        const kept = seqs.filter((q) => s.accept(q, q * 1000).keep);
        expect(kept.every((q, i) => i === 0 || q > kept[i - 1]!)).toBe(true);
        expect(new Set(kept).size).toBe(kept.length);
      }),
    );
  });
});
