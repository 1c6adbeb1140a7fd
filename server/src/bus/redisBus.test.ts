import type { AlertEvent, Tick } from '@gigawatt/shared';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { StartupError } from '../startupError.ts';
import type { PersistedAlert } from '../state/stateStorage.ts';
import { makeSample } from '../testing/fixtures.ts';
import {
  dropRedisPrefix,
  killRedisConnection,
  testRedisClient,
  testRedisPrefix,
} from '../testing/redisKeys.ts';
import { describeWithService, redisAvailable } from '../testing/services.ts';
import { sleep, waitFor } from '../testing/socketHelpers.ts';
import { TcpProxy } from '../testing/tcpProxy.ts';
import { type BusLog, createRedisBus, type RedisBus, type RedisBusOptions } from './redisBus.ts';

const redis = await redisAvailable();

describeWithService('Redis Streams bus', redis, () => {
  let admin: Redis;
  let prefix = '';
  const open: RedisBus[] = [];
  const lines: string[] = [];
  const log: BusLog = { info: (l) => lines.push(`info ${l}`), warn: (l) => lines.push(`warn ${l}`) };
  const node = async (url = redis.url, opts: RedisBusOptions = {}) => {
    const bus = await createRedisBus(url, prefix, log, opts);
    open.push(bus);
    return bus;
  };
  const base = (Math.floor(Date.now() / 1000) - 300) * 1000;
  const collect = (bus: RedisBus) => {
    const ts: number[] = [];
    bus.onSample((s) => ts.push(s.t));
    return ts;
  };
  const range = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => base + (from + i) * 1000);

  beforeAll(() => {
    admin = testRedisClient(redis.url);
  });
  afterAll(() => admin.disconnect());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
    await dropRedisPrefix(redis.url, prefix);
    lines.length = 0;
  });
  const fresh = () => {
    prefix = testRedisPrefix();
  };

  it('resumes from its last id after its reader connection is killed: nothing skipped, nothing twice', async () => {
    fresh();
    const [a, b] = [await node(), await node()];
    const got = collect(b);
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < 50; i++) a.publishSample(makeSample('ohio', base + i * 1000), true);
    await waitFor(() => got.length === 50);
    expect(await killRedisConnection(admin, b.connectionNames.reader)).toBe(1);
    // Published while b's reader is away (it reconnects within ~100 ms).
    for (let i = 50; i < 120; i++) a.publishSample(makeSample('ohio', base + i * 1000), true);
    await waitFor(() => got.length >= 120, 10_000);
    await sleep(200);
    expect(got).toEqual(range(0, 120));
    expect(b.health()).toMatchObject({ kind: 'redis', connected: true, lagMs: 0 });
  });

  it('a node that starts later reads what the streams retain (samples, alerts, the ticks of its resume ring)', async () => {
    fresh();
    const a = await node();
    await a.start();
    for (let i = 0; i < 40; i++) a.publishSample(makeSample('texas', base + i * 1000), i % 2 === 0);
    const tick: Tick = { t: base + 39_000, seq: Math.floor(base / 1000) + 39, sites: [] };
    a.publishTick(tick);
    const alert: PersistedAlert = {
      event: {
        kind: 'raised',
        alert: {
          id: 'power-cap-95:texas:1',
          rule: 'power-cap-95',
          severity: 'critical',
          scope: { site: 'texas' },
          title: 'Texas at 96 % of its cap',
          value: 96,
          threshold: 95,
          unit: '%',
          start: base,
          state: 'raised',
        },
      } satisfies AlertEvent,
      context: 42,
    };
    a.publishAlert(alert);
    await waitFor(() => a.stats().appended === 42 || undefined);

    const b = await node();
    const got: { t: number; live: boolean }[] = [];
    const ticks: Tick[] = [];
    const alerts: PersistedAlert[] = [];
    b.onSample((s, live) => got.push({ t: s.t, live }));
    b.onTick((t) => ticks.push(t));
    b.onAlert((e) => alerts.push(e));
    await b.start();
    // start() resolves once caught up.
    expect(got.map((x) => x.t)).toEqual(range(0, 40));
    expect(got.map((x) => x.live)).toEqual(range(0, 40).map((_, i) => i % 2 === 0));
    expect(ticks).toEqual([tick]);
    expect(alerts).toEqual([alert]);
    expect(await b.lastTickSeq()).toBe(tick.seq);
  });

  it('its own entries do not come back to the node that published them', async () => {
    fresh();
    const [a, b] = [await node(), await node()];
    const ticksA: number[] = [];
    const ticksB: number[] = [];
    a.onTick((t) => ticksA.push(t.seq));
    b.onTick((t) => ticksB.push(t.seq));
    await Promise.all([a.start(), b.start()]);
    const first = Math.floor(base / 1000);
    for (let s = first; s < first + 5; s++) a.publishTick({ t: s * 1000, seq: s, sites: [] });
    await waitFor(() => ticksB.length === 5);
    await sleep(100);
    expect(ticksB).toEqual([0, 1, 2, 3, 4].map((i) => first + i));
    expect(ticksA).toEqual([]);
  });

  it('keeps each stream bounded (MAXLEN ~)', async () => {
    fresh();
    const a = await node(redis.url, { samplesMaxLen: 100 });
    await a.start();
    for (let i = 0; i < 1000; i++) a.publishSample(makeSample('ohio', base + i * 1000), true);
    await waitFor(() => a.stats().outbox === 0 && a.stats().appended === 1000, 10_000);
    const len = await admin.xlen(`${prefix}samples`);
    expect(len).toBeGreaterThanOrEqual(100);
    // Approximate trimming removes whole macro nodes (100 entries by default).
    expect(len).toBeLessThanOrEqual(300);
  });

  it('cut off from Redis: publishes reach this node at once, wait in order, and reach the others when it is back; the outage is logged once', async () => {
    fresh();
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(redis.url).port || 6379));
    const port = await proxy.start();
    try {
      const viaProxy = redis.url.replace(/:\d+(\/|$)/, `:${port}$1`);
      const a = await node(viaProxy);
      const b = await node();
      const local = collect(a);
      const remote = collect(b);
      await Promise.all([a.start(), b.start()]);
      for (let i = 0; i < 10; i++) a.publishSample(makeSample('ohio', base + i * 1000), true);
      await waitFor(() => remote.length === 10);

      await proxy.stop();
      await waitFor(() => !a.health().connected);
      for (let i = 10; i < 40; i++) a.publishSample(makeSample('ohio', base + i * 1000), true);
      expect(local).toEqual(range(0, 40));
      await sleep(1500);
      const down = a.health();
      expect(down.connected).toBe(false);
      expect(down.lastError).toBeDefined();
      expect(down.lagMs).toBeGreaterThan(1000);
      expect(remote).toEqual(range(0, 10));
      expect(a.stats().outbox).toBe(30);

      await proxy.start();
      await waitFor(() => remote.length === 40, 10_000);
      expect(remote).toEqual(range(0, 40));
      await waitFor(() => a.health().connected && a.health().lagMs === 0, 5000);
      const warnings = lines.filter((l) => l.startsWith('warn'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/lost the connection to 127\.0\.0\.1:\d+/);
      expect(lines.filter((l) => /reachable again/.test(l))).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  it('unreachable at start: stops with host:port and never the password', async () => {
    const started = Date.now();
    const err = await createRedisBus('redis://:s3cret-pw@127.0.0.1:1', testRedisPrefix(), log, {
      connectTimeoutMs: 600,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    const message = (err as Error).message;
    expect(message).toMatch(/cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
    expect(message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
