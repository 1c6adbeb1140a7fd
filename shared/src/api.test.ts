import { describe, expect, it } from 'vitest';
import { decodeHistoryWire, HISTORY_FORMAT, historyWireSchema, parseHistoryWire } from './api.ts';

const wire = {
  format: HISTORY_FORMAT,
  from: 0,
  to: 3000,
  tier: '1s' as const,
  stepMs: 1000,
  t: [0, 1000, 2000],
  series: [
    { id: 'fleet:pue', unit: '', mean: [1, 2, 3], min: [1, 2, 3], max: [1, 2, 3] },
    { id: 'site:ohio:pue', unit: '', mean: [4, 5, 6], min: [4, 5, 6], max: [4, 5, 6] },
    { id: 'hall:ohio:h11:gpuUtilPct', unit: '%', t: [2000], mean: [50], min: [40], max: [60] },
  ],
};

describe('GET /api/history wire format', () => {
  it('decodes to series that each own their times (a change to one leaves the others alone)', () => {
    const h = decodeHistoryWire(historyWireSchema.parse(wire));
    expect(h.series.map((s) => s.t)).toEqual([[0, 1000, 2000], [0, 1000, 2000], [2000]]);
    h.series[0]!.t.push(3000);
    expect(h.series[1]!.t).toEqual([0, 1000, 2000]);
    expect(h).toMatchObject({ from: 0, to: 3000, tier: '1s', stepMs: 1000 });
  });

  it('reads either layout: format 2, or per series (an older node) as it is', () => {
    const columnar = parseHistoryWire(wire);
    expect(columnar.ok && columnar.value.series[2]).toMatchObject({
      id: 'hall:ohio:h11:gpuUtilPct',
      t: [2000],
    });
    const legacy = {
      from: 0,
      to: 1,
      tier: '1s',
      stepMs: 1000,
      series: [{ id: 'fleet:pue', unit: '', t: [0], mean: [1], min: [1], max: [1] }],
    };
    expect(parseHistoryWire(legacy)).toEqual({ ok: true, value: legacy });
  });

  it('refuses columns that do not line up with their times, and formats it does not know', () => {
    const short = { ...wire, series: [{ ...wire.series[0]!, min: [1, 2] }] };
    expect(parseHistoryWire(short)).toEqual({
      ok: false,
      error: expect.stringMatching(/series\.0\.min: has 2 values for 3 times/),
    });
    expect(parseHistoryWire({ ...wire, format: 3 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/format/),
    });
    expect(parseHistoryWire(null)).toMatchObject({ ok: false });
  });
});
