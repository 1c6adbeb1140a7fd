import { isIPv6 } from 'node:net';

export interface AuthFailureLimiterOptions {
  /** Wrong tokens from one address within `windowMs` before that address is cooled down. */
  maxFailures?: number;
  windowMs?: number;
  /** How long a cooled-down address gets 429 for a wrong token. */
  cooldownMs?: number;
  /** Addresses tracked at once; the least recently seen is forgotten first (memory stays bounded). */
  maxAddresses?: number;
  now?: () => number;
}

/** One authentication attempt, judged: pass, refuse (401/403), or refuse as rate limited (429). */
export type AuthAttempt =
  | { outcome: 'ok' }
  | { outcome: 'refused' }
  | { outcome: 'limited'; retryAfterS: number };

interface Entry {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Failed-authentication rate limiting per client address, shared by the HTTP API and the socket.io
 * handshakes. Only wrong tokens count, and a right token always passes, even from a cooled-down address:
 * behind NAT or a proxy one misconfigured (or hostile) client must not lock out the others. What the
 * limit buys is that guessing from one address costs a cooldown per `maxFailures` guesses.
 */
export class AuthFailureLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly cooldownMs: number;
  readonly maxAddresses: number;
  private readonly now: () => number;
  // Map order is recency order: an entry is re-inserted whenever it changes, so the first is the stalest.
  private readonly entries = new Map<string, Entry>();

  constructor(opts: AuthFailureLimiterOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 20;
    this.windowMs = opts.windowMs ?? 60_000;
    this.cooldownMs = opts.cooldownMs ?? 60_000;
    this.maxAddresses = opts.maxAddresses ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Addresses currently tracked (bounded by maxAddresses). */
  get size(): number {
    return this.entries.size;
  }

  /** Seconds until `address` may try a token again; undefined when it is not cooled down. */
  retryAfterS(address: string | undefined): number | undefined {
    const entry = this.entries.get(clientKey(address));
    const left = entry ? entry.blockedUntil - this.now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : undefined;
  }

  /**
   * Judges one attempt. `presented` is false when no token was given at all: that is not a guess, so it is
   * refused without counting. A wrong token from a cooled-down address is answered 'limited' and does not
   * extend the cooldown; the failure that reaches the limit is still answered 'refused'.
   */
  attempt(address: string | undefined, valid: boolean, presented = true): AuthAttempt {
    if (valid) return { outcome: 'ok' };
    if (!presented) return { outcome: 'refused' };
    const key = clientKey(address);
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.blockedUntil > now) {
      return { outcome: 'limited', retryAfterS: Math.ceil((entry.blockedUntil - now) / 1000) };
    }
    const fresh = !entry || now - entry.windowStart >= this.windowMs;
    const next: Entry = fresh
      ? { windowStart: now, failures: 1, blockedUntil: 0 }
      : { windowStart: entry.windowStart, failures: entry.failures + 1, blockedUntil: 0 };
    if (next.failures >= this.maxFailures) next.blockedUntil = now + this.cooldownMs;
    this.entries.delete(key);
    this.entries.set(key, next);
    while (this.entries.size > this.maxAddresses) {
      const stalest = this.entries.keys().next().value;
      if (stalest === undefined) break;
      this.entries.delete(stalest);
    }
    return { outcome: 'refused' };
  }

  /** The client's message for a 'limited' attempt (HTTP error body and socket.io connect_error alike). */
  static message(retryAfterS: number): string {
    return `too many failed authentication attempts; retry in ${retryAfterS} s`;
  }
}

/**
 * A socket.io handshake refusal for a cooled-down address: connect_error's message, with the wait in
 * `data` for clients that back off by it.
 */
export function rateLimitedError(retryAfterS: number): Error & { data: { retryAfterS: number } } {
  return Object.assign(new Error(AuthFailureLimiter.message(retryAfterS)), { data: { retryAfterS } });
}

/**
 * The key an address is counted under: IPv4-mapped IPv6 as IPv4, other IPv6 by its /64 (one host is
 * usually given a whole /64, so counting single IPv6 addresses would not limit anybody).
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) takes two groups; only the first four groups matter here.
  const missing = Math.max(0, 8 - left.length - right.length);
  const groups = tail === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  return groups.map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? g.toLowerCase().replace(/^0+(?=.)/, '') : g));
}
