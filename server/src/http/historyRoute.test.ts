import { request as rawRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { defaultFleet, historyWireSchema, indexFleet } from '@gigawatt/shared';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { makeSample } from '../testing/fixtures.ts';
import { HistoryCache, historyRoute } from './historyRoute.ts';

const idx = indexFleet(defaultFleet);
const T0 = Date.UTC(2026, 10, 23, 12);
const tiers = [
  { name: '1s' as const, stepMs: 1000, capacity: 120 },
  { name: '10s' as const, stepMs: 10_000, capacity: 30 },
  { name: '1m' as const, stepMs: 60_000, capacity: 20 },
];

let store: TelemetryStore;
let second = 0;
let base = '';
let server: ReturnType<express.Express['listen']>;
const cache = new HistoryCache({ maxEntries: 4 });

/** The next second of every site, as the gate writes it. */
function tick(): void {
  for (const s of defaultFleet.sites)
    store.putSample(makeSample(s.id, T0 + second * 1000, { util: second % 100 }));
  second++;
}

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly these headers (fetch would add accept-encoding and decode). */
function get(path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const url = (series: string, from: number, to: number, maxPoints = 100) =>
  `/h?series=${series}&from=${from}&to=${to}&maxPoints=${maxPoints}`;

beforeAll(async () => {
  store = new TelemetryStore(idx, tiers);
  for (let i = 0; i < 30; i++) tick();
  const app = express();
  app.set('query parser', 'simple');
  const route = historyRoute(store, () => T0 + second * 1000, cache);
  app.get('/h', (req, res, next) => {
    route(req, res).catch(next);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('GET /api/history (historyRoute)', () => {
  it('answers the same bytes and ETag for the same query until history changes, then the new second', async () => {
    const path = url('site:ohio:gpuUtilPct,fleet:itPowerMw', T0, T0 + 3_600_000);
    const a = await get(path);
    const b = await get(path);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toMatch(/application\/json/);
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(b.body.equals(a.body)).toBe(true);
    tick();
    const c = await get(path);
    expect(c.headers.etag).not.toBe(a.headers.etag);
    const before = historyWireSchema.parse(JSON.parse(a.body.toString()));
    const after = historyWireSchema.parse(JSON.parse(c.body.toString()));
    expect(after.t.at(-1)).toBe(T0 + (second - 1) * 1000);
    expect(after.t.length).toBe(before.t.length + 1);
  });

  it('answers 304 to the current ETag and the whole answer to one from before a new second', async () => {
    const path = url('site:texas:pue', T0, T0 + 3_600_000);
    const first = await get(path, { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await get(path, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    tick();
    const later = await get(path, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(later.status).toBe(200);
    expect(later.headers.etag).not.toBe(etag);
  });

  it('sends brotli, gzip or plain JSON as asked, all the same answer, and says it varies by encoding', async () => {
    const path = url('site:ohio:gpuUtilPct,site:ohio:pue,hall:ohio:h11:itPowerMw', T0, T0 + 600_000, 7);
    const plain = await get(path);
    const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.headers.etag).toBe(plain.headers.etag);
    const wire = historyWireSchema.parse(JSON.parse(plain.body.toString()));
    expect(wire.series.map((s) => s.id)).toEqual([
      'site:ohio:gpuUtilPct',
      'site:ohio:pue',
      'hall:ohio:h11:itPowerMw',
    ]);
    expect(wire.t.length).toBeLessThanOrEqual(7);
  });

  it('answers queries of one window from one cached head, each echoing its own from and to, in every encoding', async () => {
    tick();
    // Three viewers a few milliseconds apart: the same 1 s buckets, different from and to.
    const to = T0 + (second - 1) * 1000 + 100;
    const paths = [0, 7, 450].map((ms) =>
      url('site:ohio:gpuUtilPct,fleet:pue', to - 600_000 + ms, to + ms, 50),
    );
    const plain = await Promise.all(paths.map((p) => get(p)));
    expect(cache.size).toBe(1);
    const br = await Promise.all(paths.map((p) => get(p, { 'accept-encoding': 'br' })));
    const gz = await Promise.all(paths.map((p) => get(p, { 'accept-encoding': 'gzip' })));
    expect(cache.size).toBe(1);
    const etags = new Set<unknown>();
    paths.forEach((p, i) => {
      const q = new URLSearchParams(p.slice(3));
      const want = store.historyJson({
        series: q.get('series')!.split(','),
        from: Number(q.get('from')),
        to: Number(q.get('to')),
        maxPoints: Number(q.get('maxPoints')),
      });
      expect(plain[i]!.body.equals(want)).toBe(true);
      expect(brotliDecompressSync(br[i]!.body).equals(want)).toBe(true);
      expect(gunzipSync(gz[i]!.body).equals(want)).toBe(true);
      expect(Number(br[i]!.headers['content-length'])).toBe(br[i]!.body.length);
      const wire = historyWireSchema.parse(JSON.parse(plain[i]!.body.toString()));
      expect([wire.from, wire.to]).toEqual([Number(q.get('from')), Number(q.get('to'))]);
      etags.add(plain[i]!.headers.etag);
    });
    // Different bodies (their from and to), different ETags.
    expect(etags.size).toBe(3);
  });

  it('refuses a bad query with 400 and the reason', async () => {
    const res = await get('/h?series=site:atlantis:pue');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toEqual({ error: expect.stringMatching(/unknown site/) });
  });

  it('never serves an answer older than the history it is asked after, whatever the order of writes and requests', async () => {
    const paths = [
      url('site:ohio:gpuUtilPct', T0, T0 + 3_600_000),
      url('fleet:pue,site:missouri:gpusRented', T0 + 5000, T0 + 3_600_000, 10),
      url('hall:ohio:h11:gpuUtilPct', T0, T0 + 3_600_000, 3),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2 })), { maxLength: 25 }),
        async (steps) => {
          for (const s of steps) {
            if (s < 0) {
              tick();
              continue;
            }
            const path = paths[s]!;
            const res = await get(path, { 'accept-encoding': 'br' });
            const q = new URLSearchParams(path.slice(3));
            const fresh = store.historyJson({
              series: q.get('series')!.split(','),
              from: Number(q.get('from')),
              to: Number(q.get('to')),
              maxPoints: Number(q.get('maxPoints')),
            });
            expect(brotliDecompressSync(res.body).equals(fresh)).toBe(true);
          }
          expect(cache.size).toBeLessThanOrEqual(4);
        },
      ),
      { seed: 17, numRuns: 15 },
    );
  });
});

describe('HistoryCache', () => {
  const entry = (version: number, size = 10) => ({ version, head: Buffer.alloc(size, version) });

  it('drops every entry of an older version at the first look-up of a newer one, and stays within its count and bytes', () => {
    const c = new HistoryCache({ maxEntries: 2, maxBytes: 25 });
    c.set('a', entry(1));
    c.set('b', entry(1));
    expect(c.get('a', 1)?.head[0]).toBe(1);
    expect(c.size).toBe(2);
    expect(c.get('a', 2)).toBeUndefined();
    expect(c.size).toBe(0);
    c.set('c', entry(2));
    c.set('d', entry(2));
    c.set('e', entry(2));
    expect(c.size).toBe(2);
    expect(c.get('c', 2)).toBeUndefined();
    c.set('big', entry(2, 100));
    expect(c.get('big', 2)).toBeUndefined();
    c.set('f', entry(3));
    expect(c.size).toBe(1);
  });
});
