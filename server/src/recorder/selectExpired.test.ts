import type { RecordingInfo } from '@gigawatt/shared/recording';
import { describe, expect, it } from 'vitest';
import { selectExpired } from './selectExpired.ts';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 8);
const rec = (n: number, patch: Partial<RecordingInfo> = {}): RecordingInfo => ({
  id: `seg-20260601T${String(n).padStart(2, '0')}0000Z-0000000${n % 10}`,
  kind: 'segment',
  name: `segment ${n}`,
  level: 'hall',
  scope: {},
  start: NOW - (10 - n) * H,
  end: NOW - (9 - n) * H - 1,
  size: 100,
  messages: 10,
  state: 'complete',
  created: NOW - (10 - n) * H,
  ...patch,
});

describe('selectExpired', () => {
  it('picks the oldest finished segments until the total fits, never captures or the running one', () => {
    const all = [
      rec(5),
      rec(3),
      rec(4, { kind: 'capture', size: 1000 }),
      rec(6),
      rec(7, { state: 'recording', end: undefined }),
    ];
    expect(selectExpired(all, { maxBytes: 1000, maxAgeMs: 100 * H, now: NOW })).toEqual([]);
    // Captures are not counted against the segment budget: 4 segments × 100 B.
    expect(selectExpired(all, { maxBytes: 250, maxAgeMs: 100 * H, now: NOW })).toEqual([
      rec(3).id,
      rec(5).id,
    ]);
    expect(selectExpired(all, { maxBytes: 0, maxAgeMs: 100 * H, now: NOW })).toEqual([
      rec(3).id,
      rec(5).id,
      rec(6).id,
    ]);
  });

  it('picks segments that ended before the age limit', () => {
    const all = [rec(1), rec(2), rec(8, { state: 'recovered' }), rec(9, { state: 'failed' })];
    expect(selectExpired(all, { maxBytes: 1e9, maxAgeMs: 5 * H, now: NOW })).toEqual([rec(1).id, rec(2).id]);
    expect(selectExpired(all, { maxBytes: 1e9, maxAgeMs: 0, now: NOW })).toEqual(all.map((r) => r.id));
  });

  it('never picks demos or imports, however old or large', () => {
    const all = [
      rec(1, { kind: 'demo', id: 'demo-20260601T010000Z-00000001', size: 1e12 }),
      rec(2, { kind: 'import', id: 'imp-20260601T020000Z-00000002', size: 1e12 }),
      rec(3),
    ];
    expect(selectExpired(all, { maxBytes: 0, maxAgeMs: 0, now: NOW })).toEqual([rec(3).id]);
  });
});
