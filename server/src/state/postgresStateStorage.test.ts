import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet, indexFleet, type SiteSample } from '@gigawatt/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { backfillHistory } from '../sim/backfillHistory.ts';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { makeSample, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import { createTestSchema, type TestSchema, urlWithSearchPath } from '../testing/postgresSchema.ts';
import { describeWithService, postgresAvailable } from '../testing/services.ts';
import { TcpProxy } from '../testing/tcpProxy.ts';
import { DatabaseUnavailableError, PostgresStateStorage } from './postgresStateStorage.ts';
import type { StateStorage } from './stateStorage.ts';
import { describeStateStorageContract } from './stateStorageContract.ts';

const pgStatus = await postgresAvailable();
const idx = indexFleet(defaultFleet);
const quiet = { log: () => {} };

describeWithService('PostgresStateStorage', pgStatus, () => {
  describeStateStorageContract('PostgresStateStorage', async () => {
    const schema = await createTestSchema(pgStatus.url);
    const opened: PostgresStateStorage[] = [];
    return {
      open: () => {
        const s = new PostgresStateStorage(schema.url, quiet);
        opened.push(s);
        return s;
      },
      settle: (s: StateStorage) => (s as PostgresStateStorage).flush(),
      cleanup: async () => {
        for (const s of opened) await s.terminate();
        await schema.drop();
      },
    };
  });

  let schema: TestSchema | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    await schema?.drop();
    schema = undefined;
  });
  const fresh = async () => {
    schema = await createTestSchema(pgStatus.url);
    return schema;
  };
  const open = (url: string, opts: ConstructorParameters<typeof PostgresStateStorage>[1] = {}) => {
    const s = new PostgresStateStorage(url, { ...quiet, ...opts });
    cleanups.push(() => s.terminate());
    return s;
  };
  const T0 = Date.UTC(2026, 10, 23, 12);
  const SERIES = [
    'fleet:facilityPowerMw',
    'site:ohio:gpuUtilPct',
    'hall:texas:h1:itPowerMw',
    'site:louisiana:pue',
  ];

  it('applies its migrations once, with several nodes starting at the same moment', async () => {
    const { url, admin } = await fresh();
    const nodes = [open(url), open(url), open(url)];
    await Promise.all(nodes.map((n) => n.restore(new TelemetryStore(idx))));
    const { rows } = await admin.query(
      `SELECT version FROM ${schema!.schema}.schema_migrations ORDER BY version`,
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    // A later start finds nothing to do.
    await open(url).restore(new TelemetryStore(idx));
    const again = await admin.query(`SELECT count(*)::int AS n FROM ${schema!.schema}.schema_migrations`);
    expect(again.rows[0].n).toBe(2);
  });

  it('restores a synthesized week from a checkpoint, the same answers as the store that wrote it', async () => {
    const { url, admin } = await fresh();
    const end = T0;
    const week = new TelemetryStore(idx);
    const lines: string[] = [];
    const writer = open(url, { log: (l) => lines.push(l) });
    await writer.restore(week);
    backfillHistory(week, createSimulator({ seed: 7, fleet: defaultFleet }), end, 7 * 86_400_000);
    const t0 = performance.now();
    await writer.checkpoint(week);
    const writeMs = performance.now() - t0;
    const bytes = writer.stats.lastCheckpoint!.bytes;

    const back = new TelemetryStore(idx);
    const r = await open(url).restore(back);
    expect(r.checkpointAt).toBeTypeOf('number');
    for (const span of [3_600_000, 86_400_000, 7 * 86_400_000]) {
      const q = { series: SERIES, from: end - span, to: end, maxPoints: 2000 };
      const want = week.history(q);
      expect(want.series[0]!.t.length).toBeGreaterThan(50);
      expect(back.history(q)).toEqual(want);
    }
    const { rows } = await admin.query(
      `SELECT pg_total_relation_size('${schema!.schema}.checkpoint_chunks')::bigint AS size`,
    );
    // A stop does not wait for a week's checkpoint past its budget: it is rolled back, the log has it all.
    writer.appendSample(makeSample('ohio', end + 1000), true);
    const stopping = performance.now();
    await writer.close(week, 300);
    expect(performance.now() - stopping).toBeLessThan(2000);
    expect(lines.join('\n')).toMatch(/last checkpoint not written .*out of time/);
    const kept = await admin.query(`SELECT count(*)::int AS n FROM ${schema!.schema}.checkpoints`);
    expect(kept.rows[0].n).toBe(1);
    const again = new TelemetryStore(idx);
    await open(url).restore(again);
    expect(again.latestSample('ohio')!.t).toBe(end + 1000);
    console.log(
      `[pg] week checkpoint: ${(bytes / 1e6).toFixed(1)} MB written in ${writeMs.toFixed(0)} ms, restored in ${r.ms.toFixed(0)} ms (table ${(Number(rows[0].size) / 1e6).toFixed(1)} MB)`,
    );
  }, 120_000);

  it('keeps history writes in a bounded queue while the database is away, and writes them when it returns', async () => {
    const { url, admin } = await fresh();
    const target = new URL(pgStatus.url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    cleanups.push(() => proxy.stop());
    const viaProxy = new URL(url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.password = 'not-a-real-secret';
    const lines: string[] = [];
    const storage = open(viaProxy.toString(), { maxQueued: 50, log: (l) => lines.push(l) });
    await storage.restore(new TelemetryStore(idx));
    const put = (from: number, to: number) => {
      for (let s = from; s < to; s++) storage.appendSample(makeSample('ohio', T0 + s * 1000), true);
    };
    put(0, 10);
    await storage.flush();
    expect((await storage.check()).ok).toBe(true);

    await proxy.stop(); // PostgreSQL "restarts": every connection cut, new ones refused
    put(10, 40);
    await expect.poll(() => storage.stats.failedFlushes, { timeout: 5000 }).toBeGreaterThan(0);
    expect(storage.stats.queued).toBe(30);
    const health = await storage.check();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain(`127.0.0.1:${proxy.port}`);
    expect(health.detail).not.toContain('not-a-real-secret');
    put(40, 70); // past the bound: the oldest 10 of the outage are dropped
    expect(storage.stats).toMatchObject({ queued: 50, dropped: 10 });
    await new Promise((r) => setTimeout(r, 700)); // a few failed retries (backoff)

    await proxy.start();
    await expect.poll(() => storage.stats.queued, { timeout: 10_000 }).toBe(0);
    const { rows } = await admin.query<{ t: string }>(`SELECT t FROM ${schema!.schema}.samples ORDER BY t`);
    const seconds = rows.map((r) => (Number(r.t) - T0) / 1000);
    expect(seconds).toEqual([...Array(10).keys(), ...Array.from({ length: 50 }, (_, i) => 20 + i)]);
    expect((await storage.check()).ok).toBe(true);
    const log = lines.join('\n');
    expect(log).toMatch(/cannot write to database 127\.0\.0\.1:\d+\/postgres .*queueing history/);
    expect(log).toMatch(/queue full \(50 samples/);
    expect(log).toMatch(/back after .* s; queued history written \(10 samples had been dropped/);
    expect(log).not.toContain('not-a-real-secret');
    expect(lines.filter((l) => l.includes('queue full'))).toHaveLength(1);
  }, 30_000);

  it('survives its connections being terminated by the server (pg_terminate_backend)', async () => {
    const { url, admin } = await fresh();
    const app = `gw_term_${schema!.schema}`;
    const u = new URL(url);
    u.searchParams.set('application_name', app);
    const storage = open(u.toString());
    await storage.restore(new TelemetryStore(idx));
    storage.appendSample(makeSample('ohio', T0), true);
    await storage.flush();
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [app],
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    storage.appendSample(makeSample('ohio', T0 + 1000), true);
    await expect
      .poll(async () => {
        const r = await admin.query(`SELECT count(*)::int AS n FROM ${schema!.schema}.samples`);
        return r.rows[0].n;
      })
      .toBe(2);
  });

  it('a checkpoint first reads what other nodes wrote, so it never claims a second it does not hold', async () => {
    const { url, admin } = await fresh();
    const a = open(url, { safeMs: 0 });
    const storeA = new TelemetryStore(idx);
    await a.restore(storeA);
    const feed = (store: TelemetryStore, s: PostgresStateStorage, from: number, to: number) => {
      for (let i = from; i < to; i++)
        for (const site of defaultFleet.sites) {
          const x = makeSample(site.id, T0 + i * 1000, { util: (i * 3) % 97 });
          store.putSample(x);
          s.appendSample(x, true);
        }
    };
    feed(storeA, a, 0, 60);
    await a.flush();
    const b = open(url, { safeMs: 0 });
    const storeB = new TelemetryStore(idx);
    await b.restore(storeB);
    feed(storeA, a, 60, 120); // B is not told (no bus): only the database has these
    await a.flush();
    await b.checkpoint(storeB); // B catches up, and may then drop the log below its checkpoint
    expect(b.stats.lastCheckpoint!.caughtUp).toBeGreaterThanOrEqual(4 * 60);
    const left = await admin.query(`SELECT count(*)::int AS n FROM ${schema!.schema}.samples`);
    expect(left.rows[0].n).toBeLessThan(4 * 120);
    const c = new TelemetryStore(idx);
    await open(url).restore(c);
    const q = { series: SERIES, from: T0, to: T0 + 120_000, maxPoints: 1000 };
    expect(c.history(q)).toEqual(storeA.history(q));
  });

  it('keeps annotations with the recordings they were written into', async () => {
    const { url } = await fresh();
    const s = open(url);
    await s.restore(new TelemetryStore(idx));
    const note = (id: string, t: number) => ({ id, t, text: `note ${id}`, author: 'Dana', createdAt: t + 5 });
    s.appendAnnotation(note('n1', T0), ['seg-a']);
    s.appendAnnotation(note('n2', T0 + 5000), ['seg-a', 'cap-b']);
    s.appendAnnotation(note('n1', T0), ['cap-c']);
    s.appendAnnotation({ ...note('n3', T0 + 9000), text: 'nul \u0000 inside' }, ['seg-a']);
    await s.flush();
    const got = await open(url).annotations(T0, T0 + 10_000);
    expect(got.map((a) => [a.id, a.recordings])).toEqual([
      ['n1', ['cap-c', 'seg-a']],
      ['n2', ['cap-b', 'seg-a']],
      ['n3', ['seg-a']],
    ]);
    expect(got[2]!.text).toBe('nul \ufffd inside');
  });

  it('stops start-up with a clear message naming host and port (never the password) when unreachable', async () => {
    const proxy = new TcpProxy('127.0.0.1', 1);
    const port = await proxy.start();
    await proxy.stop(); // a port nobody listens on
    const s = new PostgresStateStorage(`postgres://gw:hunter2secret@127.0.0.1:${port}/gigawatt`, {
      ...quiet,
      connectTimeoutMs: 600,
    });
    const err = await s.restore(new TelemetryStore(idx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    const msg = (err as Error).message;
    expect(msg).toMatch(
      new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${port}/gigawatt is unreachable after \\d+ attempts`),
    );
    expect(msg).toMatch(/ECONNREFUSED/);
    expect(msg).not.toContain('hunter2secret');
  });

  describe('several nodes over one database', () => {
    const servers: GigawattServer[] = [];
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.close().catch(() => undefined);
    });
    const start = async (url: string, env: Record<string, string> = {}) => {
      const s = await createGigawattServer(testConfig({ DATABASE_URL: url, ...env }));
      servers.push(s);
      return s;
    };
    const stop = async (s: GigawattServer) => {
      servers.splice(servers.indexOf(s), 1);
      await s.close();
    };
    const history = async (s: GigawattServer, from: number, to: number) => {
      const res = await fetch(
        `${s.url}/api/history?series=${SERIES.join(',')},site:ohio:gpusRented&from=${from}&to=${to}&maxPoints=5000`,
      );
      expect(res.status).toBe(200);
      return res.json();
    };

    it('nodes over one database: a node started later answers for what another ingested, and a full stop loses nothing', async () => {
      const { url } = await fresh();
      const base = (Math.floor(Date.now() / 1000) - 600) * 1000;
      const ingest = (s: GigawattServer, from: number, to: number) => {
        for (let i = from; i < to; i++)
          for (const site of defaultFleet.sites) {
            const x: SiteSample = makeSample(site.id, base + i * 1000, { util: (i * 7) % 90 });
            expect(s.ingest.sample(x)).toMatchObject({ ok: true });
          }
      };
      const a = await start(url);
      expect(a.storage?.kind).toBe('postgres');
      ingest(a, 0, 60);
      await (a.storage as PostgresStateStorage).flush();
      const b = await start(urlWithSearchPath(pgStatus.url, schema!.schema)); // same database, a minute later
      expect(await history(b, base, base + 60_000)).toEqual(await history(a, base, base + 60_000));

      ingest(a, 60, 120);
      const want = await history(a, base, base + 120_000);
      await stop(a);
      await stop(b); // b never saw 60..120 (no bus here), yet checkpoints last
      const c = await start(url);
      expect(await history(c, base, base + 120_000)).toEqual(want);
      expect(c.store.latestSample('ohio')!.t).toBe(base + 119_000);
    }, 30_000);

    it('keeps a copy of each annotation the recorder writes, with the recordings it went into', async () => {
      const { url } = await fresh();
      const dataDir = mkdtempSync(join(tmpdir(), 'gw-pg-notes-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const s = await start(url, { GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir });
      const t = (Math.floor(Date.now() / 1000) - 5) * 1000;
      for (let i = 0; i < 3; i++) s.ingest.sample(makeSample('ohio', t + i * 1000));
      const res = await fetch(`${s.url}/api/recordings/current/annotations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ t: t + 1000, text: 'Pump 2 tripped', author: 'Eve' }),
      });
      expect(res.status).toBe(201);
      const { recordings } = (await res.json()) as { recordings: string[] };
      const storage = s.storage as PostgresStateStorage;
      await storage.flush();
      expect(await storage.annotations(t, t + 5000)).toMatchObject([
        { t: t + 1000, text: 'Pump 2 tripped', author: 'Eve', recordings },
      ]);
    });
  });
});
