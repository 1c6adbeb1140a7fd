import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRecording, recordingInfoSchema } from '@gigawatt/shared/recording';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import { parseRange } from './sendSnapshot.ts';

let server: GigawattServer;
let dataDir: string;
const base = (Math.floor(Date.now() / 1000) - 300) * 1000;
const op = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/json' };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-snap-'));
  server = await createGigawattServer(testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir }));
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function ingest(from: number, seconds: number): void {
  for (let s = 0; s < seconds; s++)
    expect(server.ingest.sample(makeSample('ohio', base + (from + s) * 1000))).toMatchObject({ ok: true });
}

/** The file as a range reader sees it: size from the first range, then the rest, all from one URL. */
async function readAll(url: string): Promise<{ bytes: Uint8Array; pinned: string }> {
  const head = await fetch(url, { headers: { range: 'bytes=0-15' } });
  expect(head.status).toBe(206);
  const total = Number(/\/(\d+)$/.exec(head.headers.get('content-range') ?? '')?.[1]);
  const pinned = new URL(head.headers.get('content-location') ?? '', url).href;
  const rest = await fetch(pinned, { headers: { range: `bytes=16-${total - 1}` } });
  expect(rest.status).toBe(206);
  const bytes = new Uint8Array(total);
  bytes.set(new Uint8Array(await head.arrayBuffer()), 0);
  bytes.set(new Uint8Array(await rest.arrayBuffer()), 16);
  return { bytes, pinned };
}

async function siteTimes(bytes: Uint8Array): Promise<number[]> {
  const rec = await openRecording(bytes);
  const out: number[] = [];
  for await (const m of rec.readMessages()) if (m.kind === 'site') out.push(m.t);
  return out;
}

describe('a recording still being written', () => {
  it('opens up to its last flushed second, shows more when reopened, and keeps a reader on one snapshot', async () => {
    const res = await fetch(`${server.url}/api/recordings`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({ name: 'incident in progress', level: 'hall', sites: ['ohio'] }),
    });
    const { id } = recordingInfoSchema.parse(((await res.json()) as { recording: unknown }).recording);
    const url = `${server.url}/api/recordings/${id}/file`;
    ingest(0, 3);
    await server.recorder!.flush();

    const listed = (await (await fetch(`${server.url}/api/recordings`)).json()) as { recordings: unknown[] };
    const info = listed.recordings.map((r) => recordingInfoSchema.parse(r)).find((r) => r.id === id);
    expect(info).toMatchObject({ state: 'recording', flushedEnd: base + 2000 });

    const first = await readAll(url);
    expect(await siteTimes(first.bytes)).toEqual([base, base + 1000, base + 2000]);
    expect(first.pinned).toMatch(/\?upTo=\d+$/);

    // The CSV export of a running recording reads the same snapshot.
    const csv = await (await fetch(`${server.url}/api/recordings/${id}/export.csv?level=site`)).text();
    expect(csv.trim().split('\n')).toHaveLength(1 + 3);

    ingest(3, 3);
    await server.recorder!.flush();
    const second = await readAll(url);
    expect(await siteTimes(second.bytes)).toEqual([0, 1, 2, 3, 4, 5].map((s) => base + s * 1000));
    // The first reader's URL still answers with its own, unchanged file.
    const again = new Uint8Array(await (await fetch(first.pinned)).arrayBuffer());
    expect(again).toEqual(first.bytes);

    await fetch(`${server.url}/api/recordings/${id}/stop`, { method: 'POST', headers: op });
    const gone = await fetch(first.pinned, { headers: { range: 'bytes=0-15' } });
    expect(gone.status).toBe(409);
    expect(((await gone.json()) as { error: string }).error).toMatch(/finished.*open it again/);
    const whole = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect((await siteTimes(whole)).length).toBe(6);
    expect((await fetch(`${url}?upTo=abc`)).status).toBe(400);
  });
});

describe('parseRange', () => {
  it('reads one byte range against a size, ignores what it cannot read, refuses what is outside', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRange(undefined, 100)).toBeUndefined();
  });
});
