import { afterEach, describe } from 'vitest';
import { dropRedisPrefix, testRedisPrefix } from '../testing/redisKeys.ts';
import { describeWithService, redisAvailable } from '../testing/services.ts';
import { createRedisBus } from './redisBus.ts';
import { createInProcessBus } from './telemetryBus.ts';
import { telemetryBusContract } from './telemetryBusContract.ts';

const quiet = { info: () => {}, warn: () => {} };

describe('in-process bus (a cluster of one)', () => {
  telemetryBusContract(async () => [createInProcessBus()]);
});

const redis = await redisAvailable();
describeWithService('Redis Streams bus (three nodes)', redis, () => {
  const prefixes: string[] = [];
  afterEach(async () => {
    for (const p of prefixes.splice(0)) await dropRedisPrefix(redis.url, p);
  });
  telemetryBusContract(async () => {
    const prefix = testRedisPrefix();
    prefixes.push(prefix);
    const nodes = await Promise.all([0, 1, 2].map(() => createRedisBus(redis.url, prefix, quiet)));
    await Promise.all(nodes.map((n) => n.start()));
    return nodes;
  });
});
