import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, defaultFleet } from '@gigawatt/shared';
import type { RecordingInfo } from '@gigawatt/shared/recording';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { MemoryStateStorage } from '../state/memoryStateStorage.ts';
import { makeSample, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import { type RawResponse, rawRequest } from '../testing/rawHttp.ts';
import { sleep, waitFor } from '../testing/socketHelpers.ts';
import { createHttpApp } from './createHttpApp.ts';
import { type HttpMethod, type OpenApiDocument, type OpenApiResponse, openApiDocument } from './openapi.ts';

// Every endpoint of a real server, called with good and bad input; every answer's status must be
// documented for its path and method, its Content-Type must be one the document names for that status,
// and a JSON body must match the document's schema (ajv, JSON Schema 2020-12 with formats). The document
// itself must be valid OpenAPI 3.1, list exactly the app's routes, and every operation must be called.

const VIEWER = 'test-viewer-token-123';
const KiB = 1024;
const MiB = 1024 * KiB;

/** What the checker needs of an answer, whether fetch or a raw socket got it. */
interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

/** `METHOD /path/{param}` of each operation called, with the statuses seen. */
const seen = new Map<string, Set<number>>();

class DocumentChecker {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    // strict off: the document is not a schema, only the places the pointers name are compiled.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(doc, 'openapi.json');
  }

  /** The compiled schema at a JSON pointer into the document (its $refs resolve inside the document). */
  schemaAt(...path: string[]): ValidateFunction {
    const pointer = path
      .map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1')))
      .join('/');
    let v = this.compiled.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `openapi.json#/${pointer}` });
      this.compiled.set(pointer, v);
    }
    return v;
  }

  check(method: HttpMethod, path: string, a: Answer): void {
    const what = `${method.toUpperCase()} ${path} → ${a.status}`;
    const op = this.doc.paths[path]?.[method];
    expect(op, `${method.toUpperCase()} ${path} is not in the document`).toBeDefined();
    const response: OpenApiResponse | undefined = op?.responses[String(a.status)];
    expect(response, `${what} is not documented (${a.body.slice(0, 200)})`).toBeDefined();
    const key = `${method.toUpperCase()} ${path}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(a.status));
    if (!response?.content) {
      expect(a.body, `${what} is documented without a body`).toBe('');
      return;
    }
    const type = a.contentType.split(';')[0]!.trim().toLowerCase();
    expect(Object.keys(response.content), `${what}: Content-Type ${a.contentType}`).toContain(type);
    if (!response.content[type]?.schema) return;
    const body: unknown = type === 'application/json' ? JSON.parse(a.body) : a.body;
    const validate = this.schemaAt(
      'paths',
      path,
      method,
      'responses',
      String(a.status),
      'content',
      type,
      'schema',
    );
    if (!validate(body)) {
      throw new Error(
        `${what} does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${a.body.slice(0, 500)}`,
      );
    }
  }
}

let checker: DocumentChecker;

async function call(
  base: string,
  method: HttpMethod,
  path: string,
  url: string,
  init: RequestInit = {},
): Promise<Answer & { json: () => unknown; bytes: Uint8Array }> {
  const res = await fetch(`${base}${url}`, { ...init, method: method.toUpperCase() });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? '';
  // Binary bodies (an .mcap file) are not text; they are checked by type only.
  const body = /json|text/.test(contentType)
    ? new TextDecoder().decode(bytes)
    : bytes.length > 0
      ? '<binary>'
      : '';
  const answer: Answer = { status: res.status, contentType, body, headers: Object.fromEntries(res.headers) };
  checker.check(method, path, answer);
  return { ...answer, bytes, json: () => JSON.parse(body) as unknown };
}

/** A request written on a socket (bodies declared but held back, oversized declarations, no body at all). */
function raw(
  port: number,
  method: HttpMethod,
  url: string,
  headers: Record<string, string | number>,
  body?: string | Buffer,
) {
  return rawRequest({
    port,
    method: method.toUpperCase(),
    path: url,
    // Closed after the answer, so an answer without a length (a 304) is complete when the socket is.
    headers: { ...headers, connection: 'close' },
    ...(body !== undefined ? { body } : {}),
  });
}

/** A chunked body as sent (rawRequest hands it over undecoded). */
function unchunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (eol < 0 || !(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

function checkRaw(method: HttpMethod, path: string, r: RawResponse): Answer {
  const answer: Answer = {
    status: r.status,
    contentType: r.headers['content-type'] ?? '',
    body: r.headers['transfer-encoding'] === 'chunked' ? unchunk(r.body) : r.body,
    headers: r.headers,
  };
  checker.check(method, path, answer);
  return answer;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const viewer = bearer(VIEWER);
const operator = bearer(TEST_OPERATOR_TOKEN);
const ingestAuth = bearer(TEST_INGEST_TOKEN);
const jsonBody = (value: unknown, headers: Record<string, string> = operator): RequestInit => ({
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** Requests whose headers the server has seen (so a held body already holds its slot). */
let requestsStarted = 0;
const onRequestStart = (message: unknown) => {
  const { request } = message as { request: IncomingMessage };
  if (request.url?.startsWith('/api/')) requestsStarted++;
};

let server: GigawattServer;
let dataDir: string;
const s0 = Math.floor(Date.now() / 1000) - 280;
/** The next second to feed: always increasing, so every sample is live. */
let next = s0;

/** `seconds` of samples for every site (or one), one per second. */
function feed(seconds: number, site?: string, tweak?: (s: ReturnType<typeof makeSample>) => void) {
  for (let i = 0; i < seconds; i++, next++) {
    for (const s of defaultFleet.sites) {
      if (site && s.id !== site) continue;
      const sample = makeSample(s.id, next * 1000, { util: 80 });
      tweak?.(sample);
      expect(server.ingest.sample(sample)).toMatchObject({ ok: true });
    }
  }
}

beforeAll(async () => {
  subscribe('http.server.request.start', onRequestStart);
  dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-openapi-'));
  server = await createGigawattServer(
    testConfig({
      GIGAWATT_RECORD: 'on',
      GIGAWATT_DATA_DIR: dataDir,
      GIGAWATT_VIEWER_TOKEN: VIEWER,
      GIGAWATT_IMPORT_MAX_BYTES: '2MiB',
    }),
  );
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument;
  checker = new DocumentChecker(doc);
  feed(60);
});
afterAll(async () => {
  unsubscribe('http.server.request.start', onRequestStart);
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, served openly and cacheably, and built from the package version', async () => {
    const res = await call(server.url, 'get', '/api/openapi.json', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.headers.etag).toBeTruthy();
    const doc = res.json() as OpenApiDocument;
    const validator = new Validator();
    const result = await validator.validate(res.json() as Record<string, unknown>);
    expect(result.errors, JSON.stringify(result.errors, null, 1)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const version = (await call(server.url, 'get', '/api/version', '/api/version')).json() as {
      version: string;
    };
    expect(doc.info.version).toBe(version.version);
    expect(doc).toEqual(openApiDocument(version.version));
    // Every component schema is a valid JSON Schema 2020-12 (ajv checks each against the meta-schema).
    for (const name of Object.keys(doc.components.schemas)) checker.schemaAt('components', 'schemas', name);
    // On a socket: fetch adds Cache-Control: no-cache to a conditional request, which defeats it.
    const again = await raw(server.port, 'get', '/api/openapi.json', { 'if-none-match': res.headers.etag! })
      .response;
    expect(checkRaw('get', '/api/openapi.json', again).status).toBe(304);
  });

  it('lists exactly the routes the app has', () => {
    const app = createHttpApp({
      store: server.store,
      ingest: server.ingest,
      ingestToken: TEST_INGEST_TOKEN,
      viewerToken: VIEWER,
      operatorToken: TEST_OPERATOR_TOKEN,
      clientDir: '/nonexistent-client-dir',
      metrics: { contentType: 'text/plain', render: async () => '' },
      alerts: server.alerts,
      onAlertEvents: () => {},
      recorder: server.recorder,
    });
    const routes = routesOf(app.router as unknown as RouterLike)
      // Fallbacks (unknown /api paths answer 404, the page routes load the app) are not endpoints.
      .filter((r) => !r.path.includes('*') && r.path !== '/')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(checker.doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...new Set(routes)].sort()).toEqual(documented.sort());
  });
});

/** express 5's router internals, as far as a route table needs them. */
interface RouterLike {
  stack: {
    route?: { path: string | string[]; methods: Record<string, boolean> };
    handle?: Partial<RouterLike>;
  }[];
}
function routesOf(router: RouterLike): { method: string; path: string }[] {
  return router.stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .flatMap((m) => paths.map((path) => ({ method: m.toUpperCase(), path })));
    }
    // Routers mounted without a path (alertRoutes, recordingRoutes) hold whole paths.
    return layer.handle?.stack ? routesOf(layer.handle as RouterLike) : [];
  });
}

describe('operations endpoints', () => {
  it('/healthz, /readyz, /api/version', async () => {
    expect((await call(server.url, 'get', '/healthz', '/healthz')).status).toBe(200);
    expect((await call(server.url, 'get', '/readyz', '/readyz')).status).toBe(200);
    expect((await call(server.url, 'get', '/api/version', '/api/version')).status).toBe(200);
  });

  it('/metrics with the viewer token (header or ?token=), refused without', async () => {
    expect((await call(server.url, 'get', '/metrics', '/metrics')).status).toBe(401);
    expect(
      (await call(server.url, 'get', '/metrics', '/metrics', { headers: bearer('wrong-token-1') })).status,
    ).toBe(403);
    const ok = await call(server.url, 'get', '/metrics', '/metrics', { headers: viewer });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^# (HELP|TYPE) /m);
    expect((await call(server.url, 'get', '/metrics', `/metrics?token=${VIEWER}`)).status).toBe(200);
  });
});

describe('telemetry', () => {
  it('/api/fleet for viewers and operators', async () => {
    expect((await call(server.url, 'get', '/api/fleet', '/api/fleet')).status).toBe(401);
    expect(
      (await call(server.url, 'get', '/api/fleet', '/api/fleet', { headers: bearer('wrong-token-2') }))
        .status,
    ).toBe(403);
    expect((await call(server.url, 'get', '/api/fleet', '/api/fleet', { headers: viewer })).status).toBe(200);
    expect(
      (await call(server.url, 'get', '/api/fleet', `/api/fleet?token=${TEST_OPERATOR_TOKEN}`)).status,
    ).toBe(200);
  });

  it('/api/history with ms and RFC 3339 times, and every kind of bad query', async () => {
    const from = new Date(s0 * 1000).toISOString();
    const to = (s0 + 60) * 1000;
    const ok = await call(
      server.url,
      'get',
      '/api/history',
      `/api/history?series=fleet:itPowerMw,site:ohio:pue,hall:ohio:h11:gpuUtilPct&from=${from}&to=${to}&maxPoints=30`,
      { headers: viewer },
    );
    expect(ok.status).toBe(200);
    expect((ok.json() as { series: { mean: number[] }[] }).series[0]!.mean.length).toBeGreaterThan(0);
    // Defaults (the last 15 minutes, 1000 points), compressed when asked.
    const compressed = await call(server.url, 'get', '/api/history', '/api/history?series=fleet:gpuUtilPct', {
      headers: { ...viewer, 'accept-encoding': 'br' },
    });
    expect(compressed.status).toBe(200);
    for (const query of [
      '',
      'series=fleet:nope',
      'series=fleet:itPowerMw&from=yesterday',
      'series=fleet:itPowerMw&maxPoints=0',
      `series=fleet:itPowerMw&from=${to}&to=${to - 1}`,
    ]) {
      const bad = await call(server.url, 'get', '/api/history', `/api/history?${query}`, { headers: viewer });
      expect(bad.status, query).toBe(400);
    }
    expect(
      (await call(server.url, 'get', '/api/history', '/api/history?series=fleet:itPowerMw')).status,
    ).toBe(401);
  });

  it('unknown /api paths answer 404 with an error body', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`, { headers: viewer });
    expect(res.status).toBe(404);
    expect(checker.schemaAt('components', 'schemas', 'Error')(await res.json())).toBe(true);
  });
});

describe('alerts', () => {
  let raised: Alert;

  it('lists raised alerts, with and without a limit, and refuses a bad one', async () => {
    // Ohio at 96 % of its 660 MW cap: power-cap-95 after its hold time (as alerts.integration.test does).
    feed(45, 'ohio', (s) => {
      s.facilityPowerMw = 660 * 0.96;
    });
    raised = await waitFor(() => server.alerts.active().find((a) => a.rule === 'power-cap-95'));
    const list = await call(server.url, 'get', '/api/alerts', '/api/alerts', { headers: viewer });
    expect(list.status).toBe(200);
    expect((list.json() as { active: Alert[] }).active.map((a) => a.id)).toContain(raised.id);
    expect(
      (await call(server.url, 'get', '/api/alerts', '/api/alerts?limit=1', { headers: viewer })).status,
    ).toBe(200);
    expect(
      (await call(server.url, 'get', '/api/alerts', '/api/alerts?limit=0', { headers: viewer })).status,
    ).toBe(400);
    expect((await call(server.url, 'get', '/api/alerts', '/api/alerts')).status).toBe(401);
  });

  it('acknowledges with the operator token; refuses everything else', async () => {
    const path = '/api/alerts/{id}/ack';
    const url = `/api/alerts/${encodeURIComponent(raised.id)}/ack`;
    const ack = { by: 'noc', comment: 'on it' };
    expect((await call(server.url, 'post', path, url, jsonBody(ack, {}))).status).toBe(403);
    expect((await call(server.url, 'post', path, url, jsonBody(ack, viewer))).status).toBe(403);
    expect((await call(server.url, 'post', path, url, jsonBody({ by: '' }))).status).toBe(400);
    const notJson = await call(server.url, 'post', path, url, {
      headers: { ...operator, 'content-type': 'application/json' },
      body: '{"by":',
    });
    expect(notJson.status).toBe(400);
    expect(
      (await call(server.url, 'post', path, '/api/alerts/no-such-alert/ack', jsonBody(ack))).status,
    ).toBe(404);
    const ok = await call(server.url, 'post', path, url, jsonBody(ack));
    expect(ok.status).toBe(200);
    expect((ok.json() as { alert: Alert }).alert.state).toBe('acknowledged');
    const twice = await call(server.url, 'post', path, url, jsonBody(ack));
    expect(twice.status).toBe(409);
    // Sent whole: body-parser answers a body over its limit once the rest has been drained.
    const big = await call(
      server.url,
      'post',
      path,
      url,
      jsonBody({ ...ack, comment: 'x'.repeat(20 * KiB) }),
    );
    expect(big.status).toBe(413);
  });
});

describe('recordings', () => {
  let capture: RecordingInfo;
  let file: Uint8Array;
  const unknownId = 'cap-20000101T000000Z-00000000';

  it('lists recordings for viewers', async () => {
    expect(
      (await call(server.url, 'get', '/api/recordings', '/api/recordings', { headers: viewer })).status,
    ).toBe(200);
    expect((await call(server.url, 'get', '/api/recordings', '/api/recordings')).status).toBe(401);
  });

  it('starts a capture (operator), refusing bad requests', async () => {
    const path = '/api/recordings';
    const request = { name: 'openapi check', level: 'rack', halls: [{ site: 'ohio', hall: 'h11' }] };
    expect((await call(server.url, 'post', path, path, jsonBody(request, viewer))).status).toBe(403);
    expect(
      (await call(server.url, 'post', path, path, jsonBody({ name: 'x', level: 'galaxy' }))).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'post', path, path, jsonBody({ name: 'x', level: 'site', sites: ['mars'] })))
        .status,
    ).toBe(400);
    const notJson = await call(server.url, 'post', path, path, {
      headers: { ...operator, 'content-type': 'application/json' },
      body: 'level=rack',
    });
    expect(notJson.status).toBe(400);
    const big = await call(
      server.url,
      'post',
      path,
      path,
      jsonBody({ ...request, name: 'x'.repeat(65 * KiB) }),
    );
    expect(big.status).toBe(413);
    const res = await call(server.url, 'post', path, path, jsonBody(request));
    expect(res.status).toBe(201);
    capture = (res.json() as { recording: RecordingInfo }).recording;
    feed(5);
  });

  it('annotates a recording, or what is being recorded ("current")', async () => {
    const path = '/api/recordings/{id}/annotations';
    const url = `/api/recordings/${capture.id}/annotations`;
    // While recording, a recording covers the time since it began (the samples fed are older).
    const t = Math.floor(Date.now()) - 2;
    const note = { t: new Date(t).toISOString(), text: 'spike', author: 'eng' };
    expect((await call(server.url, 'post', path, url, jsonBody(note, viewer))).status).toBe(403);
    const ok = await call(server.url, 'post', path, url, jsonBody(note));
    expect(ok.status, ok.body).toBe(201);
    const current = await call(
      server.url,
      'post',
      path,
      '/api/recordings/current/annotations',
      jsonBody({ t, end: t + 1, text: 'both', author: 'eng' }),
    );
    expect(current.status, current.body).toBe(201);
    expect((current.json() as { recordings: string[] }).recordings).toContain(capture.id);
    for (const bad of [
      { ...note, t: 'noon' },
      { ...note, t: Date.UTC(2099, 0, 1) },
      { ...note, text: '' },
      [1],
    ]) {
      expect((await call(server.url, 'post', path, url, jsonBody(bad))).status, JSON.stringify(bad)).toBe(
        400,
      );
    }
    expect(
      (await call(server.url, 'post', path, '/api/recordings/nope/annotations', jsonBody(note))).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'post', path, `/api/recordings/${unknownId}/annotations`, jsonBody(note)))
        .status,
    ).toBe(404);
    const big = await call(server.url, 'post', path, url, jsonBody({ ...note, text: 'x'.repeat(17 * KiB) }));
    expect(big.status).toBe(413);
  });

  it('serves and exports a recording still being written, up to its last flush', async () => {
    await server.recorder!.flush();
    const fileRes = await call(
      server.url,
      'get',
      '/api/recordings/{id}/file',
      `/api/recordings/${capture.id}/file`,
      {
        headers: { ...viewer, range: 'bytes=0-7' },
      },
    );
    expect(fileRes.status).toBe(206);
    expect(fileRes.headers['content-location']).toMatch(/\?upTo=\d+$/);
    const csv = await call(
      server.url,
      'get',
      '/api/recordings/{id}/export.csv',
      `/api/recordings/${capture.id}/export.csv`,
      { headers: viewer },
    );
    expect(csv.status).toBe(200);
  });

  it('stops a capture (operator); a segment is not a capture', async () => {
    const path = '/api/recordings/{id}/stop';
    expect(
      (await call(server.url, 'post', path, `/api/recordings/${capture.id}/stop`, { headers: viewer }))
        .status,
    ).toBe(403);
    expect(
      (await call(server.url, 'post', path, '/api/recordings/nope/stop', { headers: operator })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'post', path, `/api/recordings/${unknownId}/stop`, { headers: operator }))
        .status,
    ).toBe(404);
    const segment = server.recorder!.list().find((r) => r.kind === 'segment');
    expect(segment).toBeDefined();
    expect(
      (await call(server.url, 'post', path, `/api/recordings/${segment!.id}/stop`, { headers: operator }))
        .status,
    ).toBe(409);
    const ok = await call(server.url, 'post', path, `/api/recordings/${capture.id}/stop`, {
      headers: operator,
    });
    expect(ok.status).toBe(200);
    expect((ok.json() as { recording: RecordingInfo }).recording.state).toBe('complete');
  });

  it('lists annotations', async () => {
    const path = '/api/recordings/{id}/annotations';
    const ok = await call(server.url, 'get', path, `/api/recordings/${capture.id}/annotations`, {
      headers: viewer,
    });
    expect(ok.status).toBe(200);
    expect((ok.json() as { annotations: unknown[] }).annotations).toHaveLength(2);
    expect(
      (await call(server.url, 'get', path, '/api/recordings/nope/annotations', { headers: viewer })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'get', path, `/api/recordings/${unknownId}/annotations`, { headers: viewer }))
        .status,
    ).toBe(404);
    expect((await call(server.url, 'get', path, `/api/recordings/${capture.id}/annotations`)).status).toBe(
      401,
    );
  });

  it('serves the file whole, by range and conditionally', async () => {
    const path = '/api/recordings/{id}/file';
    const url = `/api/recordings/${capture.id}/file`;
    const whole = await call(server.url, 'get', path, `${url}?token=${VIEWER}`);
    expect(whole.status).toBe(200);
    file = whole.bytes;
    expect(file.byteLength).toBeGreaterThan(100);
    const part = await call(server.url, 'get', path, url, { headers: { ...viewer, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.bytes.byteLength).toBe(100);
    const outside = await call(server.url, 'get', path, url, {
      headers: { ...viewer, range: `bytes=${file.byteLength + 10}-` },
    });
    expect(outside.status).toBe(416);
    const same = await raw(server.port, 'get', url, { ...viewer, 'if-none-match': whole.headers.etag! })
      .response;
    expect(checkRaw('get', path, same).status).toBe(304);
    expect(
      (await call(server.url, 'get', path, '/api/recordings/nope/file', { headers: viewer })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'get', path, `/api/recordings/${unknownId}/file`, { headers: viewer })).status,
    ).toBe(404);
    expect((await call(server.url, 'get', path, url)).status).toBe(401);
  });

  it('exports a window as CSV', async () => {
    const path = '/api/recordings/{id}/export.csv';
    const url = `/api/recordings/${capture.id}/export.csv`;
    for (const query of [
      '',
      '?level=hall',
      `?level=rack&from=${capture.start}&to=${new Date().toISOString()}`,
    ]) {
      const ok = await call(server.url, 'get', path, `${url}${query}`, { headers: viewer });
      expect(ok.status, query).toBe(200);
      expect(ok.body.split('\n').length, query).toBeGreaterThan(1);
    }
    for (const query of ['?level=galaxy', '?from=yesterday', `?from=${Date.now()}&to=${Date.now() - 1}`]) {
      expect((await call(server.url, 'get', path, `${url}${query}`, { headers: viewer })).status, query).toBe(
        400,
      );
    }
    expect(
      (await call(server.url, 'get', path, '/api/recordings/nope/export.csv', { headers: viewer })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'get', path, `/api/recordings/${unknownId}/export.csv`, { headers: viewer }))
        .status,
    ).toBe(404);
  });

  it('imports a file (operator), refusing what is not one', async () => {
    const path = '/api/recordings/import';
    const mcap = { ...operator, 'content-type': 'application/octet-stream' };
    const ok = await call(server.url, 'post', path, `${path}?name=handed%20over`, {
      headers: mcap,
      body: file,
    });
    expect(ok.status).toBe(201);
    expect((ok.json() as { recording: RecordingInfo }).recording.id).toMatch(/^imp-/);
    expect(
      (
        await call(server.url, 'post', path, path, {
          headers: { ...viewer, 'content-type': 'application/octet-stream' },
          body: file,
        })
      ).status,
    ).toBe(403);
    expect((await call(server.url, 'post', path, path, jsonBody({ file: 'x' }))).status).toBe(415);
    expect(
      (await call(server.url, 'post', path, `${path}?name=%01`, { headers: mcap, body: file })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'post', path, path, { headers: mcap, body: new Uint8Array(0) })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'post', path, path, { headers: mcap, body: 'not an mcap file' })).status,
    ).toBe(400);
    const big = await raw(server.port, 'post', path, { ...mcap, 'content-length': 3 * MiB }, 'x').response;
    expect(checkRaw('post', path, big).status).toBe(413);
    // Two uploads on their way hold both slots: a third is told to come back.
    const before = requestsStarted;
    const held = [0, 1].map(() => raw(server.port, 'post', path, { ...mcap, 'content-length': MiB }, 'x'));
    await waitFor(() => requestsStarted >= before + 2);
    await sleep(50);
    const third = await raw(server.port, 'post', path, { ...mcap, 'content-length': MiB }, 'x').response;
    for (const h of held) h.socket.destroy();
    expect(checkRaw('post', path, third).status).toBe(429);
  });

  it('deletes a recording (operator)', async () => {
    const path = '/api/recordings/{id}';
    expect(
      (await call(server.url, 'delete', path, `/api/recordings/${capture.id}`, { headers: viewer })).status,
    ).toBe(403);
    expect(
      (await call(server.url, 'delete', path, '/api/recordings/nope', { headers: operator })).status,
    ).toBe(400);
    expect(
      (await call(server.url, 'delete', path, `/api/recordings/${unknownId}`, { headers: operator })).status,
    ).toBe(404);
    expect(
      (await call(server.url, 'delete', path, `/api/recordings/${capture.id}`, { headers: operator })).status,
    ).toBe(204);
  });
});

describe('NDJSON ingest', () => {
  const path = '/api/ingest';
  const ndjson = (body: string, headers: Record<string, string> = ingestAuth): RequestInit => ({
    headers: { ...headers, 'content-type': 'application/x-ndjson' },
    body,
  });

  it('answers per line: live, late, duplicates and refused lines', async () => {
    const live = makeSample('texas', next * 1000);
    next++;
    const late = makeSample('texas', (s0 + 1) * 1000);
    const lines = [
      JSON.stringify(live),
      JSON.stringify(live),
      JSON.stringify(late),
      '{"site":',
      JSON.stringify({ ...live, gpuUtilPct: 140 }),
      '',
    ].join('\n');
    const res = await call(server.url, 'post', path, path, ndjson(lines));
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 3, live: 1, duplicates: 2, rejected: 2 });
  });

  it('refuses bodies that hold nothing it can take, and requests it cannot read', async () => {
    expect((await call(server.url, 'post', path, path, ndjson('\n\n'))).status).toBe(400);
    const allBad = await call(server.url, 'post', path, path, ndjson('nope\n{"site":"ohio"}'));
    expect(allBad.status).toBe(400);
    expect(allBad.json()).toMatchObject({ accepted: 0, rejected: 2 });
    expect((await call(server.url, 'post', path, path, ndjson('{}', {}))).status).toBe(401);
    expect((await call(server.url, 'post', path, path, ndjson('{}', bearer('wrong-token-3')))).status).toBe(
      403,
    );
    const charset = await call(server.url, 'post', path, path, {
      headers: { ...ingestAuth, 'content-type': 'application/x-ndjson; charset=klingon' },
      body: '{}',
    });
    expect(charset.status).toBe(415);
    // No body at all (no Content-Length, not chunked).
    const none = await raw(server.port, 'post', path, ingestAuth).response;
    expect(checkRaw('post', path, none).status).toBe(415);
    expect((await call(server.url, 'post', path, path, ndjson('x'.repeat(5 * MiB)))).status).toBe(413);
  });

  it('answers 503 with Retry-After while eight bodies are being read', async () => {
    const before = requestsStarted;
    const headers = { ...ingestAuth, 'content-type': 'application/x-ndjson', 'content-length': MiB };
    const held = Array.from({ length: 8 }, () => raw(server.port, 'post', path, headers, '{"si'));
    await waitFor(() => requestsStarted >= before + 8);
    await sleep(50);
    const ninth = await raw(server.port, 'post', path, headers, '{"si').response;
    for (const h of held) h.socket.destroy();
    expect(checkRaw('post', path, ninth).status).toBe(503);
    expect(Number(ninth.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('rate limiting of wrong tokens', () => {
  it('answers 429 with Retry-After once an address has guessed too often, on every gate', async () => {
    let limited: Answer | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await call(server.url, 'get', '/api/fleet', '/api/fleet', {
        headers: bearer(`guess-${i}-guess`),
      });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(403);
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    const guess = bearer('guess-again-guess');
    expect(
      (await call(server.url, 'post', '/api/ingest', '/api/ingest', { headers: guess, body: '{}' })).status,
    ).toBe(429);
    expect(
      (await call(server.url, 'get', '/api/recordings', '/api/recordings', { headers: guess })).status,
    ).toBe(429);
    const ack = await call(
      server.url,
      'post',
      '/api/alerts/{id}/ack',
      '/api/alerts/x/ack',
      jsonBody({ by: 'x' }, guess),
    );
    expect(ack.status).toBe(429);
    // The right token still passes.
    expect((await call(server.url, 'get', '/api/fleet', '/api/fleet', { headers: viewer })).status).toBe(200);
  });
});

describe('a server without recording, open to read, whose state store is down', () => {
  let other: GigawattServer;
  const storage: MemoryStateStorage & { check?: () => Promise<{ ok: boolean; detail: string }> } =
    new MemoryStateStorage();
  storage.check = async () => ({ ok: false, detail: 'database unreachable' });
  beforeAll(async () => {
    other = await createGigawattServer(testConfig(), { storage });
  });
  afterAll(async () => {
    await other.close();
  });

  it('/readyz answers 503 naming the part that is not ready', async () => {
    const res = await call(other.url, 'get', '/readyz', '/readyz');
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ ready: false, checks: { storage: { ok: false } } });
  });

  it('reading needs no token', async () => {
    expect((await call(other.url, 'get', '/api/fleet', '/api/fleet')).status).toBe(200);
    expect((await call(other.url, 'get', '/metrics', '/metrics')).status).toBe(200);
  });

  it('every recordings operation answers 503', async () => {
    const id = 'cap-20000101T000000Z-00000000';
    const calls: [HttpMethod, string, string, RequestInit?][] = [
      ['get', '/api/recordings', '/api/recordings'],
      ['post', '/api/recordings', '/api/recordings', jsonBody({ name: 'x', level: 'site' })],
      ['post', '/api/recordings/import', '/api/recordings/import', { headers: operator, body: 'x' }],
      ['post', '/api/recordings/{id}/stop', `/api/recordings/${id}/stop`, { headers: operator }],
      ['delete', '/api/recordings/{id}', `/api/recordings/${id}`, { headers: operator }],
      ['get', '/api/recordings/{id}/annotations', `/api/recordings/${id}/annotations`],
      [
        'post',
        '/api/recordings/{id}/annotations',
        `/api/recordings/${id}/annotations`,
        jsonBody({ t: 0, text: 'x', author: 'y' }),
      ],
      ['get', '/api/recordings/{id}/file', `/api/recordings/${id}/file`],
      ['get', '/api/recordings/{id}/export.csv', `/api/recordings/${id}/export.csv`],
    ];
    for (const [method, path, url, init] of calls) {
      expect((await call(other.url, method, path, url, init)).status, `${method} ${path}`).toBe(503);
    }
  });
});

describe('coverage', () => {
  it('called every documented operation', () => {
    const documented = Object.entries(checker.doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.filter((op) => !seen.has(op))).toEqual([]);
  });
});
