import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveAuthSchema } from '@gigawatt/shared';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';
import {
  EIO_PATH,
  eioPath,
  PACKET_SEPARATOR,
  pollExchange,
  pollingHandshake,
  pollPath,
  type RawResult,
  rawHttp,
  rawSocket,
  wsFrame,
  wsSession,
  wsUpgradeRequest,
} from '../testing/rawEngineIo.ts';
import { connected, connectLive } from '../testing/socketHelpers.ts';
import { type CrashWatch, expectStillServing, watchForCrashes } from '../testing/survival.ts';

/**
 * Raw engine.io requests, as a hostile client would send them, against a real server with a built page
 * (the catch-all page route is what used to answer engine.io's polls a second time and end the process).
 * After every batch the server must still answer /healthz and greet a normal viewer on both transports,
 * with no uncaught exception and no response written twice.
 */

const SEED = 20_261_204;
const MAX_HTTP_BUFFER = 2 * 1024 * 1024;

let server: GigawattServer;
let watch: CrashWatch;
let clientDir: string;

beforeAll(async () => {
  watch = watchForCrashes();
  clientDir = mkdtempSync(join(tmpdir(), 'gigawatt-hostile-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><html><body>page</body></html>\n');
  server = await createGigawattServer(testConfig({ GIGAWATT_CLIENT_DIR: clientDir }));
});
afterAll(async () => {
  await server?.close();
  watch?.stop();
  rmSync(clientDir, { recursive: true, force: true });
});
afterEach(async () => {
  await expectStillServing(server.url, watch);
});

/**
 * engine.io, never the page app, answers everything under /socket.io/: no page, no express error body
 * (`{"error"}`; engine.io's own errors are `{"code","message"}`).
 */
function expectEngineAnswer(r: RawResult, what: string): void {
  if (r.kind !== 'response') return;
  expect(r.body, what).not.toMatch(/<!doctype|<html/i);
  if ((r.headers['content-type'] ?? '').includes('application/json') && r.body) {
    expect(JSON.parse(r.body), what).toEqual({ code: expect.any(Number), message: expect.any(String) });
  }
}

/** Runs `tasks` at most `limit` at a time (the machine is small and shared). */
async function inBatches<T>(tasks: readonly (() => Promise<T>)[], limit = 8): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < tasks.length; i += limit) {
    out.push(...(await Promise.all(tasks.slice(i, i + limit).map((t) => t()))));
  }
  return out;
}

/** Percent-encodes every byte: any generated string becomes a path Node's client will send. */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

async function closedSid(): Promise<string> {
  const sid = await pollingHandshake(server.url);
  await rawHttp(server.url, { method: 'POST', path: pollPath(sid), body: '1' });
  return sid;
}

describe('engine.io handshakes', () => {
  const EIO = [
    '4',
    '3',
    '2',
    '1',
    '5',
    '0',
    '',
    'x',
    '4.0',
    '04',
    '-4',
    '1e1',
    '99999999999999999999',
    '%00',
    '%34',
  ];
  const TRANSPORT = ['polling', 'websocket', 'webtransport', 'flashsocket', 'jsonp-polling', '', 'POLLING'];
  const TRANSPORT_MORE = ['%70olling', '__proto__', 'constructor', 'toString'];
  const decoded = (s: string) => new URLSearchParams(`v=${s}`).get('v');

  it('answers every EIO version × transport × method over HTTP from engine.io, and only EIO=4 polling GET opens a session', async () => {
    const tasks = EIO.flatMap((eio) =>
      [...TRANSPORT, ...TRANSPORT_MORE].flatMap((transport) =>
        ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD'].map((method) => async () => {
          const what = `${method} EIO=${eio} transport=${transport}`;
          const r = await rawHttp(server.url, { method, path: eioPath({ EIO: eio, transport }), body: '' });
          expect(r.kind, what).toBe('response');
          expectEngineAnswer(r, what);
          if (r.kind !== 'response') return;
          const opens = decoded(eio) === '4' && decoded(transport) === 'polling' && method === 'GET';
          if (opens) {
            expect(r.status, what).toBe(200);
            expect(r.body, what).toMatch(/^0\{"sid":"/);
          } else {
            expect(r.status, what).toBe(400);
          }
        }),
      ),
    );
    await inBatches(tasks);
  });

  it('opens a WebSocket session only for EIO=4 transport=websocket, and refuses every other combination', async () => {
    const tasks = EIO.flatMap((eio) =>
      [...TRANSPORT, ...TRANSPORT_MORE].map((transport) => async () => {
        const what = `upgrade EIO=${eio} transport=${transport}`;
        const r = await wsSession(server.url, eioPath({ EIO: eio, transport }), [], { timeoutMs: 800 });
        // engine.io completes the WebSocket handshake for a known transport before it checks the rest
        // (EIO=3 is refused by a close right after): what matters is that no session is opened.
        const ok = decoded(eio) === '4' && decoded(transport) === 'websocket';
        if (!['websocket', 'polling'].includes(decoded(transport) ?? ''))
          expect(r.upgraded, what).toBe(false);
        if (ok) expect(r.received, what).toMatch(/"sid":/);
        else expect(r.received, what).not.toMatch(/"sid":/);
      }),
    );
    await inBatches(tasks);
  });
});

describe('polling sessions', () => {
  it('serves a session through a namespace connect, and answers unknown, closed and malformed sids with 400', async () => {
    const sid = await pollingHandshake(server.url);
    const { post, poll } = await pollExchange(server.url, sid, ['40/live,{}']);
    expect(post).toMatchObject({ kind: 'response', status: 200, body: 'ok' });
    expect(poll.kind).toBe('response');
    if (poll.kind === 'response') {
      expect(poll.body).toMatch(/40\/live,\{"sid":"/);
      expect(poll.body).toContain('42/live,["hello",');
    }
    const closed = await closedSid();
    const bad = [
      'AAAAAAAAAAAAAAAAAAAA',
      closed,
      '',
      'A'.repeat(5000),
      `${sid}&sid=${closed}`,
      pct('"><script>'),
      '%',
      '%zz',
      '__proto__',
    ];
    for (const s of bad) {
      for (const method of ['GET', 'POST']) {
        const r = await rawHttp(server.url, {
          method,
          path: eioPath({ EIO: '4', transport: 'polling', sid: s }),
          body: '40/live,{}',
        });
        const what = `${method} sid=${s.slice(0, 40)}`;
        expectEngineAnswer(r, what);
        // A sid that is empty or names the live session twice may be read as that session or as a
        // handshake (400 for POST); anything unknown is refused.
        if (s !== '' && !s.startsWith(sid)) expect(r, what).toMatchObject({ kind: 'response', status: 400 });
      }
    }
  });

  it('two polls at once on one sid: one is refused, the session ends, nothing is answered twice', async () => {
    for (let round = 0; round < 5; round++) {
      const sid = await pollingHandshake(server.url);
      const [a, b] = await Promise.all([
        rawHttp(server.url, { method: 'GET', path: pollPath(sid), timeoutMs: 3000 }),
        rawHttp(server.url, { method: 'GET', path: pollPath(sid), timeoutMs: 3000 }),
      ]);
      expectEngineAnswer(a, 'first poll');
      expectEngineAnswer(b, 'second poll');
      const statuses = [a, b].map((r) => (r.kind === 'response' ? r.status : r.kind));
      expect(statuses, `round ${round}`).toContain(400);
      const after = await rawHttp(server.url, { method: 'GET', path: pollPath(sid), timeoutMs: 3000 });
      expect(after, `round ${round}`).toMatchObject({ kind: 'response', status: 400 });
    }
  });

  it('two POSTs at once on one sid, a poll and a POST racing, and a poll cut off midway', async () => {
    for (let round = 0; round < 3; round++) {
      const sid = await pollingHandshake(server.url);
      const results = await Promise.all([
        rawHttp(server.url, { method: 'POST', path: pollPath(sid), body: '40/live,{}' }),
        rawHttp(server.url, { method: 'POST', path: pollPath(sid), body: '40/ingest,{}' }),
        rawHttp(server.url, { method: 'GET', path: pollPath(sid), timeoutMs: 300 }),
      ]);
      for (const r of results) expectEngineAnswer(r, `round ${round}`);
    }
    // A poll abandoned by the client (timeout → socket destroyed) ends the session, never the process.
    const sid = await pollingHandshake(server.url);
    expect((await rawHttp(server.url, { method: 'GET', path: pollPath(sid), timeoutMs: 100 })).kind).toBe(
      'timeout',
    );
    const again = await rawHttp(server.url, { method: 'GET', path: pollPath(sid), timeoutMs: 2000 });
    expectEngineAnswer(again, 'poll after an abandoned one');
  });

  it('a sid from a WebSocket session is refused on polling, and a polling sid cannot be upgraded with garbage', async () => {
    const ws = await wsSession(server.url, eioPath({ EIO: '4', transport: 'websocket' }), [], {
      timeoutMs: 500,
    });
    const wsSid = /"sid":"([^"]+)"/.exec(ws.received)?.[1];
    expect(wsSid).toBeDefined();
    // The WebSocket above is gone by now; either way the sid is not a polling session.
    const r = await rawHttp(server.url, { method: 'GET', path: pollPath(wsSid!), timeoutMs: 2000 });
    expect(r).toMatchObject({ kind: 'response', status: 400 });

    const sid = await pollingHandshake(server.url);
    const up = await wsSession(
      server.url,
      eioPath({ EIO: '4', transport: 'websocket', sid }),
      [wsFrame('3probe'), wsFrame('garbage'), wsFrame(Buffer.from([0xff, 0xfe, 0x00]), { opcode: 2 })],
      { timeoutMs: 800 },
    );
    expect(up.upgraded).toBe(true);
  });
});

describe('oversized and broken bodies', () => {
  const big = (n: number, fill = 'x') => Buffer.alloc(n, fill);

  it(`refuses POSTs bigger than maxHttpBufferSize (${MAX_HTTP_BUFFER} bytes) with 413, alone and ten at once`, async () => {
    const sid = await pollingHandshake(server.url);
    const over = await rawHttp(server.url, {
      method: 'POST',
      path: pollPath(sid),
      body: big(MAX_HTTP_BUFFER + 1),
      timeoutMs: 10_000,
    });
    expect(over).toMatchObject({ kind: 'response', status: 413 });
    const packets = await rawHttp(server.url, {
      method: 'POST',
      path: pollPath(sid),
      body: Buffer.concat([
        Buffer.from('42/live,["subscribe",'),
        big(3 * 1024 * 1024, '['),
        Buffer.from(']'),
      ]),
      timeoutMs: 10_000,
    });
    expect(packets).toMatchObject({ kind: 'response', status: 413 });

    const sids = await Promise.all(Array.from({ length: 10 }, () => pollingHandshake(server.url)));
    const results = await Promise.all(
      sids.map((s, i) =>
        rawHttp(server.url, {
          method: 'POST',
          path: i % 2 ? pollPath(s) : eioPath({ EIO: '4', transport: 'polling' }),
          headers: { 'content-type': i % 3 ? 'text/plain' : 'application/octet-stream' },
          body: big(3 * 1024 * 1024),
          timeoutMs: 20_000,
        }),
      ),
    );
    for (const r of results) {
      expectEngineAnswer(r, 'oversized');
      // 413 where engine.io reads the body, 400 where it refuses the request before (no session).
      if (r.kind === 'response') expect(r.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('survives bodies that lie about their length, stop midway, or break chunked encoding', async () => {
    const sid = await pollingHandshake(server.url);
    const head = (extra: string) =>
      `POST ${pollPath(sid)} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n${extra}\r\n`;
    const cases: (string | Uint8Array)[][] = [
      [head('Content-Length: 100000000\r\n'), '40/live,{}'],
      [head(`Content-Length: ${MAX_HTTP_BUFFER + 10}\r\n`), big(MAX_HTTP_BUFFER + 10)],
      [head('Transfer-Encoding: chunked\r\n'), 'zz\r\nnope\r\n0\r\n\r\n'],
      [head('Transfer-Encoding: chunked\r\n'), 'fffffffffffffff\r\nabc'],
      [head('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n'), '5\r\n40/li\r\n0\r\n\r\n'],
      [head('Content-Length: 5\r\nContent-Length: 7\r\n'), '40/live'],
      [head('Content-Length: -1\r\n'), ''],
      ['GARBAGE\r\n\r\n'],
      ['GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX: \u0000\r\n\r\n'],
      [`GET /socket.io/?EIO=4&transport=polling&t=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
      [`GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`],
      ['GET /socket.io/?EIO=4&transport=polling HTTP/1.0\r\n\r\n'],
      ['GET /socket.io/?EIO=4&transport=polling HTTP/9.9\r\nHost: x\r\n\r\n'],
      [
        'GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n' +
          `GET ${pollPath(sid)} HTTP/1.1\r\nHost: x\r\n\r\n` +
          `GET ${pollPath(sid)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      ],
    ];
    const answers = await inBatches(cases.map((c) => () => rawSocket(server.url, c, 1500)));
    for (const a of answers) expect(a).not.toMatch(/<html/i);
    // Not engine.io's path as far as its prefix check goes (absolute form, a doubled slash): the page
    // app answers, once.
    await rawSocket(server.url, [
      'GET http://evil.example/socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n',
    ]);
    await rawSocket(server.url, ['GET //socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n']);
  });
});

describe('fuzzed requests (fast-check)', () => {
  const eio = fc.constantFrom('4', '4', '4', '3', '5', '', 'x', '04', '%34', '99999999999999999999');
  const transport = fc.constantFrom(
    'polling',
    'polling',
    'websocket',
    'flashsocket',
    '',
    '__proto__',
    '%70olling',
  );
  const sidKind = fc.constantFrom(
    'none',
    'fresh',
    'shared',
    'closed',
    'unknown',
    'garbage',
    'empty',
    'twice',
  );
  const queryValue = fc.oneof(
    fc.string({ maxLength: 40 }).map(pct),
    fc.constantFrom('%', '%zz', '%%', '&&', '==', '%00', '%E0%A4%A', '%C0%AF', 'a'.repeat(3000)),
  );
  const extra = fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'j',
          'b64',
          't',
          'sid',
          'EIO',
          'transport',
          '__proto__',
          'constructor',
          'hasOwnProperty',
        ),
        fc.string({ maxLength: 10 }).map(pct),
      ),
      queryValue,
    ),
    { maxLength: 3 },
  );
  const nsp = fc.constantFrom(
    '',
    '/live,',
    '/ingest,',
    '/,',
    '/nope,',
    '/live',
    '/live?token=x,',
    '/live/../ingest,',
  );
  const json = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      '{',
      '[',
      '{}',
      'null',
      `{"token":"${TEST_INGEST_TOKEN}"}`,
      '{"lastSeq":"x"}',
      '{"lastSeq":-1}',
      '{"__proto__":{"polluted":1}}',
      '["subscribe",{"site":"ohio","hall":"h1"}]',
      '["subscribe",{"site":"__proto__","hall":"constructor"}]',
      '["unsubscribe"]',
      '["error","boom"]',
      '["disconnect"]',
      '["__proto__",{}]',
      '["constructor"]',
      '["hasOwnProperty"]',
      '["sample",null]',
      '["sample",{"site":"ohio","t":1e308,"seq":-0}]',
      '["racks",{"_placeholder":true,"num":0}]',
      '["racks",{"_placeholder":true,"num":99}]',
      `[${'['.repeat(5000)}${']'.repeat(5000)}]`,
    ),
  );
  const socketIoPacket = fc
    .tuple(
      fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '9', '', '51-', '52-', '599-', '5x-'),
      nsp,
      fc.option(fc.constantFrom('0', '1', '7', '99999999999999999999', '-1'), { nil: '' }),
      json,
    )
    .map(([type, n, id, data]) => `${type}${n}${id}${data}`);
  const eventArg = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.constantFrom<unknown>(
      { site: 'ohio', hall: 'h1' },
      { site: '__proto__', hall: 'constructor' },
      JSON.parse('{"__proto__":{"polluted":1},"site":"ohio","hall":"h1"}'),
      { _placeholder: true, num: 0 },
      { site: 'ohio', hall: 'h1', t: 1e308, racks: -1, data: 'AAAA' },
      'x'.repeat(100_000),
      Array.from({ length: 50_000 }, (_, i) => i),
      JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`),
    ),
  );
  /** Well-framed events (what keeps a session open long enough to reach the namespaces' handlers). */
  const eventPacket = fc
    .tuple(
      // Mostly a namespace the session joined; sometimes one it did not (which ends the session).
      fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom('/live,', '/ingest,') },
        { weight: 1, arbitrary: fc.constantFrom('', '/nope,') },
      ),
      fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
      fc.constantFrom(
        'subscribe',
        'unsubscribe',
        'sample',
        'racks',
        'hello',
        'tick',
        'error',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        'nonexistent',
        '',
      ),
      fc.array(eventArg, { maxLength: 3 }),
    )
    .map(([n, id, name, args]) => `42${n}${id ?? ''}${JSON.stringify([name, ...args])}`);
  const engineIoPacket = fc.oneof(
    { weight: 6, arbitrary: eventPacket },
    { weight: 2, arbitrary: socketIoPacket.map((p) => `4${p}`) },
    fc.constantFrom(
      '0',
      '1',
      '2',
      '2probe',
      '3',
      '3probe',
      '5',
      '6',
      '7',
      '',
      'b',
      'bAAAA',
      'b!!!',
      'b4AAAAAAAAAAAAAAAA',
    ),
    fc.string({ maxLength: 40 }),
  );
  const LIVE_CONNECT = '40/live,{}';
  const INGEST_CONNECT = `40/ingest,{"token":"${TEST_INGEST_TOKEN}"}`;
  const connects = fc.constantFrom<string[]>(
    [LIVE_CONNECT, INGEST_CONNECT],
    [LIVE_CONNECT, INGEST_CONNECT],
    [LIVE_CONNECT],
    [INGEST_CONNECT],
    ['40'],
    [],
  );
  const packetBody = fc
    .tuple(connects, fc.array(engineIoPacket, { minLength: 1, maxLength: 6 }))
    .map(([c, ps]) => [...c, ...ps].join(PACKET_SEPARATOR));
  const body = fc.option(
    fc.oneof(
      { weight: 3, arbitrary: packetBody },
      fc.uint8Array({ maxLength: 1024 }),
      fc.string({ maxLength: 300, unit: 'binary' }),
    ),
    { nil: undefined },
  );
  const method = fc.constantFrom(
    'GET',
    'GET',
    'POST',
    'POST',
    'PUT',
    'DELETE',
    'OPTIONS',
    'PATCH',
    'HEAD',
    'TRACE',
  );
  const prefix = fc.constantFrom(
    EIO_PATH,
    EIO_PATH,
    EIO_PATH,
    '/socket.io/x',
    '/socket.io//',
    '/socket.io',
    '/socket.io/%2e%2e/healthz',
  );
  const headers = fc.record(
    {
      'content-type': fc.constantFrom(
        'text/plain;charset=UTF-8',
        'application/octet-stream',
        'application/json',
        'multipart/form-data; boundary=x',
        'text/html',
      ),
      origin: fc.constantFrom('http://evil.example', 'null'),
      cookie: fc.constantFrom('io=abc', '__proto__=1'),
      'x-http-method-override': fc.constantFrom('PUT', 'DELETE'),
      expect: fc.constant('100-continue'),
    },
    { requiredKeys: [] },
  );
  const requestShape = fc.record({ method, prefix, eio, transport, sidKind, extra, headers, body });
  type RequestShape = typeof requestShape extends fc.Arbitrary<infer T> ? T : never;

  async function sidFor(kind: string, shared: string): Promise<string | undefined> {
    switch (kind) {
      case 'none':
        return undefined;
      case 'fresh':
        return pollingHandshake(server.url);
      case 'shared':
        return shared;
      case 'closed':
        return closedSid();
      case 'unknown':
        return 'AAAAAAAAAAAAAAAAAAAA';
      case 'garbage':
        return pct('<\u0000>');
      case 'empty':
        return '';
      default:
        return `${shared}&sid=${shared}`;
    }
  }

  async function send(shape: RequestShape, shared: string): Promise<void> {
    const sid = await sidFor(shape.sidKind, shared);
    const query = [`EIO=${shape.eio}`, `transport=${shape.transport}`];
    if (sid !== undefined) query.push(`sid=${sid}`);
    for (const [k, v] of shape.extra) query.push(`${k}=${v}`);
    const path = `${shape.prefix}?${query.join('&')}`;
    const r = await rawHttp(server.url, {
      method: shape.method,
      path,
      headers: shape.headers,
      ...(shape.body === undefined ? {} : { body: shape.body }),
      timeoutMs: 600,
    });
    if (path.startsWith(EIO_PATH)) expectEngineAnswer(r, `${shape.method} ${path.slice(0, 120)}`);
  }

  it('request shapes on the socket.io path: methods, versions, transports, sids, queries, headers, bodies, concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestShape, { minLength: 1, maxLength: 10 }), async (shapes) => {
        const shared = await pollingHandshake(server.url);
        await Promise.all(shapes.map((s) => send(s, shared)));
        expect(watch.problems).toEqual([]);
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('garbage packet encodings and hostile events on open polling sessions', async () => {
    // socket.io drops a session whose packets it cannot decode, or that talks to a namespace before
    // it is connected: so each session connects first (in its own exchange, as a client would), then
    // mostly sends well-framed hostile events, and only sometimes plain garbage.
    const eventsBody = fc
      .array(eventPacket, { minLength: 1, maxLength: 5 })
      .map((ps) => ps.join(PACKET_SEPARATOR));
    const session = fc.record({
      connect: fc.constantFrom<string[]>(
        [LIVE_CONNECT, INGEST_CONNECT],
        [LIVE_CONNECT, INGEST_CONNECT],
        [LIVE_CONNECT, INGEST_CONNECT],
        [LIVE_CONNECT],
        [INGEST_CONNECT],
      ),
      bodies: fc.array(
        fc.oneof(
          { weight: 6, arbitrary: eventsBody },
          { weight: 1, arbitrary: packetBody },
          {
            weight: 1,
            arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b).toString('latin1')),
          },
          { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
        ),
        { minLength: 1, maxLength: 4 },
      ),
    });
    let acked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(session, { minLength: 1, maxLength: 4 }), async (sessions) => {
        await Promise.all(
          sessions.map(async ({ connect, bodies }) => {
            const sid = await pollingHandshake(server.url);
            if (connect.length) await pollExchange(server.url, sid, [connect.join(PACKET_SEPARATOR)], 1500);
            for (const b of bodies) {
              const post = await rawHttp(server.url, { method: 'POST', path: pollPath(sid), body: b });
              expectEngineAnswer(post, `POST ${JSON.stringify(b).slice(0, 100)}`);
            }
            // An acknowledged request last, so the poll returns at once if the session is still open
            // (a poll given up by the client would end the session itself).
            const probe = connect.includes(LIVE_CONNECT)
              ? '42/live,999999["unsubscribe",null]'
              : connect.includes(INGEST_CONNECT)
                ? '42/ingest,999999["sample",null]'
                : '3';
            const { poll } = await pollExchange(server.url, sid, [probe], 1500);
            expectEngineAnswer(poll, 'poll');
            if (poll.kind === 'response') acked += poll.body.match(/43\/(live|ingest),\d/g)?.length ?? 0;
          }),
        );
        expect(watch.problems).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      }),
      { seed: SEED + 1, numRuns: 30 },
    );
    // The fuzz reached the namespaces' handlers, not only engine.io's parser.
    expect(acked).toBeGreaterThan(10);
  });

  it('WebSocket upgrades with garbage headers, frames and bytes', async () => {
    const frame = fc.oneof(
      { weight: 3, arbitrary: engineIoPacket.map((p) => wsFrame(p)) },
      fc.uint8Array({ maxLength: 256 }).map((b) => wsFrame(b, { opcode: 2 })),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc
        .record({
          opcode: fc.integer({ min: 0, max: 15 }),
          fin: fc.boolean(),
          mask: fc.boolean(),
          rsv: fc.integer({ min: 0, max: 7 }),
        })
        .map((o) => wsFrame('4garbage', o)),
      fc.constantFrom(
        wsFrame('', { claimedLength: 2n ** 62n }),
        wsFrame('x', { claimedLength: BigInt(MAX_HTTP_BUFFER + 1) }),
        wsFrame(Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), { opcode: 1 }),
        wsFrame('p'.repeat(200), { opcode: 9 }),
        wsFrame(Buffer.from([0x03, 0xe7]), { opcode: 8 }),
        wsFrame('2probe'),
        wsFrame('5'),
      ),
    );
    const upgradeHeaders = fc.record(
      {
        'Sec-WebSocket-Key': fc.constantFrom(undefined, '', 'short', '!!!!!!!!!!!!!!!!!!!!!!!='),
        'Sec-WebSocket-Version': fc.constantFrom(undefined, '8', '99', 'x'),
        Upgrade: fc.constantFrom(undefined, 'h2c', 'WebSocket'),
        Connection: fc.constantFrom(undefined, 'keep-alive', 'Upgrade, keep-alive'),
        'Sec-WebSocket-Extensions': fc.constantFrom(
          'permessage-deflate; client_max_window_bits',
          'x-unknown',
        ),
      },
      { requiredKeys: [] },
    );
    const wsScript = fc.record({
      path: fc.constantFrom(
        eioPath({ EIO: '4', transport: 'websocket' }),
        eioPath({ EIO: '4', transport: 'websocket' }),
        eioPath({ EIO: '3', transport: 'websocket' }),
        eioPath({ EIO: '4', transport: 'polling' }),
        eioPath({ EIO: '4', transport: 'websocket', sid: 'AAAAAAAAAAAAAAAAAAAA' }),
        'SID',
        '/',
        '/healthz',
        '/socket.io',
      ),
      headers: upgradeHeaders,
      frames: fc.array(frame, { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(wsScript, { minLength: 1, maxLength: 5 }), async (scripts) => {
        await Promise.all(
          scripts.map(async (s) => {
            const path =
              s.path === 'SID'
                ? eioPath({ EIO: '4', transport: 'websocket', sid: await pollingHandshake(server.url) })
                : s.path;
            // An explicit undefined in the record leaves the usual header out.
            await wsSession(server.url, path, s.frames, { headers: s.headers, timeoutMs: 600 });
          }),
        );
        expect(watch.problems).toEqual([]);
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      }),
      { seed: SEED + 2, numRuns: 25 },
    );
    // Raw bytes after an upgrade request that the server has not answered yet.
    await rawSocket(
      server.url,
      [wsUpgradeRequest(eioPath({ EIO: '4', transport: 'websocket' })), wsFrame('40')],
      500,
    );
  });
});

describe('namespace CONNECT packets with hostile auth, over raw polling', () => {
  const authText = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ token: v, lastSeq: v })),
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      '{',
      '',
      '[1,2]',
      '"str"',
      'null',
      '{"token":123}',
      '{"token":null}',
      `{"token":"${'t'.repeat(10_000)}"}`,
      `{"token":"${TEST_INGEST_TOKEN}","__proto__":{"polluted":1}}`,
      '{"constructor":{"prototype":{"polluted":1}}}',
      '{"lastSeq":1e400}',
      '{"lastSeq":9007199254740993}',
      `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
    ),
  );

  for (const nsp of ['/live', '/ingest'] as const) {
    it(`${nsp}: the server answers CONNECT or CONNECT_ERROR as the handshake rules say, or drops a packet it cannot parse`, async () => {
      await fc.assert(
        fc.asyncProperty(authText, async (auth) => {
          const sid = await pollingHandshake(server.url);
          const { post, poll } = await pollExchange(server.url, sid, [`40${nsp},${auth}`], 2000);
          expect(post).toMatchObject({ kind: 'response', status: 200 });
          expectEngineAnswer(poll, `${nsp} auth ${auth.slice(0, 80)}`);
          let parsed: unknown;
          let isObject = false;
          try {
            parsed = JSON.parse(auth);
            isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
          } catch {
            // not JSON: socket.io's parser refuses the packet and closes the session
          }
          const body = poll.kind === 'response' ? poll.body : '';
          if (auth === '') {
            // No auth at all: an empty handshake, which /ingest refuses and /live accepts.
            expect(body).toMatch(
              nsp === '/live' ? /40\/live,\{"sid"/ : /44\/ingest,\{"message":"unauthorized/,
            );
          } else if (!isObject) {
            expect(body).not.toMatch(/4[04]\//);
          } else if (nsp === '/live') {
            const ok = liveAuthSchema.safeParse(parsed).success;
            expect(body).toMatch(ok ? /^40\/live,\{"sid"/ : /^44\/live,\{"message":"invalid handshake/);
          } else {
            const ok = (parsed as { token?: unknown }).token === TEST_INGEST_TOKEN;
            // Wrong tokens count against the address: after enough, the refusal says so instead.
            expect(body).toMatch(
              ok ? /^40\/ingest,\{"sid"/ : /^44\/ingest,\{"message":"(unauthorized|too many failed)/,
            );
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { seed: SEED + 3, numRuns: 60 },
      );
    });
  }

  it('/ingest over raw polling: events with ack ids and binary attachments get error acks, broken attachments end only that session', async () => {
    const sid = await pollingHandshake(server.url);
    const open = await pollExchange(server.url, sid, [`40/ingest,{"token":"${TEST_INGEST_TOKEN}"}`]);
    expect(open.poll).toMatchObject({ kind: 'response', body: expect.stringMatching(/^40\/ingest,/) });
    const junk = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).toString('base64');
    const acks = await pollExchange(server.url, sid, [
      '42/ingest,1["sample",null]',
      '42/ingest,2["sample","x"]',
      '42/ingest,3["racks",{"site":"ohio","hall":"h1","t":0,"racks":1,"data":"AAAA"}]',
      '451-/ingest,4["racks",{"site":"ohio","hall":"h1","t":0,"racks":1,"data":{"_placeholder":true,"num":0}}]',
      `b${junk}`,
      '42/ingest,5["nonexistent",{}]',
      '42/ingest,6["error","boom"]',
      '42/ingest,7["sample",{"__proto__":{"polluted":1},"site":"ohio"}]',
    ]);
    expect(acks.poll.kind).toBe('response');
    if (acks.poll.kind === 'response') {
      for (const id of [1, 2, 3, 4, 7]) {
        expect(acks.poll.body).toMatch(new RegExp(`43/ingest,${id}\\[\\{"ok":false,"error":"`));
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // An attachment that points past the ones sent is illegal: the parser error closes this session.
    const broken = await pollExchange(server.url, sid, [
      '451-/ingest,8["racks",{"_placeholder":true,"num":3}]',
      `b${junk}`,
    ]);
    expectEngineAnswer(broken.poll, 'after an illegal attachment');
    expect(broken.poll).not.toMatchObject({ body: expect.stringMatching(/43\/ingest,8/) });
  });

  it('a normal viewer is unaffected by a hostile one on the same namespace', async () => {
    const viewer = connectLive(server.url, {}, { transport: 'polling' });
    const ticks: number[] = [];
    viewer.on('tick', (t) => ticks.push(t.seq));
    await connected(viewer);
    const sid = await pollingHandshake(server.url);
    await pollExchange(server.url, sid, [
      '40/live,{}',
      '42/live,["subscribe",{"__proto__":1}]',
      '4garbage',
      '42/live',
    ]);
    const before = ticks.length;
    await expect.poll(() => ticks.length, { timeout: 10_000 }).toBeGreaterThan(before);
    viewer.close();
  });
});
