import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter, clientKey } from './authFailureLimiter.ts';

const clock = (start = 1_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('AuthFailureLimiter', () => {
  it('cools an address down after maxFailures wrong tokens within the window, for cooldownMs', () => {
    const c = clock();
    const limiter = new AuthFailureLimiter({
      maxFailures: 3,
      windowMs: 10_000,
      cooldownMs: 30_000,
      now: c.now,
    });
    for (let i = 0; i < 3; i++) expect(limiter.attempt('10.0.0.1', false)).toEqual({ outcome: 'refused' });
    expect(limiter.attempt('10.0.0.1', false)).toEqual({ outcome: 'limited', retryAfterS: 30 });
    c.advance(29_001);
    expect(limiter.attempt('10.0.0.1', false)).toEqual({ outcome: 'limited', retryAfterS: 1 });
    expect(limiter.retryAfterS('10.0.0.1')).toBe(1);
    c.advance(1000);
    expect(limiter.retryAfterS('10.0.0.1')).toBeUndefined();
    expect(limiter.attempt('10.0.0.1', false)).toEqual({ outcome: 'refused' });
  });

  it('forgets failures older than the window', () => {
    const c = clock();
    const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 10_000, now: c.now });
    limiter.attempt('a', false);
    limiter.attempt('a', false);
    c.advance(10_000);
    limiter.attempt('a', false);
    limiter.attempt('a', false);
    expect(limiter.attempt('a', false).outcome).toBe('refused');
  });

  it('never limits a right token, and does not count a missing one', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1 });
    expect(limiter.attempt('a', false, false)).toEqual({ outcome: 'refused' });
    expect(limiter.retryAfterS('a')).toBeUndefined();
    limiter.attempt('a', false);
    expect(limiter.attempt('a', false).outcome).toBe('limited');
    expect(limiter.attempt('a', true)).toEqual({ outcome: 'ok' });
  });

  it('keys addresses as clients are: IPv4-mapped as IPv4, IPv6 by /64', () => {
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(undefined)).toBe('unknown');
  });

  it('holds its invariants under any sequence of attempts (property)', () => {
    const address = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('10.0.0.1', '10.0.0.2', '::ffff:10.0.0.1', '2001:db8::1', '2001:db8::2'),
    );
    const step = fc.record({
      address,
      valid: fc.boolean(),
      presented: fc.boolean(),
      advanceMs: fc.nat({ max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const c = clock();
        const opts = { maxFailures: 4, windowMs: 30_000, cooldownMs: 15_000, maxAddresses: 16, now: c.now };
        const limiter = new AuthFailureLimiter(opts);
        // A model of one address's count, to check against: failures since the window started.
        const model = new Map<string, { start: number; n: number; until: number }>();
        for (const s of steps) {
          c.advance(s.advanceMs);
          const key = clientKey(s.address);
          const verdict = limiter.attempt(s.address, s.valid, s.presented);
          expect(limiter.size).toBeLessThanOrEqual(opts.maxAddresses);
          if (s.valid) {
            expect(verdict.outcome).toBe('ok');
            continue;
          }
          expect(verdict.outcome).not.toBe('ok');
          if (!s.presented) continue;
          if (verdict.outcome === 'limited') {
            expect(verdict.retryAfterS).toBeGreaterThan(0);
            expect(verdict.retryAfterS).toBeLessThanOrEqual(opts.cooldownMs / 1000);
          }
          // The limiter may forget an address (bounded memory), never invent failures for it.
          const m = model.get(key);
          const now = c.now();
          if (m && m.until > now) {
            if (verdict.outcome === 'refused') model.set(key, { start: now, n: 1, until: 0 });
            continue;
          }
          expect(verdict.outcome).toBe('refused');
          const next =
            !m || now - m.start >= opts.windowMs ? { start: now, n: 1, until: 0 } : { ...m, n: m.n + 1 };
          if (next.n >= opts.maxFailures) next.until = now + opts.cooldownMs;
          model.set(key, next);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('says how long to wait', () => {
    expect(AuthFailureLimiter.message(42)).toBe('too many failed authentication attempts; retry in 42 s');
  });
});
