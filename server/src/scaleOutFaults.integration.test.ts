import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defaultFleet } from '@gigawatt/shared';
import type { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from './createGigawattServer.ts';
import { makeSample, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, testConfig } from './testing/fixtures.ts';
import { dropRedisPrefix, testRedisClient, testRedisPrefix } from './testing/redisKeys.ts';
import { describeWithService, redisAvailable, type ServiceStatus } from './testing/services.ts';
import { sleep, waitFor } from './testing/socketHelpers.ts';
import { expectConsecutive, type RecordedViewer, recordViewer } from './testing/viewerRecorder.ts';

const ROOT = join(import.meta.dirname, '../..');
const REDIS_SERVER = '/usr/bin/redis-server';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** A Redis of the test's own (keeps nothing on disk), so restarting it disturbs no other suite. */
function startPrivateRedis(port: number): ChildProcess {
  return spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}

const redis = await redisAvailable();
const redisServer: ServiceStatus = existsSync(REDIS_SERVER)
  ? redis
  : { ...redis, service: 'redis-server', unavailable: `${REDIS_SERVER} is not installed` };

describeWithService('scale-out faults', redisServer, () => {
  const children: ChildProcess[] = [];
  const nodes: GigawattServer[] = [];
  const viewers: RecordedViewer[] = [];
  const prefixes: { url: string; prefix: string }[] = [];
  afterEach(async () => {
    for (const v of viewers.splice(0)) v.close();
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const p of prefixes.splice(0)) await dropRedisPrefix(p.url, p.prefix);
  });
  const viewer = async (url: string, auth: { lastSeq?: number } = {}) => {
    const v = await recordViewer(url, auth);
    viewers.push(v);
    return v;
  };

  it('Redis restarts: every node keeps serving its viewers, reports degraded, and catches up; no accepted sample is lost', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let server = startPrivateRedis(port);
    children.push(server);
    for (let i = 0; (await redisAvailable(url)).unavailable !== undefined; i++) {
      if (i > 100) throw new Error('private redis-server did not start');
      await sleep(50);
    }
    const prefix = testRedisPrefix();
    const start = async () => {
      const n = await createGigawattServer(testConfig({ REDIS_URL: url, GIGAWATT_REDIS_PREFIX: prefix }));
      nodes.push(n);
      return n;
    };
    const a = await start();
    await waitFor(() => a.cluster!.isLeader());
    const b = await start();
    const [va, vb] = [await viewer(a.url), await viewer(b.url)];

    // A producer on b (not the lease holder) sends one sample a second throughout.
    const sent: number[] = [];
    let producing = true;
    const producer = (async () => {
      while (producing) {
        const t = Math.floor(Date.now() / 1000) * 1000;
        if (sent.at(-1) !== t) {
          expect(b.ingest.sample(makeSample('louisiana', t))).toMatchObject({ ok: true });
          sent.push(t);
        }
        await sleep(100);
      }
    })();
    await sleep(2000);

    server.kill('SIGKILL');
    await waitFor(() => !a.busHealth().connected && !b.busHealth().connected, 5000);
    const seqsAtOutage = [va.lastSeq(), vb.lastSeq()];
    await sleep(4000);
    for (const n of [a, b]) {
      expect(n.busHealth()).toMatchObject({ kind: 'redis', connected: false });
      expect(n.busHealth().lastError).toBeDefined();
      expect(n.busHealth().lagMs).toBeGreaterThan(3000);
    }
    // Still live: each node ticks on its own.
    expect(va.lastSeq()).toBeGreaterThanOrEqual(seqsAtOutage[0]! + 3);
    expect(vb.lastSeq()).toBeGreaterThanOrEqual(seqsAtOutage[1]! + 3);

    server = startPrivateRedis(port);
    children.push(server);
    const restartedAt = Date.now();
    await waitFor(() => a.busHealth().connected && b.busHealth().connected, 10_000);
    const want = [...sent];
    await waitFor(() => {
      const held = new Set(a.store.secondsHeld('louisiana'));
      return want.every((t) => held.has(t));
    }, 10_000);
    console.log(
      `[scale-out] after a Redis restart: reconnected and caught up the samples of the outage in ${Date.now() - restartedAt} ms`,
    );
    producing = false;
    await producer;
    await waitFor(() => nodes.filter((n) => n.cluster!.isLeader()).length === 1, 10_000);
    const upTo = Math.floor(Date.now() / 1000) + 2;
    await waitFor(() => va.lastSeq() >= upTo && vb.lastSeq() >= upTo, 6000);
    expectConsecutive(va.ticks.map((t) => t.seq));
    expectConsecutive(vb.ticks.map((t) => t.seq));
    expect(va.ticks.at(-1)).toEqual(vb.ticks.at(-1));
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    server.kill('SIGKILL');
  }, 40_000);

  it('kill -9 of the lease holder (child processes): the survivor takes over within 10 s, viewers resume gap-free on it', async () => {
    const prefix = testRedisPrefix();
    prefixes.push({ url: redis.url, prefix });
    const admin: Redis = testRedisClient(redis.url);
    try {
      const spawnNode = async () => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
          cwd: ROOT,
          env: {
            ...process.env,
            REDIS_URL: redis.url,
            GIGAWATT_REDIS_PREFIX: prefix,
            PORT: '0',
            HOST: '127.0.0.1',
            GIGAWATT_SIMULATE: 'on',
            GIGAWATT_SIMULATE_RACKS: 'off',
            GIGAWATT_BACKFILL: '0s',
            GIGAWATT_RECORD: 'off',
            GIGAWATT_STATE: 'off',
            GIGAWATT_DEMOS: 'off',
            GIGAWATT_INGEST_TOKEN: TEST_INGEST_TOKEN,
            GIGAWATT_OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
            GIGAWATT_CLIENT_DIR: '/nonexistent-client-dir',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.stderr!.on('data', (d: Buffer) => {
          out += d.toString();
        });
        const url = await waitFor(() => {
          if (child.exitCode !== null) throw new Error(`node exited:\n${out}`);
          return /serving (http:\/\/\S+)/.exec(out)?.[1];
        }, 20_000);
        return { child, url, output: () => out };
      };
      const first = await spawnNode();
      const holderOf = async () => (await admin.get(`${prefix}lease`)) ?? '';
      for (let i = 0; !(await holderOf()).includes(`:${first.child.pid}:`); i++) {
        if (i > 100) throw new Error(`the first node never took the lease:\n${first.output()}`);
        await sleep(100);
      }
      const second = await spawnNode();
      const [v1, v2] = [await viewer(first.url), await viewer(second.url)];
      await waitFor(() => v1.ticks.length >= 3 && v2.ticks.length >= 3, 6000);

      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      for (;;) {
        if ((await holderOf()).includes(`:${second.child.pid}:`)) break;
        if (Date.now() - killedAt > 12_000) throw new Error(`no takeover:\n${second.output()}`);
        await sleep(50);
      }
      const failoverMs = Date.now() - killedAt;
      console.log(`[scale-out] lease failover after kill -9 of the holder: ${failoverMs} ms`);
      expect(failoverMs).toBeLessThanOrEqual(10_000);

      const upTo = Math.floor(Date.now() / 1000) + 1;
      await waitFor(() => v2.lastSeq() >= upTo, 5000);
      expectConsecutive(v2.ticks.map((t) => t.seq));
      // Same seq, same values: the survivor delivered the dead holder's ticks as they were.
      const bySeq = new Map(v2.ticks.map((t) => [t.seq, t]));
      const shared = v1.ticks.filter((t) => bySeq.has(t.seq));
      expect(shared.length).toBeGreaterThanOrEqual(2);
      for (const t of shared) expect(bySeq.get(t.seq)).toEqual(t);
      // The simulator moved with the lease: the new holder's ticks carry every site, second by second.
      expect(v2.ticks.at(-1)!.sites.map((s) => s.site)).toEqual(defaultFleet.sites.map((s) => s.id));

      await waitFor(() => !v1.socket.connected, 5000);
      const resumed = await viewer(second.url, { lastSeq: v1.lastSeq() });
      await waitFor(() => resumed.ticks.length >= 2);
      expectConsecutive([...v1.ticks, ...resumed.ticks].map((t) => t.seq));
    } finally {
      admin.disconnect();
    }
  }, 60_000);
});
