import { CSV_HEADERS, csvColumnsAt, type HistoryResponse, metricsAt, roundForCsv } from '@gigawatt/shared';
import { openRecording } from '@gigawatt/shared/recording';
import { makeTestRecording } from '@gigawatt/shared/recording/testing';
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

// The server's export.csv writes from the same shared columns (server/src/http/exportCsv.ts); the
// client and server never import each other, so each side is held to the shared list.
describe('windowCsv against the shared export columns and the registry', () => {
  it('has a column for every site or hall metric with a CSV column, headed as the export heads it', () => {
    for (const level of ['site', 'hall'] as const) {
      const cols = csvColumnsAt(level);
      expect(cols.map((c) => c.def.id).sort()).toEqual(
        metricsAt(level)
          .filter((d) => d.csv)
          .map((d) => d.id)
          .sort(),
      );
      const keys = level === 'site' ? ['time', 'site'] : ['time', 'site', 'hall'];
      expect([...keys, ...cols.map((c) => c.header)].join(','), level).toBe(CSV_HEADERS[level]);
    }
  });

  it('writes what the server export writes of the same seconds: header, rows and digits', async () => {
    const rec = await openRecording((await makeTestRecording(4)).bytes);
    // The server's export: a row per site sample in recording order, each cell rounded to its digits.
    let server = `${CSV_HEADERS.site}\r\n`;
    // The history a source answers at 1 s: each second's value as the mean of its bucket.
    const series = new Map<string, HistoryResponse['series'][number]>();
    const sites: string[] = [];
    for await (const m of rec.readMessages()) {
      if (m.kind !== 'site') continue;
      if (!sites.includes(m.sample.site)) sites.push(m.sample.site);
      const cells = csvColumnsAt('site').map((c) =>
        roundForCsv(
          c.def.read(m.sample, () => Number.NaN),
          c.digits,
        ),
      );
      server += `${[new Date(m.sample.t).toISOString(), m.sample.site, ...cells.map((v) => (Number.isFinite(v) ? v : ''))].join(',')}\r\n`;
      for (const c of csvColumnsAt('site')) {
        const id = siteSeries(m.sample.site, c.def.id);
        let s = series.get(id);
        if (!s) {
          s = { id, unit: c.def.unit, t: [], mean: [], min: [], max: [] };
          series.set(id, s);
        }
        const v = c.def.read(m.sample, () => Number.NaN);
        s.t.push(m.sample.t);
        s.mean.push(v);
        s.min.push(v);
        s.max.push(v);
      }
    }
    expect(sites.length).toBeGreaterThan(0);
    const t = [...series.values()].flatMap((s) => s.t);
    const client = windowCsv(sites, {
      from: Math.min(...t),
      to: Math.max(...t) + 1000,
      tier: '1s',
      stepMs: 1000,
      series: [...series.values()],
    });
    expect(client.split('\r\n').length).toBeGreaterThan(2);
    expect(client).toBe(server);
  });
});
