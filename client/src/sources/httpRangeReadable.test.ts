import { defaultFleet } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRecording, type Fixture } from '../testing/recordingFixture.ts';
import { HttpRangeError, httpRangeReadable } from './httpRangeReadable.ts';
import { RecordingSource } from './RecordingSource.ts';
import type { SourceEvent } from './TelemetrySource.ts';

/*
 * Served by a real express app on a real socket, with `res.sendFile` doing the ranges exactly as the
 * server's GET /api/recordings/:id/file does. The client's tsconfig has no Node types (browser code must
 * not use Node APIs), so the Node and express modules come in through the small shapes below.
 */
interface Server {
  address(): { port: number } | string | null;
  close(cb: () => void): void;
  closeAllConnections(): void;
}
interface Req {
  params: Record<string, string>;
  header(name: string): string | undefined;
}
interface Res {
  status(code: number): Res;
  json(body: unknown): void;
  sendFile(path: string, options: { acceptRanges?: boolean; headers?: Record<string, string> }): void;
}
interface App {
  get(path: string, handler: (req: Req, res: Res) => void): void;
  listen(port: number, host: string, cb: () => void): Server;
}
interface Modules {
  express: () => App;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  mkdtemp(prefix: string): Promise<string>;
  rm(path: string, options: { recursive: boolean; force: boolean }): Promise<void>;
  tmpdir(): string;
}

async function loadModules(): Promise<Modules> {
  const load = (name: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ name);
  const [express, fs, os] = await Promise.all([load('express'), load('node:fs/promises'), load('node:os')]);
  return {
    express: express.default as Modules['express'],
    writeFile: fs.writeFile as Modules['writeFile'],
    mkdtemp: fs.mkdtemp as Modules['mkdtemp'],
    rm: fs.rm as Modules['rm'],
    tmpdir: os.tmpdir as Modules['tmpdir'],
  };
}

const T0 = Date.UTC(2026, 5, 1, 0, 0, 0);
const TOKEN = 'viewer-secret';

describe('httpRangeReadable against a real HTTP server', () => {
  let server: Server;
  let base: string;
  let dir: string;
  let fixture: Fixture;
  let m: Modules;

  beforeAll(async () => {
    m = await loadModules();
    // An hour of the whole default fleet at hall level, in small chunks: many chunks to choose from.
    fixture = await buildRecording({
      start: T0,
      seconds: 3600,
      chunkSize: 64 * 1024,
      alerts: [{ id: 'a', raise: 1800, clear: 1900 }],
    });
    dir = await m.mkdtemp(`${m.tmpdir()}/gigawatt-range-`);
    await m.writeFile(`${dir}/rec.mcap`, fixture.bytes);
    await m.writeFile(`${dir}/empty.mcap`, new Uint8Array(0));
    const app = m.express();
    const files: Record<string, string> = { rec: `${dir}/rec.mcap`, empty: `${dir}/empty.mcap` };
    app.get('/api/recordings/:id/file', (req, res) => {
      const auth = req.header('authorization');
      if (!auth) return res.status(401).json({ error: 'a viewer token is required' });
      if (auth !== `Bearer ${TOKEN}`) return res.status(403).json({ error: 'invalid viewer token' });
      const file = files[req.params.id ?? ''];
      if (!file) return res.status(404).json({ error: `recording "${req.params.id}" not found` });
      res.sendFile(file, { headers: { 'Content-Type': 'application/x-mcap' } });
    });
    app.get('/plain/rec.mcap', (_req, res) => res.sendFile(files.rec!, { acceptRanges: false }));
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  }, 60_000);

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(resolve));
    await m.rm(dir, { recursive: true, force: true });
  });

  const url = (id: string) => `${base}/api/recordings/${id}/file`;

  it('reads exact bytes across block boundaries, from the cache the second time', async () => {
    const r = httpRangeReadable(url('rec'), { token: TOKEN, blockSize: 4096 });
    expect(await r.size()).toBe(BigInt(fixture.bytes.byteLength));
    const requestsAfterSize = r.requests;
    const got = await r.read(4000n, 10_000n);
    expect(got).toEqual(fixture.bytes.subarray(4000, 14_000));
    const requests = r.requests;
    expect(requests).toBe(requestsAfterSize + 1); // blocks 1…3 in one request (block 0 came with the size)
    expect(await r.read(5000n, 100n)).toEqual(fixture.bytes.subarray(5000, 5100));
    expect(r.requests).toBe(requests);
    const end = fixture.bytes.byteLength;
    expect(await r.read(BigInt(end - 10), 10n)).toEqual(fixture.bytes.subarray(end - 10));
  });

  it('shares one request between concurrent reads of a block and keeps the cache bounded', async () => {
    const r = httpRangeReadable(url('rec'), { token: TOKEN, blockSize: 4096, maxBlocks: 4 });
    await r.size();
    const before = r.requests;
    const [a, b] = await Promise.all([r.read(100_000n, 10n), r.read(100_010n, 10n)]);
    expect(r.requests).toBe(before + 1);
    expect([...a, ...b]).toEqual([...fixture.bytes.subarray(100_000, 100_020)]);
    for (let i = 0; i < 20; i++) await r.read(BigInt(200_000 + i * 4096), 4096n);
    expect(r.cachedBytes).toBeLessThanOrEqual(4 * 4096);
  });

  it('opens an hour-long recording and seeks in it fetching a small fraction of the file', async () => {
    // 16 KiB blocks so the fractions below measure what is read, not rounding on a 3 MB file.
    const source = await RecordingSource.open(
      { kind: 'url', url: url('rec'), id: 'rec', token: TOKEN },
      { fallbackFleet: defaultFleet, blockSize: 16 * 1024 },
    );
    const events: SourceEvent[] = [];
    source.start((e) => events.push(e));
    await source.idle();
    expect(source.playback.recording).toMatchObject({ start: T0, end: T0 + 3_599_000, id: 'rec' });
    expect(source.playback.markers.map((x) => x.t)).toEqual([T0 + 1_800_000]);
    const size = fixture.bytes.byteLength;
    const opened = source.bytesFetched;
    // zstd files are about half the size of the lz4 ones this was first measured on, so the fixed cost
    // of opening (summary, index, first blocks) weighs more: under a tenth of the file, ~100 KiB.
    expect(opened / size).toBeLessThan(0.1);
    expect(opened).toBeLessThan(160 * 1024);
    source.seek(T0 + 2_700_000);
    await source.idle();
    expect(events.at(-1)).toMatchObject({ type: 'ticks', ticks: [{ t: T0 + 2_700_000 }] });
    const h = await source.fetchHistory({
      series: ['fleet:itPowerMw'],
      from: T0 + 2_700_000 - 900_000,
      to: T0 + 2_700_000,
      maxPoints: 1000,
    });
    expect(h.series[0]!.t).toHaveLength(901);
    // Open, one seek and a 15-minute history window: about a quarter of an hour-long file.
    expect(source.bytesFetched / size).toBeLessThan(0.35);
    source.stop();
  }, 30_000);

  it('says why it cannot read: no token, a wrong token, an unknown recording', async () => {
    const fail = (u: string, token?: string) =>
      httpRangeReadable(u, token ? { token } : {})
        .size()
        .then(
          () => null,
          (e: unknown) => e,
        );
    expect(await fail(url('rec'))).toMatchObject({
      status: 401,
      message: expect.stringMatching(/not allowed.*token is required/),
    });
    expect(await fail(url('rec'), 'nope')).toMatchObject({
      status: 403,
      message: expect.stringMatching(/invalid viewer token/),
    });
    expect(await fail(url('atlantis'), TOKEN)).toMatchObject({
      status: 404,
      message: expect.stringMatching(/not found/),
    });
    const e = await fail(`${base}/plain/rec.mcap`);
    expect(e).toBeInstanceOf(HttpRangeError);
    expect(e).toMatchObject({ message: expect.stringMatching(/does not support HTTP range requests/) });
    await expect(
      RecordingSource.open(
        { kind: 'url', url: url('atlantis'), token: TOKEN },
        { fallbackFleet: defaultFleet },
      ),
    ).rejects.toMatchObject({ name: 'HttpRangeError', status: 404 });
    await expect(
      RecordingSource.open({ kind: 'url', url: url('empty'), token: TOKEN }, { fallbackFleet: defaultFleet }),
    ).rejects.toThrow(/empty/);
  });
});

describe('httpRangeReadable against a misbehaving server', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

  it('refuses a partial response for other bytes than asked', async () => {
    const lying: typeof fetch = async () =>
      new Response(bytes.slice(0, 100), { status: 206, headers: { 'content-range': 'bytes 0-99/1000' } });
    const r = httpRangeReadable('http://x/file', { fetch: lying, blockSize: 100 });
    await r.size();
    await expect(r.read(500n, 10n)).rejects.toThrow(/sent bytes 0-99 for a request of 500-599/);
  });

  it('refuses a partial response without Content-Range, and a network failure is an HttpRangeError', async () => {
    const bare: typeof fetch = async () => new Response(bytes, { status: 206 });
    await expect(httpRangeReadable('http://x/file', { fetch: bare }).size()).rejects.toThrow(/Content-Range/);
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(httpRangeReadable('http://x/file', { fetch: down }).size()).rejects.toMatchObject({
      name: 'HttpRangeError',
      status: 0,
      message: expect.stringMatching(/fetch failed/),
    });
  });
});
