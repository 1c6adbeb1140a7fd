import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFleet, type SiteSample } from '@gigawatt/shared';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from './createGigawattServer.ts';
import { makeSample, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, testConfig } from './testing/fixtures.ts';
import { dropRedisPrefix, testRedisClient, testRedisPrefix } from './testing/redisKeys.ts';
import { describeWithService, redisAvailable } from './testing/services.ts';
import { connected, connectIngest, sleep, waitFor } from './testing/socketHelpers.ts';
import { TcpProxy } from './testing/tcpProxy.ts';
import { expectConsecutive, type RecordedViewer, recordViewer } from './testing/viewerRecorder.ts';

const redis = await redisAvailable();

describeWithService('scale-out: nodes sharing one Redis', redis, () => {
  let admin: Redis;
  let prefix = '';
  const nodes: GigawattServer[] = [];
  const viewers: RecordedViewer[] = [];
  const proxies: TcpProxy[] = [];
  beforeAll(() => {
    admin = testRedisClient(redis.url);
  });
  afterAll(() => admin.disconnect());
  afterEach(async () => {
    for (const v of viewers.splice(0)) v.close();
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    for (const p of proxies.splice(0)) await p.stop();
    await dropRedisPrefix(redis.url, prefix);
  });

  const startNode = async (url = redis.url, env: Record<string, string> = {}) => {
    const node = await createGigawattServer(
      testConfig({ REDIS_URL: url, GIGAWATT_REDIS_PREFIX: prefix, ...env }),
    );
    nodes.push(node);
    return node;
  };
  /** `n` nodes, the first of which holds the lease. */
  type Nodes<N> = N extends 3
    ? [GigawattServer, GigawattServer, GigawattServer]
    : [GigawattServer, GigawattServer];
  const cluster = async <N extends 2 | 3>(n: N): Promise<Nodes<N>> => {
    prefix = testRedisPrefix();
    const first = await startNode();
    await waitFor(() => first.cluster!.isLeader());
    const all = [first];
    for (let i = 1; i < n; i++) all.push(await startNode());
    return all as Nodes<N>;
  };
  const viewer = async (node: GigawattServer, auth: { lastSeq?: number } = {}) => {
    const v = await recordViewer(node.url, auth);
    viewers.push(v);
    return v;
  };
  const leaders = () => nodes.filter((n) => n.cluster?.isLeader());
  const post = (node: GigawattServer, path: string, body: unknown) =>
    fetch(`${node.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_OPERATOR_TOKEN}` },
      body: JSON.stringify(body),
    });
  /** Ohio at `pct` % of its 660 MW cap, one sample per second of sample time from `from` (s). */
  const ohioAt = (from: number, seconds: number, pct: number): SiteSample[] =>
    Array.from({ length: seconds }, (_, i) => {
      const sample = makeSample('ohio', (from + i) * 1000, { util: pct > 90 ? 80 : 50 });
      sample.facilityPowerMw = (660 * pct) / 100;
      return sample;
    });

  it('a producer on one node: viewers on every node get the same ticks (seq and values)', async () => {
    const [a, b] = await cluster(2);
    const [va, vb] = [await viewer(a), await viewer(b)];
    // The producer is on the node that does not build the ticks.
    const producer = connectIngest(b.url, TEST_INGEST_TOKEN);
    await connected(producer);
    try {
      for (let i = 0; i < 4; i++) {
        const t = Date.now();
        for (const site of defaultFleet.sites) {
          expect(await producer.emitWithAck('sample', makeSample(site.id, t, { util: 40 + i }))).toEqual({
            ok: true,
            outcome: 'live',
          });
        }
        await sleep(1000);
      }
    } finally {
      producer.close();
    }
    await waitFor(() => va.ticks.some((t) => t.sites.length === 4 && t.sites[0]!.gpuUtilPct === 43));
    await waitFor(() => vb.lastSeq() >= va.lastSeq());
    const bySeq = new Map(vb.ticks.map((t) => [t.seq, t]));
    const common = va.ticks.filter((t) => bySeq.has(t.seq));
    expect(common.length).toBeGreaterThanOrEqual(4);
    for (const t of common) expect(bySeq.get(t.seq)).toEqual(t);
    expect(common.some((t) => t.sites.length === 4)).toBe(true);
    expectConsecutive(va.ticks.map((t) => t.seq));
    expectConsecutive(vb.ticks.map((t) => t.seq));
  });

  it('a viewer that reconnects to another node with lastSeq resumes gap-free and without duplicates', async () => {
    const [a, b] = await cluster(2);
    const first = await viewer(a);
    await waitFor(() => first.ticks.length >= 2, 4000);
    first.close();
    await sleep(2500);
    const second = await viewer(b, { lastSeq: first.lastSeq() });
    await waitFor(() => second.ticks.length >= 4, 4000);
    expect(second.hello?.lastSeq).toBeGreaterThan(first.lastSeq());
    expectConsecutive([...first.ticks, ...second.ticks].map((t) => t.seq));
  });

  it('a second two gates accepted (a producer that reconnected elsewhere) is applied once on every node', async () => {
    const [a, b, c] = await cluster(3);
    const puts = nodes.map(() => new Map<number, number>());
    nodes.forEach((node, i) => {
      const put = node.store.putSample.bind(node.store);
      node.store.putSample = (s, live) => {
        if (s.site === 'texas') puts[i]!.set(s.t, (puts[i]!.get(s.t) ?? 0) + 1);
        return put(s, live);
      };
    });
    const t = (Math.floor(Date.now() / 1000) - 2) * 1000;
    const x = makeSample('texas', t);
    // Back to back: neither gate has heard of the other's copy yet.
    expect(a.ingest.sample(x)).toEqual({ ok: true, outcome: 'live' });
    expect(b.ingest.sample(x)).toEqual({ ok: true, outcome: 'live' });
    await waitFor(() => puts.every((p) => p.has(t)));
    await sleep(300);
    expect(await admin.xlen(`${prefix}samples`)).toBe(2);
    expect(puts.map((p) => p.get(t))).toEqual([1, 1, 1]);
    // Every gate now knows the second.
    for (const node of [a, b, c]) expect(node.ingest.sample(x)).toEqual({ ok: true, outcome: 'duplicate' });
    expect(c.ingest.stats.duplicates).toBe(1);
  });

  it('alerts: raised by the lease holder from samples sent to another node, acked on a third, seen by every viewer and agreed everywhere', async () => {
    const [holder, b, c] = await cluster(3);
    const [vh, vb] = [await viewer(holder), await viewer(b)];
    const base = Math.floor(Date.now() / 1000) - 600;
    for (const s of ohioAt(base, 45, 96))
      expect(b.ingest.sample(s)).toMatchObject({ ok: true, outcome: 'live' });
    const raised = await waitFor(() =>
      vb.alerts.find((e) => e.kind === 'raised' && e.alert.rule === 'power-cap-95'),
    );
    const id = raised.alert.id;
    await waitFor(() => vh.alerts.find((e) => e.alert.id === id));
    // Once per viewer: through the adapter from the holder, not also from each node.
    await sleep(300);
    expect(vb.alerts.filter((e) => e.alert.id === id && e.kind === 'raised')).toHaveLength(1);
    expect(vh.alerts.filter((e) => e.alert.id === id && e.kind === 'raised')).toHaveLength(1);
    await waitFor(() => c.alerts.active().some((a) => a.id === id));

    const res = await post(c, `/api/alerts/${encodeURIComponent(id)}/ack`, { by: 'noc', comment: 'on it' });
    expect(res.status).toBe(200);
    for (const v of [vh, vb]) {
      const acked = await waitFor(() => v.alerts.find((e) => e.kind === 'acknowledged' && e.alert.id === id));
      expect(acked.alert.ack).toMatchObject({ by: 'noc', comment: 'on it' });
      expect(v.alerts.filter((e) => e.kind === 'acknowledged' && e.alert.id === id)).toHaveLength(1);
    }
    for (const node of [holder, b, c]) {
      await waitFor(() => node.alerts.active().find((a) => a.id === id)?.state === 'acknowledged');
      const body = (await (await fetch(`${node.url}/api/alerts`)).json()) as { active: { id: string }[] };
      expect(body.active.find((a) => a.id === id)).toMatchObject({ state: 'acknowledged' });
    }
    const late = await viewer(b);
    expect(late.hello?.alerts.find((a) => a.id === id)).toMatchObject({ state: 'acknowledged' });

    // The holder's rules go on from the acked state: still over the cap, nothing raised anew; then it clears.
    for (const s of [...ohioAt(base + 45, 20, 97), ...ohioAt(base + 65, 90, 70)]) {
      expect(b.ingest.sample(s)).toMatchObject({ ok: true, outcome: 'live' });
    }
    for (const v of [vh, vb])
      await waitFor(() => v.alerts.find((e) => e.kind === 'cleared' && e.alert.id === id));
    expect(vb.alerts.filter((e) => e.kind === 'raised' && e.alert.rule === 'power-cap-95')).toHaveLength(1);
    for (const node of [holder, b, c]) {
      await waitFor(() => node.alerts.log().find((a) => a.id === id)?.state === 'cleared');
    }
  });

  it('one lease holder among three; when it dies another takes over within 10 s: ticks go on gap-free and alerts keep working', async () => {
    const [holder, b, c] = await cluster(3);
    await sleep(2500);
    expect(leaders()).toEqual([holder]);
    const [vh, vb, vc] = [await viewer(holder), await viewer(b), await viewer(c)];
    await waitFor(() => vh.ticks.length >= 2 && vb.ticks.length >= 2);

    const killedAt = Date.now();
    holder.cluster!.halt();
    const next = await waitFor(() => leaders()[0], 12_000);
    const failoverMs = Date.now() - killedAt;
    console.log(`[scale-out] lease failover after the holder stopped: ${failoverMs} ms`);
    expect(failoverMs).toBeLessThanOrEqual(10_000);
    expect(leaders()).toHaveLength(1);
    expect([b, c]).toContain(next);

    // The new holder built the seconds nobody built: both survivors' viewers have every second.
    const upTo = Math.floor(Date.now() / 1000) + 1;
    await waitFor(() => vb.lastSeq() >= upTo && vc.lastSeq() >= upTo, 5000);
    expectConsecutive(vb.ticks.map((t) => t.seq));
    expectConsecutive(vc.ticks.map((t) => t.seq));
    // The dead node's viewer resumes on a survivor.
    await waitFor(() => !vh.socket.connected);
    const resumed = await viewer(b, { lastSeq: vh.lastSeq() });
    await waitFor(() => resumed.ticks.length >= 2);
    expectConsecutive([...vh.ticks, ...resumed.ticks].map((t) => t.seq));

    const base = Math.floor(Date.now() / 1000) - 600;
    const other = next === b ? c : b;
    for (const s of ohioAt(base, 45, 96)) other.ingest.sample(s);
    await waitFor(() => vb.alerts.find((e) => e.kind === 'raised' && e.alert.rule === 'power-cap-95'));
    await waitFor(() => vc.alerts.find((e) => e.kind === 'raised' && e.alert.rule === 'power-cap-95'));
  }, 30_000);

  it('the always-on recorder runs on the lease holder only, and moves with the lease', async () => {
    prefix = testRedisPrefix();
    const dirs = [
      await mkdtemp(join(tmpdir(), 'gigawatt-node-')),
      await mkdtemp(join(tmpdir(), 'gigawatt-node-')),
    ];
    try {
      const recording = (dir: string) => ({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dir });
      const a = await startNode(redis.url, recording(dirs[0]!));
      await waitFor(() => a.cluster!.isLeader());
      const b = await startNode(redis.url, recording(dirs[1]!));
      const segments = (n: GigawattServer) =>
        n.recorder!.list().filter((r) => r.kind === 'segment' && r.state === 'recording');
      const feed = (n: GigawattServer) => n.ingest.sample(makeSample('ohio', Date.now()));
      feed(b);
      await waitFor(() => segments(a).length === 1);
      await sleep(200);
      expect(segments(b)).toEqual([]);

      await a.close();
      nodes.splice(nodes.indexOf(a), 1);
      await waitFor(() => b.cluster!.isLeader(), 3000);
      await sleep(1000);
      feed(b);
      await waitFor(() => segments(b).length === 1);
    } finally {
      for (const n of nodes.splice(0)) await n.close();
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    }
  });

  it('a lease holder cut off from Redis still tells its own viewers of alerts; the others learn them when it is back', async () => {
    prefix = testRedisPrefix();
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(redis.url).port || 6379));
    proxies.push(proxy);
    const port = await proxy.start();
    const holder = await startNode(redis.url.replace(/:\d+(\/|$)/, `:${port}$1`));
    await waitFor(() => holder.cluster!.isLeader());
    const other = await startNode();
    const [v, vo] = [await viewer(holder), await viewer(other)];
    await proxy.stop();
    await waitFor(() => !holder.busHealth().connected);
    const base = Math.floor(Date.now() / 1000) - 600;
    for (const s of ohioAt(base, 45, 96)) holder.ingest.sample(s);
    const raised = await waitFor(
      () => v.alerts.find((e) => e.kind === 'raised' && e.alert.rule === 'power-cap-95'),
      4000,
    );
    await proxy.start();
    await waitFor(() => other.alerts.active().some((a) => a.id === raised.alert.id), 10_000);
    await waitFor(() => vo.alerts.find((e) => e.alert.id === raised.alert.id));
    await sleep(300);
    for (const x of [v, vo]) {
      expect(x.alerts.filter((e) => e.alert.id === raised.alert.id && e.kind === 'raised')).toHaveLength(1);
    }
  }, 20_000);

  it('a node cut off from Redis keeps its viewers live (degraded), and what it accepted meanwhile reaches the others when Redis is back', async () => {
    prefix = testRedisPrefix();
    const holder = await startNode();
    await waitFor(() => holder.cluster!.isLeader());
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(redis.url).port || 6379));
    proxies.push(proxy);
    const port = await proxy.start();
    const cut = await startNode(redis.url.replace(/:\d+(\/|$)/, `:${port}$1`));
    const v = await viewer(cut);
    await waitFor(() => v.ticks.length >= 2);

    await proxy.stop();
    await waitFor(() => !cut.busHealth().connected);
    const during: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = Date.now();
      expect(cut.ingest.sample(makeSample('missouri', t))).toEqual({ ok: true, outcome: 'live' });
      during.push(t);
      await sleep(1000);
    }
    expect(cut.busHealth()).toMatchObject({ kind: 'redis', connected: false });
    expect(cut.busHealth().lastError).toBeDefined();
    expect(cut.busHealth().lagMs).toBeGreaterThan(2000);
    // Its own ticks, with what its producer sends (the last one may still be on its way on a busy machine).
    const lastMissouri = () => v.ticks.at(-1)?.sites.find((s) => s.site === 'missouri')?.t;
    await waitFor(() => lastMissouri() === during.at(-1)).catch(() => undefined);
    expect(lastMissouri()).toBe(during.at(-1));

    await proxy.start();
    await waitFor(() => cut.busHealth().connected, 10_000);
    await waitFor(
      () => during.every((t) => holder.store.secondsHeld('missouri').includes(Math.floor(t / 1000) * 1000)),
      5000,
    );
    expect(holder.ingest.sample(makeSample('missouri', during[0]!))).toEqual({
      ok: true,
      outcome: 'duplicate',
    });
    const upTo = Math.floor(Date.now() / 1000) + 2;
    await waitFor(() => v.lastSeq() >= upTo, 5000);
    expectConsecutive(v.ticks.map((t) => t.seq));
    expect(leaders()).toEqual([holder]);
  }, 30_000);
});
