import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesReadable, openRecording, recordingInfoSchema } from '@gigawatt/shared/recording';
import { afterAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A server whose demos are two minutes long each, so a test makes all three in about a second. */
async function start(dataDir: string): Promise<GigawattServer> {
  const config = testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir, GIGAWATT_DEMOS: 'on' });
  config.demos.durationMs = 120_000;
  return createGigawattServer(config);
}

async function list(server: GigawattServer) {
  const body = (await (await fetch(`${server.url}/api/recordings`)).json()) as { recordings: unknown[] };
  return body.recordings.map((r) => recordingInfoSchema.parse(r));
}

describe('demo recordings', () => {
  it('are made once in the background, listed as demos, deletable, and not made again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-demos-'));
    dirs.push(dataDir);
    const startedAt = Date.now();
    const first = await start(dataDir);
    // Listening before the demos exist: start-up does not wait for them.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    await first.demos!.done;
    const demos = (await list(first)).filter((r) => r.kind === 'demo');
    expect(demos.map((d) => d.name).sort()).toEqual([
      'Cooling failure in Ohio Hall 10 (scenario)',
      'Normal day (synthesized)',
      'Training job crash in Texas Hall 1 (scenario)',
    ]);
    const lastHour = Math.floor(startedAt / HOUR) * HOUR;
    for (const d of demos) {
      expect(d.id).toMatch(/^demo-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
      expect(d).toMatchObject({ state: 'complete', start: lastHour - 120_000, end: lastHour - 1000 });
      const file = new Uint8Array(
        await (await fetch(`${first.url}/api/recordings/${d.id}/file`)).arrayBuffer(),
      );
      const rec = await openRecording(bytesReadable(file));
      expect(rec.metadata?.source).toMatch(/^mock-telemetry synthesize \(/);
      expect(rec.metadata?.fleet?.sites.length).toBe(4);
    }
    const coolingId = demos.find((d) => d.name.startsWith('Cooling'))!.id;
    const cooling = demos.find((d) => d.id === coolingId)!;
    expect(cooling.level).toBe('rack');
    // An operator deletes one; viewers cannot.
    expect((await fetch(`${first.url}/api/recordings/${coolingId}`, { method: 'DELETE' })).status).toBe(403);
    const del = await fetch(`${first.url}/api/recordings/${coolingId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` },
    });
    expect(del.status).toBe(204);
    await first.close();

    const second = await start(dataDir);
    await second.demos!.done;
    const again = (await list(second)).filter((r) => r.kind === 'demo');
    expect(again.map((d) => d.id).sort()).toEqual(
      demos
        .map((d) => d.id)
        .filter((id) => id !== coolingId)
        .sort(),
    );
    await second.close();
    // Nothing half-written left behind: every file is a recording, its sidecar, or the marker.
    for (const f of readdirSync(join(dataDir, 'recordings'))) {
      expect(f).toMatch(/^((seg|cap|demo)-\d{8}T\d{6}Z-[0-9a-f]{8}\.(mcap|json)|demos-made\.json)$/);
    }
  });

  it('stopping the server mid-synthesis leaves no partial file, and the demos are made at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-demos-'));
    dirs.push(dataDir);
    const config = testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir, GIGAWATT_DEMOS: 'on' });
    const server = await createGigawattServer(config); // full-length demos: still running when closed
    await new Promise((r) => setTimeout(r, 300));
    await server.close();
    expect(readdirSync(join(dataDir, 'recordings')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const again = await start(dataDir);
    await again.demos!.done;
    expect((await list(again)).filter((r) => r.kind === 'demo')).toHaveLength(3);
    await again.close();
  });

  it('an older edition is made again and replaces the old file; a deleted one stays deleted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-demos-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    await first.demos!.done;
    const old = (await list(first)).filter((r) => r.kind === 'demo');
    const deleted = old.find((d) => d.name.startsWith('Normal'))!.id;
    await fetch(`${first.url}/api/recordings/${deleted}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` },
    });
    await first.close();
    // A marker as written before editions existed.
    const markerPath = join(dataDir, 'recordings', 'demos-made.json');
    const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as {
      made: Record<string, { id: string; at: number; edition?: number }>;
    };
    for (const entry of Object.values(marker.made)) delete entry.edition;
    writeFileSync(markerPath, JSON.stringify(marker));

    const second = await start(dataDir);
    await second.demos!.done;
    const now = (await list(second)).filter((r) => r.kind === 'demo');
    expect(now.map((d) => d.name).sort()).toEqual([
      'Cooling failure in Ohio Hall 10 (scenario)',
      'Training job crash in Texas Hall 1 (scenario)',
    ]);
    for (const d of now) expect(old.map((o) => o.id)).not.toContain(d.id);
    await second.close();
    const files = readdirSync(join(dataDir, 'recordings'));
    for (const o of old) expect(files.some((f) => f.startsWith(o.id))).toBe(false);
  });
});
