import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultFleet } from '@gigawatt/shared';
import {
  bytesReadable,
  createRecordingWriter,
  McapChunkedWriter,
  openRecording,
  type RecordingInfo,
  recordingInfoSchema,
  restrictFleet,
} from '@gigawatt/shared/recording';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';

const LIMIT = 512 * 1024;
const T0 = Date.UTC(2026, 5, 1, 12);
let root: string;
let dataDir: string;
let server: GigawattServer;
let before: Set<string>;

/** Every path under `dir`, relative to it (directories end in "/"). */
function tree(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? [`${relative(base, path)}/`, ...tree(path, base)]
      : [relative(base, path)];
  });
}

async function concat(write: (sink: { write(b: Uint8Array): Promise<unknown> }) => Promise<void>) {
  const parts: Uint8Array[] = [];
  await write({ write: async (b) => parts.push(b.slice()) });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** `seconds` of Ohio and Texas at hall level, one chunk per second (so a cut keeps whole seconds). */
function recording(seconds: number): Promise<Uint8Array> {
  return concat(async (sink) => {
    const sites = ['ohio', 'texas'];
    const w = createRecordingWriter({
      writable: sink,
      metadata: {
        name: 'Ohio incident, handed over',
        level: 'hall',
        sites,
        created: T0,
        source: 'gigawatt-server',
        fleet: restrictFleet(defaultFleet, sites),
      },
    });
    for (let i = 0; i < seconds; i++) {
      for (const site of sites) w.writeSample(makeSample(site, T0 + i * 1000));
      await w.flush();
    }
    await w.end();
  });
}

const op = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/octet-stream' };

function upload(body: Uint8Array | string, query = '', headers: Record<string, string> = op) {
  return fetch(`${server.url}/api/recordings/import${query}`, { method: 'POST', headers, body });
}

async function imported(res: Response): Promise<RecordingInfo> {
  expect(res.status, await res.clone().text()).toBe(201);
  return recordingInfoSchema.parse(((await res.json()) as { recording: unknown }).recording);
}

async function refused(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: string };
  expect(body.error).toMatch(message);
}

/** Recordings folder holds recordings and sidecars by generated id only, and no temporary file. */
function recordingFilesAreClean() {
  for (const f of readdirSync(join(dataDir, 'recordings'))) {
    expect(f).toMatch(/^(seg|cap|demo|imp)-\d{8}T\d{6}Z-[0-9a-f]{8}\.(mcap|json)$/);
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gigawatt-import-'));
  dataDir = join(root, 'data');
  mkdirSync(join(root, 'elsewhere'));
  server = await createGigawattServer(
    testConfig({
      GIGAWATT_RECORD: 'on',
      GIGAWATT_DATA_DIR: dataDir,
      GIGAWATT_IMPORT_MAX_BYTES: String(LIMIT),
    }),
  );
  before = new Set(tree(root));
});
afterAll(async () => {
  await server.close();
  // Nothing was ever written outside the data folder's recordings.
  const added = tree(root).filter((p) => !before.has(p));
  expect(added.filter((p) => !p.startsWith('data/recordings/'))).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

describe('POST /api/recordings/import', () => {
  it('stores a recording under a generated imp- id, with the name as metadata only', async () => {
    const bytes = await recording(20);
    const info = await imported(await upload(bytes, `?name=${encodeURIComponent('../../etc/passwd')}`));
    expect(info).toMatchObject({
      kind: 'import',
      name: '../../etc/passwd',
      level: 'hall',
      scope: { sites: ['ohio', 'texas'] },
      start: T0,
      end: T0 + 19_000,
      messages: 40,
      size: bytes.byteLength,
      state: 'complete',
    });
    expect(info.id).toMatch(/^imp-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    const served = new Uint8Array(
      await (await fetch(`${server.url}/api/recordings/${info.id}/file`)).arrayBuffer(),
    );
    expect(served).toEqual(bytes);
    const listed = (await (await fetch(`${server.url}/api/recordings`)).json()) as {
      recordings: { id: string }[];
    };
    expect(listed.recordings.map((r) => r.id)).toContain(info.id);
    // Without ?name= the file's own name is used; an absolute path is just text too.
    expect((await imported(await upload(bytes))).name).toBe('Ohio incident, handed over');
    expect((await imported(await upload(bytes, '?name=%2Fetc%2Fshadow'))).name).toBe('/etc/shadow');
    recordingFilesAreClean();
  });

  it.each([
    ['a NUL', '?name=evil%00.mcap'],
    ['a newline', '?name=line%0Abreak'],
    ['an escape sequence', '?name=%1B%5B31mred'],
    ['nothing but spaces', '?name=%20%20'],
    ['too many characters', `?name=${'x'.repeat(121)}`],
    ['two names', '?name=a&name=b'],
  ])('refuses a name with %s before reading the body', async (_what, query) => {
    const files = tree(dataDir);
    await refused(await upload(await recording(2), query), 400, /name must be/);
    expect(tree(dataDir)).toEqual(files);
  });

  it('refuses what is not MCAP with a clear message', async () => {
    await refused(await upload('PK\u0003\u0004 this is a zip file, honest'), 400, /not an MCAP file/);
    await refused(await upload(new Uint8Array(0)), 400, /body is empty/);
    const other = await concat(async (sink) => {
      const w = new McapChunkedWriter({ sink });
      const schemaId = w.addSchema({ name: 'tf', encoding: 'jsonschema', data: new Uint8Array() });
      const channelId = w.addChannel({
        schemaId,
        topic: '/tf',
        messageEncoding: 'json',
        metadata: new Map(),
      });
      w.addMessage(channelId, 1n, new TextEncoder().encode('{}'), 1);
      await w.end();
    });
    await refused(await upload(other), 400, /no Gigawatt recording/);
    const json = await fetch(`${server.url}/api/recordings/import`, {
      method: 'POST',
      headers: { ...op, 'content-type': 'application/json' },
      body: '{}',
    });
    await refused(json, 415, /application\/octet-stream/);
    recordingFilesAreClean();
  });

  it('recovers a file cut short (saying what was lost), and refuses one cut before its first message', async () => {
    const bytes = await recording(20);
    const info = await imported(await upload(bytes.subarray(0, Math.floor(bytes.byteLength * 0.6))));
    expect(info.state).toBe('recovered');
    expect(info.error).toMatch(/cut short or damaged.*kept its \d+ complete messages/);
    expect(info.messages).toBeGreaterThan(10);
    expect(info.messages).toBeLessThan(40);
    const served = new Uint8Array(
      await (await fetch(`${server.url}/api/recordings/${info.id}/file`)).arrayBuffer(),
    );
    const rec = await openRecording(bytesReadable(served));
    expect(rec.messageCount).toBe(info.messages);
    expect(rec.metadata?.name).toBe('Ohio incident, handed over');
    await refused(await upload(bytes.subarray(0, 30)), 400, /MCAP|cut short|nothing to recover/);
    recordingFilesAreClean();
  });

  it('refuses files over the limit with 413 and leaves nothing behind, declared or streamed', async () => {
    const files = tree(dataDir);
    const big = new Uint8Array(LIMIT + 1);
    big.set(await recording(1));
    await refused(await upload(big), 413, /limit/);
    // No Content-Length: the server counts while it streams and stops at the limit.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * LIMIT) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await fetch(`${server.url}/api/recordings/import`, {
      method: 'POST',
      headers: op,
      body: stream,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' }).catch((error: unknown) => error);
    // The server answers 413 and closes the connection without reading the rest; a client still
    // sending may see the close before the answer.
    if (res instanceof Response) await refused(res, 413, /limit/);
    await new Promise((r) => setTimeout(r, 200));
    expect(tree(dataDir)).toEqual(files);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses uploads without the operator token and writes nothing', async () => {
    const files = tree(dataDir);
    const bytes = await recording(2);
    for (const authorization of [undefined, 'Bearer wrong-token-123', TEST_OPERATOR_TOKEN]) {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      if (authorization) headers.authorization = authorization;
      await refused(await upload(bytes, '?name=x', headers), 403, /operator token/);
    }
    expect(tree(dataDir)).toEqual(files);
  });

  it('answers hostile bytes with 201 or 400, never an error or a stray file (property)', async () => {
    const valid = await recording(6);
    const hostile = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      // Damaged real recordings: bytes overwritten, then cut anywhere.
      fc
        .tuple(
          fc.array(fc.tuple(fc.nat(valid.byteLength - 1), fc.integer({ min: 0, max: 255 })), {
            maxLength: 8,
          }),
          fc.integer({ min: 1, max: valid.byteLength }),
        )
        .map(([edits, cut]) => {
          const b = valid.slice(0, cut);
          for (const [at, v] of edits) if (at < b.byteLength) b[at] = v;
          return b;
        }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (bytes) => {
        const res = await upload(bytes);
        expect([201, 400]).toContain(res.status);
        if (res.status === 201) {
          const info = await imported(res);
          const served = new Uint8Array(
            await (await fetch(`${server.url}/api/recordings/${info.id}/file`)).arrayBuffer(),
          );
          await openRecording(bytesReadable(served));
        } else {
          expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(10);
        }
      }),
      { seed: 20_260_601, numRuns: 60 },
    );
    recordingFilesAreClean();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
