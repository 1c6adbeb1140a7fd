import {
  defaultFleet,
  formatSeriesId,
  hallMetric,
  indexFleet,
  type MetricDef,
  metricsAt,
  siteMetric,
} from '@gigawatt/shared';
import { openRecording } from '@gigawatt/shared/recording';
import { makeTestRecording } from '@gigawatt/shared/recording/testing';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '../http/exportCsv.ts';
import { REJECT_REASONS } from '../ingest/ingestService.ts';
import { float32Digits } from '../store/float32Digits.ts';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { makeSample } from '../testing/fixtures.ts';
import { createServerMetrics } from './serverMetrics.ts';

/*
 * A metric added to the registry must reach every output without anyone remembering to add it: this
 * walks the registry, not a list of names, so a new metric is checked the day it is added.
 */

const idx = indexFleet(defaultFleet);
const T = Date.UTC(2026, 5, 1, 12, 0, 0);
const SITE = metricsAt('site');
const noCounts = () =>
  Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<(typeof REJECT_REASONS)[number], number>;

function storeWithOneSecond(): { store: TelemetryStore; sample: ReturnType<typeof makeSample> } {
  const store = new TelemetryStore(idx);
  const sample = makeSample('ohio', T);
  expect(store.putSample(sample)).toBe(true);
  return { store, sample };
}

async function scrape(store: TelemetryStore): Promise<string> {
  const metrics = createServerMetrics({
    store,
    ingest: {
      stats: {
        accepted: 0,
        late: 0,
        duplicates: 0,
        rejected: 0,
        seqResets: 0,
        racksAccepted: 0,
        racksStale: 0,
        racksRejected: 0,
        rejectedBy: noCounts(),
        racksRejectedBy: noCounts(),
        unauthorized: 0,
      },
    },
    ticksSent: () => 0,
    alerts: { active: () => [] },
    rules: [],
    recorder: undefined,
    socketIo: () => [],
    dataDir: undefined,
    bus: () => ({ connected: true, lagMs: 0 }),
    version: 'test',
  });
  return metrics.render();
}

describe('every site-level registry metric reaches every output', () => {
  it('/metrics exposes it with a site label, unless the registry says why not', async () => {
    const { store, sample } = storeWithOneSecond();
    const text = await scrape(store);
    for (const def of SITE) {
      const g = def.prometheus.gauges.site;
      if (!g) {
        expect(def.prometheus.unexported, `${def.id} is neither exported nor explained`).toBeTruthy();
        continue;
      }
      const labels = Object.entries(def.prometheus.labels ?? {})
        .map(([k, v]) => `,${k}="${v}"`)
        .join('');
      const line = text.split('\n').find((l) => l.startsWith(`${g.name}{site="ohio"${labels}} `));
      expect(line, `${def.id} as ${g.name}`).toBeDefined();
      const v = Number(line!.slice(line!.lastIndexOf(' ') + 1));
      const expected = siteMetric(sample, def.id, idx) * (def.prometheus.scale ?? 1);
      expect(v, def.id).toBeCloseTo(expected, 6);
    }
  });

  it('the site CSV export has its column with a value in every row, unless the registry says why not', async () => {
    const rec = await openRecording((await makeTestRecording(3)).bytes);
    const chunks: string[] = [];
    const rows = await exportCsv(rec, { level: 'site', from: undefined, to: undefined }, (c) =>
      chunks.push(c),
    );
    const [header, ...lines] = chunks.join('').trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(lines).toHaveLength(rows);
    expect(rows).toBeGreaterThan(0);
    for (const def of SITE) {
      if (!def.csv) {
        expect(def.csvOmitted, `${def.id} is neither a CSV column nor explained`).toBeTruthy();
        continue;
      }
      const at = columns.indexOf(def.csv.header);
      expect(at, `${def.id} as "${def.csv.header}"`).toBeGreaterThan(1);
      for (const line of lines) expect(line.split(',')[at], def.id).not.toBe('');
    }
  });

  it('history answers it, with the value the sample gave', () => {
    const { store, sample } = storeWithOneSecond();
    const expectAnswer = (def: MetricDef, id: string, value: number) => {
      expect(store.hasSeries(id), id).toBe(true);
      const h = store.history({ series: [id], from: T - 1000, to: T + 1000, maxPoints: 10 });
      expect(h.series[0]!.unit, id).toBe(def.unit);
      expect(h.series[0]!.mean, id).toEqual([float32Digits(value)]);
    };
    for (const def of SITE) {
      expectAnswer(
        def,
        formatSeriesId({ level: 'site', site: 'ohio', metric: def.id }),
        siteMetric(sample, def.id, idx),
      );
    }
    // The fleet row is rolled up from the one site present, so it reads the same.
    for (const def of metricsAt('fleet')) {
      expectAnswer(def, formatSeriesId({ level: 'fleet', metric: def.id }), siteMetric(sample, def.id, idx));
    }
  });
});

describe('every hall-level registry metric reaches /metrics', () => {
  it('/metrics exposes each hall-level gauge for every hall that measures it, and no NaN for one that does not', async () => {
    const store = new TelemetryStore(idx);
    const sample = makeSample('ohio', T, {
      coolant: (_hall, design) => ({ supplyC: 30.5, returnC: 38, flowLpm: design, cduPowerKw: 9 }),
    });
    expect(store.putSample(sample)).toBe(true);
    const lines = (await scrape(store)).split('\n');
    for (const def of metricsAt('hall')) {
      const g = def.prometheus.gauges.hall;
      if (!g) {
        expect(def.prometheus.unexported, `${def.id} is neither exported nor explained`).toBeTruthy();
        continue;
      }
      const labels = Object.entries(def.prometheus.labels ?? {})
        .map(([k, v]) => `,${k}="${v}"`)
        .join('');
      for (const h of sample.halls) {
        const expected = hallMetric('ohio', h, def.id, idx) * (def.prometheus.scale ?? 1);
        const line = lines.find((l) => l.startsWith(`${g.name}{site="ohio",hall="${h.hall}"${labels}} `));
        // An air-cooled hall has no coolant loop: no series rather than a NaN line.
        if (Number.isNaN(expected)) {
          expect(line, `${def.id} of ${h.hall}`).toBeUndefined();
          continue;
        }
        expect(line, `${def.id} of ${h.hall} as ${g.name}`).toBeDefined();
        expect(Number(line!.slice(line!.lastIndexOf(' ') + 1)), `${def.id} of ${h.hall}`).toBeCloseTo(
          expected,
          6,
        );
      }
    }
    // Ohio has both kinds, so both branches above ran.
    expect(sample.halls.some((h) => h.coolant) && sample.halls.some((h) => !h.coolant)).toBe(true);
  });
});
