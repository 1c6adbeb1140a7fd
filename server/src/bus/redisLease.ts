import type { Redis } from 'ioredis';

/**
 * Extends the lease if this node holds it, takes it if nobody does (the key vanished with a Redis
 * restart), and otherwise leaves it: one atomic step, so two nodes never both succeed.
 */
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
elseif not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export interface LeaseOptions {
  key: string;
  nodeId: string;
  /**
   * Lifetime of the key (default 7 s). A dead holder's lease is free this long after its last renewal;
   * the others try every acquireEveryMs, so failover takes at most ttlMs + acquireEveryMs (8 s).
   */
  ttlMs?: number;
  /** Renewal period while held (default 2 s: two renewals may fail before the lease runs out). */
  renewEveryMs?: number;
  acquireEveryMs?: number;
  /**
   * A holder that could not renew gives its duties up this long before the key would expire, so it is
   * never active at the same time as the next holder.
   */
  marginMs?: number;
  onChange: (held: boolean) => void;
  onError?: (error: unknown) => void;
  now?: () => number;
}

export interface Lease {
  held(): boolean;
  /** Releases the lease if held (graceful stop: another node takes over within acquireEveryMs). */
  release(): Promise<void>;
  /** Stops trying without releasing (a killed process). */
  stop(): void;
}

/**
 * One node at a time holds a key in Redis (SET NX PX, renewed by a compare-and-extend script) and runs
 * the cluster's singletons. A renewal that fails or finds another holder ends the duties at once.
 */
export function startLease(redis: Redis, options: LeaseOptions): Lease {
  const ttlMs = options.ttlMs ?? 7000;
  const renewEveryMs = options.renewEveryMs ?? 2000;
  const acquireEveryMs = options.acquireEveryMs ?? 1000;
  const marginMs = options.marginMs ?? 1000;
  const now = options.now ?? Date.now;
  let held = false;
  let stopped = false;
  let inFlight = false;
  /** When the last successful renewal was sent: the key lives at least until this + ttlMs. */
  let confirmedAt = 0;
  let nextAttemptAt = 0;

  const set = (value: boolean) => {
    if (held === value) return;
    held = value;
    options.onChange(value);
  };

  async function attempt() {
    inFlight = true;
    const sentAt = now();
    let failed = false;
    try {
      // Also to acquire: a key still naming this node (it gave up its duties while Redis was away) is
      // this node's again at once, instead of after it expires.
      const r = await redis.eval(RENEW, 1, options.key, options.nodeId, ttlMs);
      if (stopped) return;
      if (r === 1) {
        confirmedAt = sentAt;
        set(true);
      } else set(false);
    } catch (e) {
      failed = true;
      options.onError?.(e);
    } finally {
      inFlight = false;
      // A holder that could not renew (Redis away) retries at every check: when Redis is back (empty,
      // after a restart) it takes its own lease again before another node's next attempt.
      nextAttemptAt = failed && held ? 0 : sentAt + (held ? renewEveryMs : acquireEveryMs);
    }
  }

  const check = () => {
    if (stopped) return;
    // Not renewed in time (Redis away, or a renewal hanging): the next holder may start soon.
    if (held && now() - confirmedAt > ttlMs - marginMs) set(false);
    if (!inFlight && now() >= nextAttemptAt) void attempt();
  };
  const timer = setInterval(check, 250);
  timer.unref();
  check();

  return {
    held: () => held,
    async release() {
      stopped = true;
      clearInterval(timer);
      const was = held;
      set(false);
      if (!was) return;
      try {
        await redis.eval(RELEASE, 1, options.key, options.nodeId);
      } catch (e) {
        options.onError?.(e);
      }
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      held = false;
    },
  };
}
