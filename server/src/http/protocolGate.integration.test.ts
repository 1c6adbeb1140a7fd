import { API_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { testConfig } from '../testing/fixtures.ts';
import { connectError, connected, connectLive } from '../testing/socketHelpers.ts';

describe('two-sided protocol version check (server side)', () => {
  let server: GigawattServer;
  const other = String(PROTOCOL_VERSION + 1);

  beforeAll(async () => {
    server = await createGigawattServer(testConfig());
  });
  afterAll(async () => {
    await server.close();
  });

  it('names its version on every API answer and serves a page of the same version', async () => {
    const res = await fetch(`${server.url}${API_PATHS.fleet}`, {
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
  });

  it('serves a caller that names no version (curl, producers, an older page)', async () => {
    expect((await fetch(`${server.url}${API_PATHS.fleet}`)).status).toBe(200);
  });

  it('refuses a page of another version with a sentence that says to reload', async () => {
    for (const v of [other, '0', 'banana']) {
      const res = await fetch(`${server.url}${API_PATHS.alerts}`, { headers: { [PROTOCOL_HEADER]: v } });
      expect(res.status, v).toBe(400);
      expect(res.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/the server was upgraded.*reload the page/);
    }
  });

  it('still answers /api/version to a page of another version', async () => {
    const res = await fetch(`${server.url}${API_PATHS.version}`, { headers: { [PROTOCOL_HEADER]: other } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { protocol: number }).protocol).toBe(PROTOCOL_VERSION);
  });

  it('refuses a /live handshake of another version, and accepts its own', async () => {
    const wrong = connectLive(server.url, { protocol: PROTOCOL_VERSION + 1 });
    const err = await connectError(wrong);
    wrong.close();
    expect(err.message).toMatch(/the server was upgraded.*reload the page/);

    const right = connectLive(server.url, { protocol: PROTOCOL_VERSION });
    await connected(right);
    right.close();
  });
});
