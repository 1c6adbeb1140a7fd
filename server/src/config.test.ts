import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

// loadConfig keeps generated tokens in the data folder when state is on; these tests must not write there.
const NO_STATE = { GIGAWATT_STATE: 'off' };

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig([], NO_STATE);
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      simulate: true,
      viewerToken: undefined,
    });
    expect(c.fleet.sites).toHaveLength(4);
    expect(c.recording.importMaxBytes).toBe(2 ** 30);
    expect(loadConfig(['--import-max-bytes', '200MB'], NO_STATE).recording.importMaxBytes).toBe(200e6);
    expect(c.ingestTokenGenerated).toBe(true);
    expect(c.operatorTokenGenerated).toBe(true);
    expect(c.ingestToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads variables, and flags win over variables', () => {
    const c = loadConfig(['--port', '9001', '--simulate', 'off'], {
      PORT: '9000',
      GIGAWATT_SEED: '7',
      GIGAWATT_INGEST_TOKEN: 'abcdefgh12',
      GIGAWATT_OPERATOR_TOKEN: 'operator-12345',
    });
    expect(c.operatorToken).toBe('operator-12345');
    expect(c.operatorTokenGenerated).toBe(false);
    expect(c.port).toBe(9001);
    expect(c.simulate).toBe(false);
    expect(c.seed).toBe(7);
    expect(c.ingestToken).toBe('abcdefgh12');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty"/],
    [{ PORT: '70000' }, /PORT/],
    [{ GIGAWATT_SIMULATE: 'maybe' }, /GIGAWATT_SIMULATE/],
    [{ GIGAWATT_SEED: '-1' }, /GIGAWATT_SEED/],
    [{ GIGAWATT_INGEST_TOKEN: 'short' }, /at least 8/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL/],
    [{ GIGAWATT_BACKFILL: 'forever' }, /duration/],
    [{ GIGAWATT_DEMOS: 'sometimes' }, /GIGAWATT_DEMOS="sometimes"/],
    [{ GIGAWATT_IMPORT_MAX_BYTES: '12' }, /GIGAWATT_IMPORT_MAX_BYTES="12": must be a size of at least 1KiB/],
    [{ GIGAWATT_IMPORT_MAX_BYTES: 'lots' }, /GIGAWATT_IMPORT_MAX_BYTES/],
    [{ GIGAWATT_DEMOS: 'on', GIGAWATT_RECORD: 'off' }, /GIGAWATT_DEMOS=on needs recording/],
  ])('refuses %o with a clear message', (env, re) => {
    expect(() => loadConfig([], env)).toThrow(ConfigError);
    expect(() => loadConfig([], env)).toThrow(re);
  });

  it('refuses unknown flags and bad fleet files', () => {
    expect(() => loadConfig(['--prot', '1'], NO_STATE)).toThrow(/Known flags/);
    expect(() => loadConfig([], { GIGAWATT_FLEET: '/no/such/file.json' })).toThrow(/cannot read/);
    const bad = join(tmpdir(), `fleet-${process.pid}.json`);
    writeFileSync(bad, JSON.stringify({ name: 'x', gpuModels: [], sites: [] }));
    expect(() => loadConfig([], { GIGAWATT_FLEET: bad })).toThrow(/GIGAWATT_FLEET=.*gpuModels/);
  });

  it('makes demo recordings by default only where the built-in simulator runs and recording is on', () => {
    expect(loadConfig([], NO_STATE).demos).toEqual({ enabled: true });
    expect(loadConfig([], { GIGAWATT_SIMULATE: 'off' }).demos).toEqual({ enabled: false });
    expect(loadConfig([], { GIGAWATT_RECORD: 'off' }).demos).toEqual({ enabled: false });
    expect(loadConfig(['--demos', '0'], NO_STATE).demos).toEqual({ enabled: false });
    expect(loadConfig([], { GIGAWATT_SIMULATE: 'off', GIGAWATT_DEMOS: 'yes' }).demos).toEqual({
      enabled: true,
    });
  });

  it('takes DATABASE_URL as a postgres:// URL, and never prints its password in a refusal', () => {
    const url = 'postgresql://gigawatt:pw@127.0.0.1:5432/gigawatt';
    expect(loadConfig([], { ...NO_STATE, DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig(['--database-url', 'postgres://db.internal/gw'], NO_STATE).databaseUrl).toBe(
      'postgres://db.internal/gw',
    );
    expect(loadConfig([], NO_STATE).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://gw@db/gw', 'db.internal:5432', 'postgres://gw:hunter2@db:port/gw']) {
      const err = (() => {
        try {
          loadConfig([], { ...NO_STATE, DATABASE_URL: bad });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err).toBeInstanceOf(ConfigError);
      expect(err!.message).toMatch(/DATABASE_URL=".*": must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(err!.message).not.toContain('hunter2');
    }
    expect(() => loadConfig([], { ...NO_STATE, DATABASE_URL: 'host=db password=hunter2' })).toThrow(
      /DATABASE_URL="host=db password=\*\*\*"/,
    );
  });

  it('reads durations with the shared parser (parts and any case now allowed, a bare number still refused)', () => {
    expect(loadConfig([], { ...NO_STATE, GIGAWATT_BACKFILL: '1d12H' }).backfillMs).toBe(129_600_000);
    expect(() => loadConfig([], { ...NO_STATE, GIGAWATT_BACKFILL: '1 week' })).toThrow(/GIGAWATT_BACKFILL/);
    expect(() => loadConfig([], { ...NO_STATE, GIGAWATT_BACKFILL: '3600' })).toThrow(/GIGAWATT_BACKFILL/);
  });

  it('keeps state on by default, and generated tokens in <data dir>/tokens.json (0600) across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-config-'));
    try {
      const first = loadConfig([], { GIGAWATT_DATA_DIR: dir });
      expect(first.state).toEqual({ enabled: true, checkpointMs: 600_000 });
      expect(first.ingestTokenGenerated).toBe(true);
      expect(first.tokensFile).toBe(join(dir, 'tokens.json'));
      expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
      const again = loadConfig([], { GIGAWATT_DATA_DIR: dir });
      expect(again.ingestToken).toBe(first.ingestToken);
      expect(again.operatorToken).toBe(first.operatorToken);
      expect(again.ingestTokenSource).toBe('file');
      expect(again.operatorTokenGenerated).toBe(false);
      // The environment still wins, and is never written to the file.
      const env = loadConfig([], { GIGAWATT_DATA_DIR: dir, GIGAWATT_OPERATOR_TOKEN: 'operator-from-env-1' });
      expect(env.operatorToken).toBe('operator-from-env-1');
      expect(readFileSync(join(dir, 'tokens.json'), 'utf8')).not.toContain('operator-from-env-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
