import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A key prefix of its own for one test: suites (and other test runs) share one Redis. */
export const testRedisPrefix = () => `gwtest:${randomBytes(5).toString('hex')}:`;

/** Deletes every key under `prefix` (streams, the lease, the adapter's stream). */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Best effort: a test whose Redis went away leaves keys that nothing else reads (random prefix).
  } finally {
    redis.disconnect();
  }
}

/** A plain connection for a test's own commands (CLIENT KILL, XLEN, GET lease). */
export function testRedisClient(url: string): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  r.on('error', () => {});
  return r;
}

/** Kills the connection named `name` (CLIENT SETNAME), as a network blip would. */
export async function killRedisConnection(redis: Redis, name: string): Promise<number> {
  const list = String(await redis.client('LIST'));
  let killed = 0;
  for (const line of list.split('\n')) {
    const id = /\bid=(\d+)/.exec(line)?.[1];
    const n = /\bname=(\S*)/.exec(line)?.[1];
    if (id && n === name) {
      await redis.client('KILL', 'ID', id);
      killed++;
    }
  }
  return killed;
}
