import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Server as IoServer } from 'socket.io';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import type { Recorder } from '../recorder/createRecorder.ts';
import { RecorderError } from '../recorder/recorderError.ts';
import { makeSample, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import { type RawRequest, rawRequest } from '../testing/rawHttp.ts';
import { createHttpApp, type HttpDeps } from './createHttpApp.ts';
import { hardenHttpServer } from './hardenHttpServer.ts';

// The server side of every connection, found through Node's diagnostics channel: what a request cost
// the server (bytes read from the socket) is measured where it happens, not guessed from the client.
interface Seen {
  socket: Socket;
  server: Server;
  req: IncomingMessage;
}
const seen = new Map<string, Seen>();
const connectionKey = (serverPort: number | undefined, clientPort: number | undefined) =>
  `${serverPort}:${clientPort}`;
const onRequestStart = (message: unknown) => {
  const m = message as { request: IncomingMessage; socket: Socket; server: Server };
  seen.set(connectionKey(m.socket.localPort, m.socket.remotePort), {
    socket: m.socket,
    server: m.server,
    req: m.request,
  });
};
beforeAll(() => subscribe('http.server.request.start', onRequestStart));
afterAll(() => unsubscribe('http.server.request.start', onRequestStart));

/** rawRequest, forgetting what an earlier connection from the same client port left in `seen`. */
function raw(opts: Parameters<typeof rawRequest>[0]): RawRequest {
  const r = rawRequest(opts);
  r.socket.once('connect', () => seen.delete(connectionKey(r.socket.remotePort, r.socket.localPort)));
  return r;
}

const seenFor = (r: RawRequest) => seen.get(connectionKey(r.socket.remotePort, r.socket.localPort));

/** The server's socket for a client's raw request (once the server has seen its headers). */
async function serverSide(r: RawRequest): Promise<Seen> {
  for (let i = 0; i < 200; i++) {
    const s = seenFor(r);
    if (s) return s;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('the server never saw the request');
}

const MiB = 1024 * 1024;
/** A refused body may have been read this far (socket buffers already in flight), never further. */
const UNREAD = 512 * 1024;
const bigBody = Buffer.alloc(4 * MiB, 'x');
const portOf = (s: GigawattServer) => s.port;
const json = (body: string) => JSON.parse(body) as { error: string };

const started: GigawattServer[] = [];
async function gigawatt(env: Record<string, string> = {}): Promise<GigawattServer> {
  const s = await createGigawattServer(testConfig(env));
  started.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

describe('authentication before the body', () => {
  let server: GigawattServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-auth-body-'));
    server = await createGigawattServer(testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir }));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['no token', {}, 401, /Bearer/],
    ['a wrong token', { authorization: 'Bearer not-the-ingest-token' }, 403, /invalid ingest token/],
  ] as const)(
    'refuses a 4 MiB NDJSON body with %s unread, and closes the connection',
    async (_name, auth, status, re) => {
      const r = raw({
        port: portOf(server),
        path: '/api/ingest',
        headers: { 'content-type': 'application/x-ndjson', 'content-length': bigBody.byteLength, ...auth },
        body: bigBody,
      });
      const res = await r.response;
      expect(res.status).toBe(status);
      expect(json(res.body).error).toMatch(re);
      expect(res.headers.connection).toBe('close');
      const { socket } = await serverSide(r);
      await r.closed;
      expect(socket.bytesRead).toBeLessThan(UNREAD);
    },
  );

  it.each([
    ['acknowledging', '/api/alerts/some-alert/ack', 'application/json'],
    ['starting a capture', '/api/recordings', 'application/json'],
    ['annotating', '/api/recordings/current/annotations', 'application/json'],
    ['importing', '/api/recordings/import?name=x', 'application/octet-stream'],
  ])('refuses %s without the operator token before reading the body', async (_name, path, type) => {
    const r = raw({
      port: portOf(server),
      path,
      headers: { 'content-type': type, 'content-length': bigBody.byteLength, authorization: 'Bearer nope' },
      body: bigBody,
    });
    const res = await r.response;
    expect(res.status).toBe(403);
    expect(json(res.body).error).toMatch(/needs the operator token/);
    expect(res.headers.connection).toBe('close');
    const { socket } = await serverSide(r);
    await r.closed;
    expect(socket.bytesRead).toBeLessThan(UNREAD);
  });

  it('names each route’s own limit when a body is too large (413)', async () => {
    const big = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: 'x'.repeat(5 * MiB),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('request body too large (limit 4 MiB)');
    const ack = await fetch(`${server.url}/api/alerts/some-alert/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ comment: 'x'.repeat(20_000), by: 'op' }),
    });
    expect(ack.status).toBe(413);
    expect(((await ack.json()) as { error: string }).error).toBe('request body too large (limit 16 KiB)');
  });

  it('answers hostile Authorization headers and ?token= values without reading the body (property)', async () => {
    // Its own server: these wrong tokens count against 127.0.0.1 and would cool it down for other tests.
    const hostile = await gigawatt();
    const headerChar = fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c));
    const anyChar = fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c));
    const value = fc.oneof(
      fc.string({ unit: headerChar, maxLength: 300 }),
      fc.string({ unit: headerChar, maxLength: 80 }).map((t) => `Bearer ${t}`),
      fc.string({ unit: anyChar, maxLength: 80 }).map((t) => `Bearer ${t}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'bearer  x y',
        `Bearer ${TEST_INGEST_TOKEN}x`,
        'Basic Zm9vOmJhcg==',
      ),
    );
    const query = fc.string({ unit: fc.constantFrom('a', '%', '0', '&', '=', '+', 'é', '/'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(value, query, async (authorization, token) => {
        const r = raw({
          port: portOf(hostile),
          path: `/api/ingest?token=${token}`,
          head: `POST /api/ingest?token=${encodeURI(token)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Length: ${MiB}\r\n\r\n`,
          body: Buffer.alloc(MiB, 'y'),
        });
        const res = await r.response;
        // Node's own 400 for bytes a header may not hold; otherwise refused by the gate (or cooled down).
        expect([400, 401, 403, 429]).toContain(res.status);
        await r.closed;
        const s = seenFor(r);
        if (s) expect(s.socket.bytesRead).toBeLessThan(UNREAD);
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${hostile.url}/healthz`)).status).toBe(200);
  });
});

describe('a bound on concurrent ingest bodies', () => {
  it('answers the ninth body at once with 503 and Retry-After, unread; a freed slot is used again', async () => {
    const server = await gigawatt();
    const ingestHeaders = (length: number) => ({
      authorization: `Bearer ${TEST_INGEST_TOKEN}`,
      'content-type': 'application/x-ndjson',
      'content-length': length,
    });
    // Eight producers whose bodies are on their way (only the first bytes sent).
    const held = Array.from({ length: 8 }, () =>
      raw({ port: server.port, path: '/api/ingest', headers: ingestHeaders(MiB), body: '{"si' }),
    );
    await Promise.all(held.map(serverSide));
    const ninth = raw({
      port: server.port,
      path: '/api/ingest',
      headers: ingestHeaders(bigBody.byteLength),
      body: bigBody,
    });
    const res = await ninth.response;
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(res.body).error).toMatch(/too many ingest bodies at once/);
    const { socket } = await serverSide(ninth);
    await ninth.closed;
    expect(socket.bytesRead).toBeLessThan(UNREAD);

    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    const line = JSON.stringify(makeSample('ohio', Date.now()));
    await expect
      .poll(
        async () =>
          (
            await fetch(`${server.url}/api/ingest`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${TEST_INGEST_TOKEN}`,
                'content-type': 'application/x-ndjson',
              },
              body: line,
            })
          ).status,
      )
      .toBe(200);
  });
});

describe('failed-authentication rate limiting', () => {
  const wrongIngest = (url: string) =>
    fetch(`${url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong-token', 'content-type': 'application/x-ndjson' },
      body: '',
    });

  /** A request from another loopback address (Linux routes all of 127/8 to lo). */
  const fromAddress = (port: number, localAddress: string, authorization: string) =>
    new Promise<number>((resolve, reject) => {
      const r = raw({
        port,
        localAddress,
        path: '/api/ingest',
        headers: { authorization, 'content-length': 0 },
      });
      r.response.then((res) => {
        r.socket.destroy();
        resolve(res.status);
      }, reject);
    });

  it('cools an address down after 20 wrong tokens: 429 with Retry-After; other addresses and the right token pass', async () => {
    const server = await gigawatt();
    for (let i = 0; i < 20; i++) expect((await wrongIngest(server.url)).status).toBe(403);
    const limited = await wrongIngest(server.url);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: string }).error).toMatch(
      /^too many failed authentication attempts; retry in \d+ s$/,
    );
    // The right token is never limited.
    const ok = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: JSON.stringify(makeSample('texas', Date.now())),
    });
    expect(ok.status).toBe(200);
    // No token at all is not a guess: still told what is missing.
    expect((await fetch(`${server.url}/api/ingest`, { method: 'POST', body: '' })).status).toBe(401);
    // Operator routes share the address's count.
    const ack = await fetch(`${server.url}/api/alerts/a/ack`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ack.status).toBe(429);
    // Another address is not affected.
    expect(await fromAddress(server.port, '127.0.0.2', 'Bearer wrong-token')).toBe(403);
  });

  it('limits the viewer token (header or ?token=) on the read API', async () => {
    const server = await gigawatt({ GIGAWATT_VIEWER_TOKEN: 'viewer-token-1234' });
    for (let i = 0; i < 20; i++)
      expect((await fetch(`${server.url}/api/fleet?token=guess${i}`)).status).toBe(403);
    const limited = await fetch(`${server.url}/api/fleet`, { headers: { authorization: 'Bearer guess' } });
    expect(limited.status).toBe(429);
    expect((await fetch(`${server.url}/api/fleet?token=viewer-token-1234`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/fleet?token=${TEST_OPERATOR_TOKEN}`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  const clients: ClientSocket[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  const handshake = (url: string, nsp: string, auth: Record<string, unknown>, localAddress?: string) =>
    new Promise<string>((resolve) => {
      const c = ioClient(`${url}${nsp}`, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...(localAddress ? { localAddress } : {}),
      });
      clients.push(c);
      c.once('connect', () => resolve('connected'));
      c.once('connect_error', (e) => resolve(e.message));
    });

  it('limits socket.io handshakes on /ingest, with the wait in the error', async () => {
    const server = await gigawatt();
    for (let i = 0; i < 20; i++) {
      expect(await handshake(server.url, '/ingest', { token: `guess-${i}` })).toBe(
        'unauthorized: invalid ingest token',
      );
    }
    expect(await handshake(server.url, '/ingest', { token: 'guess' })).toMatch(
      /^too many failed authentication attempts; retry in \d+ s$/,
    );
    expect(await handshake(server.url, '/ingest', { token: TEST_INGEST_TOKEN })).toBe('connected');
    expect(await handshake(server.url, '/ingest', { token: 'guess' }, '127.0.0.3')).toBe(
      'unauthorized: invalid ingest token',
    );
  });

  it('limits socket.io handshakes on /live when a viewer token is set', async () => {
    const server = await gigawatt({ GIGAWATT_VIEWER_TOKEN: 'viewer-token-1234' });
    for (let i = 0; i < 20; i++) {
      expect(await handshake(server.url, '/live', { token: `guess-${i}` })).toMatch(/^unauthorized/);
    }
    expect(await handshake(server.url, '/live', { token: 'guess' })).toMatch(/^too many failed/);
    expect(await handshake(server.url, '/live', { token: 'viewer-token-1234' })).toBe('connected');
  });

  it('counts an address once across the HTTP API and the socket.io handshakes', async () => {
    const server = await gigawatt();
    for (let i = 0; i < 20; i++) expect((await wrongIngest(server.url)).status).toBe(403);
    expect(await handshake(server.url, '/ingest', { token: 'guess' })).toMatch(/^too many failed/);
  });
});

describe('security headers', () => {
  let server: GigawattServer;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'gigawatt-csp-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Gigawatt</title>');
    server = await gigawatt({ GIGAWATT_CLIENT_DIR: clientDir });
  });
  afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

  const directives = (csp: string | null) =>
    new Map(
      (csp ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!, values]),
    );

  it.each(['/', '/site/ohio', '/api/fleet', '/api/nothing', '/healthz'])(
    'sends helmet’s headers and the CSP on %s',
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(
        expect.arrayContaining(["'self'", `ws://127.0.0.1:${server.port}`, `wss://127.0.0.1:${server.port}`]),
      );
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      for (const values of csp.values()) expect(values).not.toContain("'unsafe-inline'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('keeps a hostile Host header out of the CSP', async () => {
    const r = raw({
      port: server.port,
      head: "GET /api/fleet HTTP/1.1\r\nHost: evil.example; script-src 'unsafe-inline'\r\nConnection: close\r\n\r\n",
      path: '/api/fleet',
    });
    const res = await r.response;
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).not.toMatch(/evil|unsafe-inline/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Deadlines: an app built like createGigawattServer builds it, with deadlines short enough to test.

interface Harness {
  port: number;
  server: Server;
  importDir: string;
  close(): Promise<void>;
}

/** Dependencies the deadline tests never reach: any use is a test bug, said loudly. */
function unused<T>(name: string): T {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        throw new Error(`${name}.${String(prop)} is not used by these tests`);
      },
    },
  ) as T;
}

async function deadlineHarness(): Promise<Harness> {
  const importDir = mkdtempSync(join(tmpdir(), 'gigawatt-deadline-'));
  let n = 0;
  const recorder = {
    list: () => [],
    incomingPath: () => join(importDir, `incoming-${n++}.part`),
    adopt: async (path: string) => {
      rmSync(path, { force: true });
      throw new RecorderError('invalid', 'not a recording (test stub)');
    },
  } as unknown as Recorder; // only what an import reaches: its temporary file, and a refusal at the end
  const deps: HttpDeps = {
    store: unused('store'),
    // Refusals are counted (for /metrics); nothing else of the gate is reached.
    ingest: { countUnauthorized: () => {} } as unknown as HttpDeps['ingest'],
    alerts: unused('alerts'),
    metrics: unused('metrics'),
    onAlertEvents: unused('onAlertEvents'),
    ingestToken: TEST_INGEST_TOKEN,
    operatorToken: TEST_OPERATOR_TOKEN,
    viewerToken: undefined,
    clientDir: '/nonexistent-client-dir',
    recorder,
    importMaxBytes: 64 * MiB,
    bodyDeadlines: { bodyMs: 400, importMinBytesPerS: 20_000 },
  };
  const app = createHttpApp(deps);
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const server = createServer((req, res) => handle(req, res));
  const io = new IoServer(server, { serveClient: false });
  hardenHttpServer(server, { headersTimeoutMs: 600, bodyTimeoutMs: 400 });
  handle = app;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    importDir,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      server.closeAllConnections();
      rmSync(importDir, { recursive: true, force: true });
    },
  };
}

describe('deadlines for headers and bodies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await deadlineHarness();
  });
  afterAll(() => h.close());

  /** An operator's import announcing `length` bytes. */
  const importHeaders = (length: number) => ({
    authorization: `Bearer ${TEST_OPERATOR_TOKEN}`,
    'content-type': 'application/octet-stream',
    'content-length': length,
  });

  it('sets the server’s timeouts', () => {
    expect(h.server.headersTimeout).toBe(600);
    expect(h.server.requestTimeout).toBe(0);
    expect(h.server.keepAliveTimeout).toBe(5000);
    expect(h.server.maxHeadersCount).toBe(100);
  });

  it.each([
    ['an NDJSON ingest', '/api/ingest', TEST_INGEST_TOKEN, 'application/x-ndjson'],
    ['an ack', '/api/alerts/a/ack', TEST_OPERATOR_TOKEN, 'application/json'],
  ])(
    'answers %s body that does not arrive in time with 408 and closes the socket',
    async (_n, path, token, type) => {
      const r = raw({
        port: h.port,
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': 1000 },
        body: '{"a',
      });
      const res = await r.response;
      expect(res.status).toBe(408);
      expect(json(res.body).error).toMatch(/not received within 0.4 s/);
      const closedAfter = await r.closed;
      expect(closedAfter).toBeGreaterThanOrEqual(350);
      expect(closedAfter).toBeLessThan(2500);
    },
  );

  it('keeps an import that arrives at the minimum rate, and cuts it when it stalls', async () => {
    const r = raw({ port: h.port, path: '/api/recordings/import', headers: importHeaders(10 * MiB) });
    // 40 kB/s for 1.2 s: three times the body deadline, at twice the minimum rate.
    const t0 = Date.now();
    while (Date.now() - t0 < 1200) {
      r.write(Buffer.alloc(4000, 1));
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(r.socket.destroyed).toBe(false);
    const stalledAt = Date.now();
    const res = await r.response;
    expect(res.status).toBe(408);
    expect(json(res.body).error).toMatch(/too slowly/);
    await r.closed;
    expect(Date.now() - stalledAt).toBeLessThan(4000);
    // The partial upload is not left behind.
    await expect.poll(() => readdirSync(h.importDir)).toEqual([]);
  });

  it('frees an import’s slot when its body is cut off', async () => {
    // More stalled imports than there are slots (2): each one cut must give its slot back.
    for (let i = 0; i < 3; i++) {
      const r = raw({
        port: h.port,
        path: '/api/recordings/import',
        headers: importHeaders(MiB),
        body: 'MCAP',
      });
      expect((await r.response).status).toBe(408);
      await r.closed;
    }
    const res = await fetch(`http://127.0.0.1:${h.port}/api/recordings/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/octet-stream' },
      body: 'not an mcap file',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/test stub/);
  });

  it('holds socket.io’s polling POSTs to the default body deadline too', async () => {
    const open = await fetch(`http://127.0.0.1:${h.port}/socket.io/?EIO=4&transport=polling`);
    const sid = (JSON.parse((await open.text()).slice(1)) as { sid: string }).sid;
    const r = raw({
      port: h.port,
      path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'content-length': 1000 },
      body: '4',
    });
    expect((await r.response).status).toBe(408);
    expect(await r.closed).toBeLessThan(2500);
  });

  it('says "100 Continue" only to a request whose body will be read', async () => {
    const refused = raw({
      port: h.port,
      path: '/api/ingest',
      headers: { authorization: 'Bearer wrong', expect: '100-continue', 'content-length': 4 * MiB },
    });
    const res = await refused.response;
    expect(res.status).toBe(403);
    await refused.closed;

    const accepted = raw({
      port: h.port,
      path: '/api/recordings/import',
      headers: { ...importHeaders(16), expect: '100-continue', connection: 'close' },
    });
    let received = '';
    accepted.socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (received.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) accepted.write('not an mcap file');
    });
    await accepted.closed;
    expect(received).toMatch(/^HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 400 /);
    expect(received).toMatch(/test stub/);
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const r = raw({ port: h.port, path: '/', head: 'GET /healthz HTTP/1.1\r\nHost: x\r\n' });
    const trickle = setInterval(() => r.write('X-A: b\r\n'), 100);
    try {
      expect(await r.closed).toBeLessThan(2500);
    } finally {
      clearInterval(trickle);
    }
  });

  it('survives hostile slow bodies on every body route (property)', async () => {
    const routes = fc.constantFrom(
      '/api/ingest',
      '/api/alerts/x/ack',
      '/api/recordings',
      '/api/recordings/import',
      '/api/recordings/current/annotations',
      '/socket.io/?EIO=4&transport=polling&sid=nope',
      '/nowhere',
    );
    const token = fc.constantFrom(TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, 'wrong-token', '');
    // -1: chunked. The body never completes: each request must be ended by the server.
    const length = fc.oneof(fc.integer({ min: 1, max: 10 * MiB }), fc.constant(-1));
    const request = fc.tuple(routes, token, length, fc.nat({ max: 200 }));
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 6, maxLength: 6 }), async (requests) => {
        const closed = requests.map(([path, tok, len, sent]) => {
          const r = raw({
            port: h.port,
            path,
            headers: {
              'content-type': 'application/octet-stream',
              ...(tok ? { authorization: `Bearer ${tok}` } : {}),
              ...(len < 0 ? { 'transfer-encoding': 'chunked' } : { 'content-length': len }),
            },
            body:
              len < 0 ? `${sent.toString(16)}\r\n${'z'.repeat(sent)}` : 'z'.repeat(Math.min(sent, len - 1)),
          });
          return r.closed;
        });
        for (const ms of await Promise.all(closed)) expect(ms).toBeLessThan(4000);
      }),
      { numRuns: 4 },
    );
    expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
  });
});

describe('createGigawattServer hardens its HTTP server', () => {
  it('has hardenHttpServer’s limits', async () => {
    const server = await gigawatt();
    const r = raw({ port: server.port, method: 'GET', path: '/healthz', headers: { connection: 'close' } });
    await r.response;
    const { server: http } = await serverSide(r);
    expect(http.headersTimeout).toBe(10_000);
    expect(http.requestTimeout).toBe(0);
    expect(http.maxHeadersCount).toBe(100);
  });
});
