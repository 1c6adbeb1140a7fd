import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const NO_STATE = { GIGAWATT_STATE: 'off' };

describe('scale-out configuration (REDIS_URL, GIGAWATT_REDIS_PREFIX)', () => {
  it('takes redis:// and rediss:// URLs, with the default key prefix', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'rediss://user:pw@cache.example:6380/2',
      'redis://[::1]:6379',
    ]) {
      const c = loadConfig([], { ...NO_STATE, REDIS_URL: url });
      expect(c.redisUrl).toBe(url);
      expect(c.redisPrefix).toBe('gigawatt:');
    }
    expect(loadConfig([], NO_STATE).redisUrl).toBeUndefined();
    expect(loadConfig(['--redis-prefix', 'nocA:'], NO_STATE).redisPrefix).toBe('nocA:');
  });

  it('stops on anything else with a clear message that never shows the password', () => {
    for (const url of ['http://127.0.0.1:6379', '127.0.0.1:6379', 'redis://', 'postgres://u:pw@db/x']) {
      const err = (() => {
        try {
          loadConfig([], { ...NO_STATE, REDIS_URL: url });
        } catch (e) {
          return e;
        }
      })();
      expect(err, url).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/REDIS_URL=.*must be a redis:\/\/ or rediss:\/\/ URL/);
    }
    expect(() => loadConfig([], { ...NO_STATE, REDIS_URL: 'http://user:hunter2@host:6379' })).toThrow(
      /^(?!.*hunter2)/s,
    );
  });

  it('refuses a prefix with spaces or wildcards', () => {
    for (const prefix of ['a b', 'gw*', 'x'.repeat(65)]) {
      expect(() => loadConfig([], { ...NO_STATE, GIGAWATT_REDIS_PREFIX: prefix })).toThrow(
        /GIGAWATT_REDIS_PREFIX=.*must be 1 to 64 letters/,
      );
    }
  });
});
