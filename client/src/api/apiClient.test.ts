import { defaultFleet, fleetConfigSchema, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, apiFetch, fetchJson } from './apiClient.ts';

type Call = { url: string; init: RequestInit | undefined };

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
  }) as typeof fetch;
  return { f, calls };
}

const caught = async (p: Promise<unknown>): Promise<ApiError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
};

describe('apiFetch', () => {
  it('sends the base URL, the token, the protocol version and a JSON body', async () => {
    const { f, calls } = fakeFetch(200, {});
    await apiFetch('/api/x', {
      fetch: f,
      baseUrl: 'http://gw',
      token: 'tok',
      method: 'POST',
      json: { a: 1 },
    });
    const h = new Headers(calls[0]?.init?.headers);
    expect(calls[0]?.url).toBe('http://gw/api/x');
    expect(h.get('authorization')).toBe('Bearer tok');
    expect(h.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
    expect(h.get('content-type')).toBe('application/json');
    expect(calls[0]?.init?.body).toBe('{"a":1}');
  });

  it('sends no authorization without a token', async () => {
    const { f, calls } = fakeFetch(200, {});
    await apiFetch('/api/x', { fetch: f });
    expect(new Headers(calls[0]?.init?.headers).has('authorization')).toBe(false);
  });

  it('says to reload when the server speaks another protocol version, whatever the status', async () => {
    for (const status of [200, 400]) {
      const { f } = fakeFetch(status, {}, { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION + 1) });
      const e = await caught(apiFetch('/api/x', { fetch: f }));
      expect(e.kind).toBe('protocol');
      expect(e.message).toMatch(/^The server was upgraded.*reload the page\.$/);
    }
  });

  it('accepts a server of the same version, or one that does not say (an older one)', async () => {
    expect((await apiFetch('/api/x', { fetch: fakeFetch(200, {}, { [PROTOCOL_HEADER]: '1' }).f })).ok).toBe(
      PROTOCOL_VERSION === 1,
    );
    expect((await apiFetch('/api/x', { fetch: fakeFetch(200, {}).f })).ok).toBe(true);
  });

  it('turns a network failure into a sentence and leaves an abort alone', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const e = await caught(apiFetch('/api/x', { fetch: down }));
    expect(e).toMatchObject({
      kind: 'network',
      status: 0,
      message: 'Could not reach the server (fetch failed).',
    });
    const aborted = (async () => {
      throw new DOMException('aborted', 'AbortError');
    }) as typeof fetch;
    await expect(apiFetch('/api/x', { fetch: aborted })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('fetchJson', () => {
  it('validates the body with the shared schema', async () => {
    const fleet = await fetchJson('/api/fleet', fleetConfigSchema, 'fleet request', {
      fetch: fakeFetch(200, defaultFleet).f,
    });
    expect(fleet.sites.length).toBe(defaultFleet.sites.length);
  });

  it('says what failed: status and the server sentence, a malformed or non-JSON body', async () => {
    const schema = z.object({ n: z.number() });
    const e1 = await caught(
      fetchJson('/api/x', schema, 'x request', { fetch: fakeFetch(503, { error: 'warming up' }).f }),
    );
    expect(e1).toMatchObject({ kind: 'http', status: 503, serverMessage: 'warming up' });
    expect(e1.message).toBe('x request failed (503): warming up');
    const e2 = await caught(
      fetchJson('/api/x', schema, 'x request', { fetch: fakeFetch(200, { n: 'one' }).f }),
    );
    expect(e2.kind).toBe('malformed');
    expect(e2.message).toMatch(/^x request response is malformed: n:/);
    const e3 = await caught(fetchJson('/api/x', schema, 'x request', { fetch: fakeFetch(200, '<html>').f }));
    expect(e3.message).toBe('x request response is malformed: not JSON');
  });

  it('takes a parser of its own', async () => {
    const v = await fetchJson('/api/x', (b) => ({ ok: true, value: String(b) }), 'x', {
      fetch: fakeFetch(200, 7).f,
    });
    expect(v).toBe('7');
  });
});
