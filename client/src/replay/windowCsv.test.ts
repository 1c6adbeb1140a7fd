import { describe, expect, it } from 'vitest';
import { siteSeries } from '../store/seriesCatalog.ts';
import { windowCsv, windowSeries } from './windowCsv.ts';

describe('windowCsv', () => {
  it('asks for every site column and writes one row per site per second, like the server export', () => {
    expect(windowSeries(['ohio'])).toContain('site:ohio:facilityPowerMw');
    const t0 = Date.UTC(2026, 10, 23, 14, 0, 0);
    const csv = windowCsv(['ohio', 'texas'], {
      from: t0,
      to: t0 + 2000,
      tier: '1s',
      stepMs: 1000,
      series: [
        {
          id: siteSeries('ohio', 'facilityPowerMw'),
          unit: 'MW',
          t: [t0, t0 + 1000],
          mean: [400, 401],
          min: [],
          max: [],
        },
        { id: siteSeries('texas', 'facilityPowerMw'), unit: 'MW', t: [t0], mean: [600], min: [], max: [] },
        { id: siteSeries('texas', 'pue'), unit: '', t: [t0], mean: [1.15], min: [], max: [] },
      ],
    });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'time,site,facilityPowerMw (MW),itPowerMw (MW),pue,gpuUtilPct (%),inletTempC (°C),gpusTotal (GPUs),gpusRented (GPUs),gpusInternal (GPUs),gpusIdle (GPUs),gpusFailed (GPUs)',
    );
    expect(lines.slice(1)).toEqual([
      '2026-11-23T14:00:00.000Z,ohio,400,,,,,,,,,',
      '2026-11-23T14:00:00.000Z,texas,600,,1.15,,,,,,,',
      '2026-11-23T14:00:01.000Z,ohio,401,,,,,,,,,',
    ]);
  });
});
