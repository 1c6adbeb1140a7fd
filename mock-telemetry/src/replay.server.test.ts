// Integration test against the real server. mock-telemetry does not declare @gigawatt/server (the server
// depends on this package, so declaring it would be a cycle); it resolves through the workspace links.
// This file can move to server/src/ingest/ unchanged apart from its relative imports.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGigawattServer, type GigawattServer, loadConfig } from '@gigawatt/server';
import { decodeRackWire } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cliCommand.ts';
import { replay } from './replay.ts';
import { fastClock, type MemoryRecording, memoryRecording, REC_FROM } from './replayFixture.ts';
import { runCli } from './runCli.ts';

const TOKEN = 'test-ingest-token-123';

let server: GigawattServer;
let recording: MemoryRecording;
beforeAll(async () => {
  [server, recording] = await Promise.all([
    createGigawattServer(
      loadConfig([], {
        PORT: '0',
        GIGAWATT_SIMULATE: 'off',
        GIGAWATT_RECORD: 'off',
        GIGAWATT_BACKFILL: '0s',
        GIGAWATT_INGEST_TOKEN: TOKEN,
        GIGAWATT_CLIENT_DIR: '/nonexistent',
      }),
    ),
    memoryRecording(),
  ]);
});
afterAll(async () => {
  await server?.close();
});

async function cli(argv: string[]) {
  let err = '';
  const io: CliIo = { stdout: () => {}, stderr: (t) => (err += t), env: {} };
  return { code: await runCli(argv, io), err };
}

describe('replay into the real server', () => {
  it('lands in the store as live samples, retimed to now, rack blocks included', async () => {
    // The virtual clock starts at the server's own clock: the server refuses samples > 5 min ahead.
    const clock = fastClock(Date.now());
    const stats = await replay({
      url: server.url,
      token: TOKEN,
      recording: recording.rec,
      clock,
      count: 5,
      log: () => {},
    });
    expect(stats).toMatchObject({ seconds: 5, samples: 10, rackBlocks: 5, refused: 0, unanswered: 0 });
    expect(server.ingest.stats.accepted).toBe(10);
    const latest = server.store.latestSamples();
    expect(latest.map((s) => s.site).sort()).toEqual(['ohio', 'texas']);
    const lastTick = Math.floor(clock.at / 1000) * 1000;
    for (const s of latest) {
      expect(s.t).toBe(lastTick);
      expect(s.seq).toBe(lastTick / 1000);
      const recorded = recording.samples.get(REC_FROM + 4000)!.get(s.site)!.sample;
      expect({ ...s, t: recorded.t, seq: recorded.seq }).toEqual(recorded);
    }
    const wire = server.store.latestRacks('texas', 'h1');
    expect(wire && decodeRackWire(wire).t).toBe(lastTick);
    expect(server.store.lastSeq('ohio')).toBe(lastTick / 1000);
  });

  it('exits 1 with the server error when the token is refused', async () => {
    const path = join(tmpdir(), `gigawatt-replay-${process.pid}.mcap`);
    await writeFile(path, recording.bytes);
    const r = await cli(['replay', path, '--url', server.url, '--token', 'wrong-token', '--count', '1']);
    await rm(path, { force: true });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/connection refused by .*invalid ingest token/);
  });
});
