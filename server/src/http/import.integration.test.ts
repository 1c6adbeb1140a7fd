import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultFleet } from '@gigawatt/shared';
import {
  bytesReadable,
  channelSchema,
  createRecordingWriter,
  loadChunkCompressor,
  loadZstdDecoder,
  McapChunkedWriter,
  openRecording,
  type RecordingInfo,
  recordingDecompressHandlers,
  recordingInfoSchema,
  restrictFleet,
} from '@gigawatt/shared/recording';
import { makeStandardRecording, type StandardLayout } from '@gigawatt/shared/recording/testing';
import { McapIndexedReader, McapStreamReader } from '@mcap/core';
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
function recording(seconds: number, compression?: 'lz4'): Promise<Uint8Array> {
  return concat(async (sink) => {
    const sites = ['ohio', 'texas'];
    const w = createRecordingWriter({
      writable: sink,
      ...(compression ? { compression } : {}),
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

/** Each chunk of a file in file order: where its record starts and the byte range of its compressed data. */
async function chunksOf(bytes: Uint8Array) {
  const reader = await McapIndexedReader.Initialize({
    readable: bytesReadable(bytes),
    decompressHandlers: recordingDecompressHandlers,
  });
  return [...reader.chunkIndexes]
    .sort((a, b) => Number(a.chunkStartOffset - b.chunkStartOffset))
    .map((c) => ({
      offset: Number(c.chunkStartOffset),
      // A chunk record ends with its (compressed) records.
      dataStart: Number(c.chunkStartOffset + c.chunkLength - c.compressedSize),
      dataEnd: Number(c.chunkStartOffset + c.chunkLength),
    }));
}

const flipBit = (bytes: Uint8Array, at: number, bit = 3) => {
  const b = bytes.slice();
  b[at] = b[at]! ^ (1 << bit);
  return b;
};

/** Site samples (and the halls in them) in a file, read front to back with @mcap/core's stream reader. */
function countSamples(bytes: Uint8Array): { samples: number; halls: number } {
  const reader = new McapStreamReader({ decompressHandlers: recordingDecompressHandlers });
  reader.append(bytes);
  const siteChannels = new Set<number>();
  let samples = 0;
  let halls = 0;
  for (let r = reader.nextRecord(); r; r = reader.nextRecord()) {
    if (r.type === 'Channel' && r.topic.startsWith('/site/')) siteChannels.add(r.id);
    if (r.type === 'Message' && siteChannels.has(r.channelId)) {
      samples++;
      halls += (JSON.parse(new TextDecoder().decode(r.data)) as { halls: unknown[] }).halls.length;
    }
  }
  return { samples, halls };
}

/**
 * An accepted recording exports whole: every level answers 200 and the body arrives complete (a response
 * that broke off would reject here), with one row per sample (hall: per hall) of the served file.
 */
async function exportsFully(info: RecordingInfo) {
  const served = new Uint8Array(
    await (await fetch(`${server.url}/api/recordings/${info.id}/file`)).arrayBuffer(),
  );
  const expected = countSamples(served);
  for (const level of ['site', 'hall', 'rack'] as const) {
    const res = await fetch(`${server.url}/api/recordings/${info.id}/export.csv?level=${level}`);
    expect(res.status, level).toBe(200);
    const rows = (await res.text()).trim().split('\n').length - 1;
    if (level === 'site') expect(rows).toBe(expected.samples);
    if (level === 'hall') expect(rows).toBe(expected.halls);
  }
  return expected;
}

/** Recordings folder holds recordings and sidecars by generated id only, and no temporary file. */
function recordingFilesAreClean() {
  for (const f of readdirSync(join(dataDir, 'recordings'))) {
    expect(f).toMatch(/^(seg|cap|demo|imp)-\d{8}T\d{6}Z-[0-9a-f]{8}\.(mcap|json)$/);
  }
}

beforeAll(async () => {
  // countSamples reads zstd chunks with @mcap/core's stream reader, which decodes synchronously.
  await loadZstdDecoder();
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

  it.each<StandardLayout>(['zstd', 'zstd-streamed', 'lz4', 'none', 'unchunked', 'zstd-no-message-index'])(
    "imports a file from @mcap/core's own writer (%s) whole, as it is or re-indexed",
    async (layout) => {
      const bytes = await makeStandardRecording(layout);
      const info = await imported(await upload(bytes, '?name=foreign'));
      expect(info).toMatchObject({
        name: 'foreign',
        state: 'complete',
        level: 'hall',
        scope: { sites: ['ohio', 'texas'] },
        start: Date.UTC(2026, 5, 1, 12),
        messages: 24,
      });
      expect(info.error).toBeUndefined();
      const served = new Uint8Array(
        await (await fetch(`${server.url}/api/recordings/${info.id}/file`)).arrayBuffer(),
      );
      // A file the index reaches is kept byte for byte; one it does not reach is stored re-indexed (zstd).
      if (layout === 'unchunked' || layout === 'zstd-no-message-index') {
        const rec = await openRecording(bytesReadable(served));
        expect(rec.indexed).toBe(true);
        expect(new Set(rec.reader.chunkIndexes.map((c) => c.compression))).toEqual(new Set(['zstd']));
      } else expect(served).toEqual(bytes);
      expect(await exportsFully(info)).toMatchObject({ samples: 24 });
      await fetch(`${server.url}/api/recordings/${info.id}`, { method: 'DELETE', headers: op });
      recordingFilesAreClean();
    },
  );

  it('still imports the lz4 recordings Gigawatt wrote before zstd', async () => {
    const bytes = await recording(5, 'lz4');
    const info = await imported(await upload(bytes));
    expect(info).toMatchObject({ state: 'complete', messages: 10, size: bytes.byteLength });
    expect(await exportsFully(info)).toMatchObject({ samples: 10 });
  });

  it('refuses a chunk compression it cannot decode by naming it and the chunk, not as damage', async () => {
    const bytes = await concat(async (sink) => {
      let n = 0;
      const zstd = await loadChunkCompressor('zstd');
      const w = new McapChunkedWriter({
        sink,
        compression: (data) => (++n === 3 ? { compression: 'xz', compressedData: data } : zstd!(data)),
      });
      const schemaId = w.addSchema(channelSchema('site'));
      const channelId = w.addChannel({
        schemaId,
        topic: '/site/ohio',
        messageEncoding: 'json',
        metadata: new Map(),
      });
      for (let i = 0; i < 4; i++) {
        w.addMessage(
          channelId,
          BigInt(T0 + i * 1000) * 1_000_000n,
          new TextEncoder().encode(JSON.stringify(makeSample('ohio', T0 + i * 1000))),
        );
        await w.flush();
      }
      await w.end();
    });
    const files = tree(dataDir);
    const res = await upload(bytes);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(
      /^unsupported compression 'xz' in chunk 3 \(Gigawatt reads zstd, lz4 and uncompressed chunks\)$/,
    );
    // The same file cut short (no index): found while rebuilding it, and said the same way.
    const cut = await upload(bytes.subarray(0, bytes.byteLength - 200));
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { error: string }).error).toMatch(
      /^unsupported compression 'xz' in chunk 3 /,
    );
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

  it('reads every chunk: a flipped bit in a chunk keeps the readable span before it as "recovered", stated', async () => {
    const bytes = await recording(20);
    const chunks = await chunksOf(bytes);
    expect(chunks).toHaveLength(20);
    const c = chunks[10]!;
    const damaged = flipBit(bytes, Math.floor((c.dataStart + c.dataEnd) / 2));
    // The index alone is intact: a reader that only opened it would call this file whole.
    expect((await openRecording(bytesReadable(damaged))).messageCount).toBe(40);

    const info = await imported(await upload(damaged));
    expect(info.state).toBe('recovered');
    expect(info).toMatchObject({ start: T0, end: T0 + 9000, messages: 20 });
    expect(info.error).toMatch(
      /^readable span 2026-06-01T12:00:00\.000Z to 2026-06-01T12:00:09\.000Z \(20 messages\); chunk 11 of 20 \(at byte \d+, messages from 2026-06-01T12:00:10\.000Z to 2026-06-01T12:00:10\.000Z\) is damaged: .*(CRC|zstd).*; kept the 20 messages before it/,
    );
    // The listing says the same.
    const listed = (await (await fetch(`${server.url}/api/recordings`)).json()) as {
      recordings: RecordingInfo[];
    };
    expect(listed.recordings.find((r) => r.id === info.id)).toEqual(info);
    // Its CSV never breaks off midway: the readable span, whole.
    expect(await exportsFully(info)).toMatchObject({ samples: 20 });
    const csv = (await (await fetch(`${server.url}/api/recordings/${info.id}/export.csv`)).text())
      .trim()
      .split('\n');
    expect(csv.at(-1)).toMatch(/^2026-06-01T12:00:09\.000Z,texas,/);
    recordingFilesAreClean();
  });

  it('refuses a file whose first chunk is damaged, naming the chunk and its time span', async () => {
    const bytes = await recording(20);
    const [first] = await chunksOf(bytes);
    const res = await upload(flipBit(bytes, first!.dataStart + 40, 0));
    await refused(
      res,
      400,
      /^chunk 1 of 20 \(at byte \d+, messages from 2026-06-01T12:00:00\.000Z to 2026-06-01T12:00:00\.000Z\) is damaged: .+; no message before it is readable/,
    );
    recordingFilesAreClean();
  });

  it('rebuilds a damaged message index from the data, losing nothing', async () => {
    const bytes = await recording(6);
    const reader = await McapIndexedReader.Initialize({
      readable: bytesReadable(bytes),
      decompressHandlers: recordingDecompressHandlers,
    });
    const [, at] = [...reader.chunkIndexes[2]!.messageIndexOffsets.entries()][0]!;
    // MessageIndex: opcode (1), length (8), channel id (2), entries length (4), then (time 8, offset 8).
    const damaged = bytes.slice();
    damaged[Number(at) + 1 + 8 + 2 + 4 + 8] = 0xff;
    const info = await imported(await upload(damaged));
    expect(info).toMatchObject({ state: 'recovered', messages: 12, start: T0, end: T0 + 5000 });
    expect(info.error).toMatch(/index was damaged.*rebuilt from the data/);
    expect(await exportsFully(info)).toMatchObject({ samples: 12 });
  });

  it('a file damaged on disk after import: its CSV says so (409, or a cut connection), never a short 200', async () => {
    const bytes = await recording(20);
    const info = await imported(await upload(bytes));
    const path = join(dataDir, 'recordings', `${info.id}.mcap`);
    const c = (await chunksOf(bytes))[10]!;
    writeFileSync(path, flipBit(bytes, Math.floor((c.dataStart + c.dataEnd) / 2)));
    // Two batches of rows would be sent before the damage is reached; the answer must not end cleanly.
    const res = await fetch(`${server.url}/api/recordings/${info.id}/export.csv?level=hall`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    // An index that cannot be read is known before the first byte: a JSON error.
    writeFileSync(path, bytes.subarray(0, bytes.byteLength - 4));
    const unreadable = await fetch(`${server.url}/api/recordings/${info.id}/export.csv`);
    await refused(unreadable, 409, /cannot be read/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await fetch(`${server.url}/api/recordings/${info.id}`, { method: 'DELETE', headers: op });
  });

  it('never answers 500 or accepts a file it cannot export whole: bit flips and cuts (property)', async () => {
    const valid = await recording(8);
    const chunks = await chunksOf(valid);
    const siteCsv = async (info: RecordingInfo) =>
      (await fetch(`${server.url}/api/recordings/${info.id}/export.csv?level=hall`)).text();
    const originalInfo = await imported(await upload(valid));
    const original = await siteCsv(originalInfo);
    expect(original.trim().split('\n')).toHaveLength(1 + countSamples(valid).halls);
    const inChunk = fc
      .nat(chunks.length - 1)
      .chain((i) => fc.integer({ min: chunks[i]!.dataStart, max: chunks[i]!.dataEnd - 1 }));
    const damage = fc.record({
      flips: fc.array(fc.tuple(fc.oneof(inChunk, fc.nat(valid.byteLength - 1)), fc.nat(7)), {
        minLength: 1,
        maxLength: 4,
      }),
      // Mostly whole files, so that the flips are what is tried.
      cut: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 2 },
        { arbitrary: fc.integer({ min: 1, max: valid.byteLength }), weight: 1 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ flips, cut }) => {
        let bytes = valid.slice(0, cut ?? valid.byteLength);
        for (const [at, bit] of flips) if (at < bytes.byteLength) bytes = flipBit(bytes, at, bit);
        const res = await upload(bytes);
        expect([201, 400]).toContain(res.status);
        if (res.status === 400) {
          expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(10);
          return;
        }
        const info = await imported(res);
        // Taken as complete only when it reads exactly as the original did (damage no reader can see,
        // such as a flip in a zstd frame's unused header bit, or in the recording's name).
        if (info.state === 'complete') expect(await siteCsv(info)).toBe(original);
        else expect(info.state).toBe('recovered');
        await exportsFully(info);
        await fetch(`${server.url}/api/recordings/${info.id}`, { method: 'DELETE', headers: op });
      }),
      { seed: 20_260_602, numRuns: 80 },
    );
    recordingFilesAreClean();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
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
