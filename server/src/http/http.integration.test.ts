import { get as httpGet } from 'node:http';
import {
  decodeHistoryWire,
  fleetConfigSchema,
  HISTORY_FORMAT,
  historyResponseSchema,
  historyWireSchema,
} from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, testConfig } from '../testing/fixtures.ts';

let server: GigawattServer;
const base = Math.floor(Date.now() / 1000) - 120;
beforeAll(async () => {
  server = await createGigawattServer(testConfig());
  for (let s = 0; s < 90; s++) {
    for (const site of server.store.idx.fleet.sites) {
      server.ingest.sample(makeSample(site.id, (base + s) * 1000, { util: 40 + (s % 50) }));
    }
    server.ticks.through(base + s);
  }
});
afterAll(async () => {
  await server.close();
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe('HTTP API', () => {
  it('GET /healthz', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', uptimeS: expect.any(Number) });
  });

  it('GET /api/fleet returns a valid fleet config', async () => {
    const res = await get('/api/fleet');
    expect(fleetConfigSchema.parse(await res.json()).sites).toHaveLength(4);
  });

  it('GET /api/history returns columns from the 1 s tier, bounded by maxPoints', async () => {
    const from = (base + 10) * 1000;
    const to = (base + 70) * 1000;
    const res = await get(
      `/api/history?series=site:ohio:gpuUtilPct,fleet:itPowerMw,hall:ohio:h11:gpusRented&from=${from}&to=${to}&maxPoints=1000`,
    );
    expect(res.status).toBe(200);
    const wire = historyWireSchema.parse(await res.json());
    expect(wire.format).toBe(HISTORY_FORMAT);
    // One time column for all three: they come from one tier and one bucketing.
    expect(wire.t).toHaveLength(61);
    expect(wire.series.every((s) => s.t === undefined)).toBe(true);
    const h = decodeHistoryWire(wire);
    expect(h.tier).toBe('1s');
    const util = h.series[0]!;
    expect(util.t).toHaveLength(61);
    expect(util.t[0]).toBe(from);
    expect(util.mean[0]).toBe(40 + 10);
    expect(h.series[1]!.t).toHaveLength(61);
    const few = decodeHistoryWire(
      historyWireSchema.parse(
        await (
          await get(`/api/history?series=site:ohio:gpuUtilPct&from=${from}&to=${to}&maxPoints=10`)
        ).json(),
      ),
    );
    expect(few.series[0]!.t.length).toBeLessThanOrEqual(10);
    expect(Math.max(...few.series[0]!.max)).toBe(Math.max(...util.max));
  });

  it('GET /api/history?format=1 answers the older layout with the same values; a bad format is a 400', async () => {
    const from = (base + 10) * 1000;
    const to = (base + 70) * 1000;
    const q = `series=site:ohio:gpuUtilPct,fleet:itPowerMw&from=${from}&to=${to}&maxPoints=20`;
    const wire = decodeHistoryWire(historyWireSchema.parse(await (await get(`/api/history?${q}`)).json()));
    const oldBody = (await (await get(`/api/history?${q}&format=1`)).json()) as Record<string, unknown>;
    expect(oldBody.format).toBeUndefined();
    expect(historyResponseSchema.parse(oldBody)).toEqual(wire);
    const bad = await get(`/api/history?${q}&format=3`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/format must be 1 or 2/);
  });

  it('accepts RFC 3339 times and answers an empty range with empty columns', async () => {
    const from = new Date(Date.now() - 48 * 3600_000).toISOString();
    const to = new Date(Date.now() - 47 * 3600_000).toISOString();
    const res = await get(`/api/history?series=site:texas:pue&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const wire = historyWireSchema.parse(await res.json());
    expect(wire.t).toEqual([]);
    expect(wire.series[0]!.mean).toEqual([]);
  });

  it('GET /api/history answers 304 to the current ETag, and the new answer once history has moved', async () => {
    const path = `/api/history?series=site:ohio:gpuUtilPct&from=${(base + 10) * 1000}&to=${(base + 200) * 1000}`;
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const before = historyWireSchema.parse(await first.json());
    // node:http, not fetch: fetch adds Cache-Control: no-cache to a request with If-None-Match.
    const conditional = () =>
      new Promise<{ status: number; etag: string | undefined; body: string }>((resolve, reject) => {
        httpGet(`${server.url}${path}`, { headers: { 'if-none-match': etag } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode!, etag: res.headers.etag, body }));
        }).on('error', reject);
      });
    expect((await conditional()).status).toBe(304);
    // The next second arrives: the same query now has a new answer and a new ETag.
    server.ingest.sample(makeSample('ohio', (base + 90) * 1000, { util: 1 }));
    const later = await conditional();
    expect(later.status).toBe(200);
    expect(later.etag).not.toBe(etag);
    const after = historyWireSchema.parse(JSON.parse(later.body));
    expect(after.t.at(-1)).toBe((base + 90) * 1000);
    expect(after.t.length).toBe(before.t.length + 1);
  });

  it.each([
    ['no series', '/api/history', /series is required/],
    ['unknown series', '/api/history?series=site:atlantis:pue', /unknown site/],
    ['unknown metric', '/api/history?series=fleet:happiness', /unknown metric/],
    ['hall metric that does not exist', '/api/history?series=hall:ohio:h1:pue', /hall level/],
    ['reversed range', '/api/history?series=fleet:pue&from=2000&to=1000', /before/],
    ['huge range', '/api/history?series=fleet:pue&from=0&to=99999999999999', /exceed|ms since epoch/],
    ['non-number from', '/api/history?series=fleet:pue&from=yesterday', /from must be/],
    ['bad maxPoints', '/api/history?series=fleet:pue&maxPoints=-3', /maxPoints/],
    ['float maxPoints', '/api/history?series=fleet:pue&maxPoints=1e9', /maxPoints/],
    ['repeated parameter', '/api/history?series=fleet:pue&from=1&from=2', /once/],
  ])('GET /api/history with %s → 400 with a clear message', async (_name, path, re) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(re);
  });

  it('unknown API paths are JSON 404s', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/no such endpoint/);
  });

  it('GET /metrics exposes server health and fleet gauges', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/gigawatt_site_facility_power_watts\{site="ohio"\} \d/);
    expect(text).toMatch(/gigawatt_ingest_samples_total\{outcome="live"\} \d+/);
  });
});
