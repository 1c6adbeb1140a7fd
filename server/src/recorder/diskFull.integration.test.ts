import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, type AlertEvent, alertEventSchema, type Tick } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { testConfig } from '../testing/fixtures.ts';
import { connected, connectLive, type LiveClient, waitFor } from '../testing/socketHelpers.ts';
import { type OpenSink, openFileSink } from './fileSink.ts';

/** A disk that fills up on demand: writes then fail as the kernel reports it (ENOSPC). */
let diskFull = false;
const failingDisk: OpenSink = (path) => {
  const inner = openFileSink(path);
  return {
    async write(bytes) {
      if (diskFull) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), {
          code: 'ENOSPC',
          errno: -28,
          syscall: 'write',
        });
      }
      return inner.write(bytes);
    },
    close: () => inner.close(),
  };
};

let server: GigawattServer;
let viewer: LiveClient;
let dataDir: string;
const ticks: Tick[] = [];
const alerts: AlertEvent[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-diskfull-'));
  server = await createGigawattServer(
    testConfig({
      GIGAWATT_RECORD: 'on',
      GIGAWATT_DATA_DIR: dataDir,
      GIGAWATT_SIMULATE: 'on',
      GIGAWATT_SIMULATE_RACKS: 'off',
    }),
    { recorder: { openSink: failingDisk, retryMs: 1500 } },
  );
  viewer = connectLive(server.url);
  viewer.on('tick', (t) => ticks.push(t));
  viewer.on('alert', (e) => alerts.push(alertEventSchema.parse(e)));
  await connected(viewer);
});
afterAll(async () => {
  viewer.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const recorderAlerts = () => alerts.filter((e) => e.alert.rule === 'recorder-failed');

describe('a full disk', () => {
  it('stops the recording with a critical fleet-wide alert while live ticks go on, and clears once writing works', async () => {
    const segment = await waitFor(() =>
      server.recorder!.list().find((r) => r.kind === 'segment' && r.state === 'recording' && r.size > 0),
    );
    diskFull = true;
    const failed = await waitFor(() => {
      const r = server.recorder!.get(segment.id);
      return r?.state === 'failed' ? r : undefined;
    }, 5000);
    expect(failed.error).toMatch(/ENOSPC/);

    const raised = await waitFor(() => recorderAlerts().find((e) => e.kind === 'raised'));
    expect(raised.alert).toMatchObject({ severity: 'critical', scope: {}, state: 'raised' });
    expect(raised.alert.scope.site).toBeUndefined();
    expect(raised.alert.title).toMatch(/^Recorder: recording stopped \(ENOSPC/);

    // The live path does not notice: ticks keep coming, one a second, and the server is healthy.
    const seqAtFailure = ticks.at(-1)!.seq;
    await waitFor(() => (ticks.at(-1)!.seq >= seqAtFailure + 3 ? true : undefined), 6000);
    const recent = ticks.slice(-4).map((t) => t.seq);
    expect(recent).toEqual([recent[0]!, recent[0]! + 1, recent[0]! + 2, recent[0]! + 3]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    // The log says so too, for anyone who was not watching.
    const log = (await (await fetch(`${server.url}/api/alerts`)).json()) as { active: Alert[]; log: Alert[] };
    expect(log.active.map((a) => a.rule)).toContain('recorder-failed');

    // The disk has room again: the retry opens a new segment, it reaches the disk, the alert clears.
    diskFull = false;
    const cleared = await waitFor(() => recorderAlerts().find((e) => e.kind === 'cleared'), 8000);
    expect(cleared.alert.id).toBe(raised.alert.id);
    const after = (await (await fetch(`${server.url}/api/alerts`)).json()) as {
      active: Alert[];
      log: Alert[];
    };
    expect(after.active.map((a) => a.rule)).not.toContain('recorder-failed');
    expect(after.log.find((a) => a.id === raised.alert.id)?.state).toBe('cleared');
    const writing = server.recorder!.list().find((r) => r.kind === 'segment' && r.state === 'recording');
    expect(writing?.id).not.toBe(segment.id);
  });
});
