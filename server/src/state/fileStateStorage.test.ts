import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFleet, indexFleet } from '@gigawatt/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { makeSample } from '../testing/fixtures.ts';
import { FileStateStorage } from './fileStateStorage.ts';
import { describeStateStorageContract } from './stateStorageContract.ts';

describeStateStorageContract('FileStateStorage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-state-'));
  return {
    open: () => new FileStateStorage(dir, { log: () => {} }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('FileStateStorage on disk', () => {
  const idx = indexFleet(defaultFleet);
  const T0 = Date.UTC(2026, 10, 23, 12);
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips a torn last line (kill -9 mid-write) and a damaged checkpoint, keeping what the logs hold', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-state-'));
    const lines: string[] = [];
    const storage = new FileStateStorage(dir, { log: (l) => lines.push(l) });
    const store = new TelemetryStore(idx);
    await storage.restore(store);
    for (let s = 0; s < 5; s++) {
      const x = makeSample('ohio', T0 + s * 1000);
      store.putSample(x);
      storage.appendSample(x, true);
    }
    const log = readdirSync(join(dir, 'state')).find((f) => f.startsWith('samples-'))!;
    appendFileSync(join(dir, 'state', log), '{"l":1,"s":{"site":"oh');
    writeFileSync(join(dir, 'state', 'history.ckpt'), 'GIGAWATT-CHECKPOINT 1\n\u0001');
    const after = new TelemetryStore(idx);
    const r = await new FileStateStorage(dir, { log: (l) => lines.push(l) }).restore(after);
    expect(r.samples).toBe(5);
    expect(after.latestSample('ohio')!.t).toBe(T0 + 4000);
    expect(lines.join('\n')).toMatch(/checkpoint unreadable/);
    expect(lines.join('\n')).toMatch(/skipped 1 unreadable line/);
  });

  it('keeps its files private to the server user', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-state-'));
    const storage = new FileStateStorage(dir);
    const store = new TelemetryStore(idx);
    await storage.restore(store);
    await storage.checkpoint(store);
    for (const f of readdirSync(join(dir, 'state'))) {
      expect((statSync(join(dir, 'state', f)).mode & 0o077).toString(8)).toBe('0');
    }
  });
});
