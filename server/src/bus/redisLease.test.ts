import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { dropRedisPrefix, testRedisClient, testRedisPrefix } from '../testing/redisKeys.ts';
import { describeWithService, redisAvailable } from '../testing/services.ts';
import { waitFor } from '../testing/socketHelpers.ts';
import { type Lease, type LeaseOptions, startLease } from './redisLease.ts';

const redis = await redisAvailable();

describeWithService('Redis lease', redis, () => {
  let client: Redis;
  let prefix = '';
  const leases: Lease[] = [];
  beforeAll(() => {
    client = testRedisClient(redis.url);
  });
  afterAll(() => client.disconnect());
  afterEach(async () => {
    for (const l of leases.splice(0)) l.stop();
    await dropRedisPrefix(redis.url, prefix);
  });

  /** Short times, so failover is seconds in a test; the defaults are 7 s / 2 s / 1 s. */
  const start = (nodeId: string, opts: Partial<LeaseOptions> = {}) => {
    const changes: boolean[] = [];
    const lease = startLease(client, {
      key: `${prefix}lease`,
      nodeId,
      ttlMs: 1500,
      renewEveryMs: 400,
      acquireEveryMs: 200,
      marginMs: 300,
      onChange: (held) => changes.push(held),
      ...opts,
    });
    leases.push(lease);
    return { lease, changes };
  };

  it('one holder among several; a released lease is taken over at the next attempt', async () => {
    prefix = testRedisPrefix();
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, ...start(id) }));
    await waitFor(() => nodes.some((n) => n.lease.held()));
    await new Promise((r) => setTimeout(r, 1000));
    expect(nodes.filter((n) => n.lease.held())).toHaveLength(1);
    const holder = nodes.find((n) => n.lease.held())!;
    expect(await client.get(`${prefix}lease`)).toBe(holder.id);
    const released = Date.now();
    await holder.lease.release();
    expect(holder.changes).toEqual([true, false]);
    await waitFor(() => nodes.some((n) => n !== holder && n.lease.held()));
    expect(Date.now() - released).toBeLessThan(1000);
    expect(nodes.filter((n) => n.lease.held())).toHaveLength(1);
  });

  it('a holder that stops renewing (killed) is replaced once its key expires', async () => {
    prefix = testRedisPrefix();
    const a = start('a');
    await waitFor(() => a.lease.held());
    const b = start('b');
    a.lease.stop();
    const stopped = Date.now();
    await waitFor(() => b.lease.held(), 5000);
    expect(Date.now() - stopped).toBeLessThanOrEqual(1500 + 200 + 300);
  });

  it('renewal compares: a holder whose key names another node gives its duties up at once', async () => {
    prefix = testRedisPrefix();
    const a = start('a');
    await waitFor(() => a.lease.held());
    await client.set(`${prefix}lease`, 'intruder', 'PX', 10_000);
    await waitFor(() => !a.lease.held(), 2000);
    expect(a.changes).toEqual([true, false]);
    expect(await client.get(`${prefix}lease`)).toBe('intruder');
  });
});
