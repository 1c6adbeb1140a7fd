import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { defaultFleet, PROTOCOL_VERSION } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { MemoryStateStorage } from '../state/memoryStateStorage.ts';
import { makeSample, testConfig } from '../testing/fixtures.ts';

/** Raw HTTP/1.1 (fetch would decode the body and hide Content-Encoding from us). */
async function get(url: string, headers: Record<string, string> = {}) {
  const { request } = await import('node:http');
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('operations endpoints', () => {
  let server: GigawattServer;
  let clientDir: string;
  // A memory store whose readiness the test decides.
  const storage: MemoryStateStorage & { check?: () => Promise<{ ok: boolean; detail: string }> } =
    new MemoryStateStorage();
  let storageOk = true;
  const js = `console.log(${JSON.stringify('x'.repeat(5000))});\n`;

  beforeAll(async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'gw-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Gigawatt</title>');
    writeFileSync(join(clientDir, 'assets', 'main-abc123.js'), js);
    writeFileSync(join(clientDir, 'assets', 'main-abc123.js.br'), brotliCompressSync(js));
    writeFileSync(join(clientDir, 'assets', 'main-abc123.js.gz'), gzipSync(js));
    storage.check = async () =>
      storageOk
        ? { ok: true, detail: 'memory' }
        : { ok: false, detail: 'database 10.0.0.5:5432 unreachable' };
    server = await createGigawattServer(testConfig({ GIGAWATT_CLIENT_DIR: clientDir }), { storage });
    const base = Math.floor(Date.now() / 1000) - 120;
    for (let s = 0; s < 60; s++)
      for (const site of defaultFleet.sites) server.ingest.sample(makeSample(site.id, (base + s) * 1000));
  });
  afterAll(async () => {
    await server.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('/healthz says alive, /readyz says which part is not ready (JSON, never the page)', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-type')).toMatch(/json/);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { history: { ok: true }, bus: { ok: true, detail: 'in-process' }, storage: { ok: true } },
    });
    storageOk = false;
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'not ready',
      ready: false,
      checks: { storage: { ok: false, detail: expect.stringMatching(/unreachable/) } },
    });
    storageOk = true;
  });

  it('/api/version names the version, protocol and runtime', async () => {
    const v = (await (await fetch(`${server.url}/api/version`)).json()) as Record<string, unknown>;
    expect(v).toMatchObject({ protocol: PROTOCOL_VERSION, node: process.version });
    expect(v.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('compresses JSON answers when asked (brotli or gzip), and not when not asked', async () => {
    const series = defaultFleet.sites.map((s) => `site:${s.id}:itPowerMw`).join(',');
    const url = `${server.url}/api/history?series=${series}&from=${Date.now() - 600_000}&to=${Date.now()}&maxPoints=1000`;
    const br = await get(url, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
  });

  it('serves hashed assets precompressed and immutable, and index.html uncached', async () => {
    const asset = `${server.url}/assets/main-abc123.js`;
    const br = await get(asset, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(js.length / 10);
    const gz = await get(asset, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const headers of [{ 'accept-encoding': 'identity' }, {}] as Record<string, string>[]) {
      const plain = await get(asset, headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(js);
    }
    const page = await get(`${server.url}/wall`);
    expect(page.headers['cache-control']).toBe('no-cache');
    const outside = await get(`${server.url}/assets/..%2findex.html`, { 'accept-encoding': 'br' });
    expect(outside.headers['content-encoding']).toBeUndefined();
  });
});
