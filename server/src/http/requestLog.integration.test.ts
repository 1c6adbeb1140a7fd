import { PassThrough } from 'node:stream';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { createLogger } from '../log.ts';
import { makeSample, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';

const VIEWER_TOKEN = 'viewer-secret-token-4711';
const WRONG_TOKEN = 'wrong-guess-token-0815';
const SECRETS = [VIEWER_TOKEN, WRONG_TOKEN, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN];

interface Line {
  level: number;
  msg: string;
  component?: string;
  method?: string;
  path?: string;
  route?: string;
  status?: number;
  ms?: number;
  bytes?: number;
}

describe('logs: one JSON line per HTTP request, never a token', () => {
  let server: GigawattServer;
  const raw: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const destination = new PassThrough();
    destination.on('data', (d: Buffer) => raw.push(d.toString()));
    server = await createGigawattServer(testConfig({ GIGAWATT_VIEWER_TOKEN: VIEWER_TOKEN }), {
      log: createLogger({ level: 'info', destination }),
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  const lines = () =>
    raw
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line);
  const requestLines = () => lines().filter((l) => l.component === 'http' && l.status !== undefined);

  const connect = (nsp: string, token: string, transport: 'websocket' | 'polling') =>
    new Promise<void>((resolve, reject) => {
      const socket = io(`${server.url}${nsp}`, {
        transports: [transport],
        forceNew: true,
        reconnection: false,
        auth: { token },
        // A token in the engine.io URL too: socket.io's own requests never reach the request log.
        query: { token },
      });
      sockets.push(socket);
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => (nsp === '/live' && token === WRONG_TOKEN ? resolve() : reject(e)));
    });

  it('logs method, path without query, route, status, ms and bytes; no token or token= anywhere', async () => {
    const t = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const requests: [string, RequestInit, number][] = [
      ['/api/fleet', { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } }, 200],
      [`/api/fleet?token=${VIEWER_TOKEN}`, {}, 200],
      [`/metrics?token=${VIEWER_TOKEN}&x=1`, {}, 200],
      [`/api/history?series=fleet:pue&token=${WRONG_TOKEN}`, {}, 403],
      ['/api/fleet', { headers: { authorization: `Bearer ${WRONG_TOKEN}` } }, 403],
      [
        '/api/ingest',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
          body: `${JSON.stringify(makeSample('ohio', t))}\n`,
        },
        200,
      ],
      [
        '/api/ingest',
        { method: 'POST', headers: { authorization: `Bearer ${WRONG_TOKEN}` }, body: '{}' },
        403,
      ],
      [`/api/alerts?token=${TEST_OPERATOR_TOKEN}`, {}, 200],
    ];
    for (const [path, init, status] of requests) {
      const res = await fetch(`${server.url}${path}`, init);
      await res.arrayBuffer();
      expect(res.status, path).toBe(status);
    }
    await connect('/live', VIEWER_TOKEN, 'websocket');
    await connect('/live', VIEWER_TOKEN, 'polling');
    await connect('/ingest', TEST_INGEST_TOKEN, 'websocket');
    await connect('/live', WRONG_TOKEN, 'polling');

    await expect.poll(() => requestLines().length).toBe(requests.length);
    const text = raw.join('');
    for (const secret of SECRETS) expect(text, 'a token in the log').not.toContain(secret);
    expect(text).not.toMatch(/token=/i);
    expect(text).not.toMatch(/authorization/i);
    expect(text, 'socket.io requests are not request-logged').not.toContain('/socket.io');

    const got = requestLines();
    for (const l of got) {
      expect(l.path).not.toContain('?');
      expect(typeof l.ms).toBe('number');
      expect(l.ms).toBeGreaterThanOrEqual(0);
      expect(typeof l.bytes).toBe('number');
      expect(l.msg).toBe(`${l.method} ${l.path} ${l.status} ${l.ms} ms ${l.bytes} B`);
    }
    expect(got.map((l) => [l.method, l.path, l.status])).toEqual(
      requests.map(([path, init, status]) => [init.method ?? 'GET', path.split('?')[0], status]),
    );
    expect(got[0]).toMatchObject({ route: '/api/fleet', level: 30 });
    expect(got[0]!.bytes).toBeGreaterThan(100);
    expect(got.find((l) => l.path === '/metrics')?.route).toBe('/metrics');
  });

  it('the logger redacts credentials whatever a caller passes', () => {
    const out: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (s: string) => void out.push(s) } });
    log.info(
      {
        headers: { authorization: `Bearer ${VIEWER_TOKEN}`, cookie: 'sid=1' },
        token: VIEWER_TOKEN,
        handshake: { auth: { token: VIEWER_TOKEN } },
        query: { token: VIEWER_TOKEN },
      },
      'careless',
    );
    expect(out.join('')).not.toContain(VIEWER_TOKEN);
    expect(out.join('')).not.toContain('sid=1');
    expect(out.join('')).toContain('[redacted]');
  });
});

describe('GIGAWATT_LOG_LEVEL', () => {
  it('defaults to info, takes any pino level, refuses others with the list', () => {
    expect(loadConfig([], { GIGAWATT_STATE: 'off' }).logLevel).toBe('info');
    expect(testConfig({ GIGAWATT_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(loadConfig(['--log-level', 'silent'], { GIGAWATT_STATE: 'off' }).logLevel).toBe('silent');
    expect(() => testConfig({ GIGAWATT_LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => testConfig({ GIGAWATT_LOG_LEVEL: 'verbose' })).toThrow(
      /GIGAWATT_LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent/,
    );
  });
});
