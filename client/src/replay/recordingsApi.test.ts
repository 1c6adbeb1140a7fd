import { describe, expect, it } from 'vitest';
import { parseRecordingList, postAnnotation } from './recordingsApi.ts';

describe('parseRecordingList', () => {
  it('reads what it knows, drops broken rows, sorts newest first', () => {
    const list = parseRecordingList({
      recordings: [
        {
          id: 'seg-a',
          kind: 'segment',
          name: 'Old',
          start: 1000,
          end: 2000,
          size: 10,
          level: 'hall',
          scope: {},
          state: 'complete',
        },
        {
          id: 'demo-b',
          kind: 'demo',
          name: 'Demo',
          start: 5000,
          end: 9000,
          sizeBytes: 20,
          level: 'rack',
          sites: ['ohio'],
          state: 'complete',
        },
        { id: 'x', name: 'no start' },
        null,
        {
          id: 'cap-c',
          kind: 'capture',
          name: 'Now',
          start: 8000,
          scope: { sites: ['texas'] },
          state: 'recording',
        },
      ],
    });
    expect(list.map((r) => r.id)).toEqual(['demo-b', 'cap-c', 'seg-a']);
    expect(list[0]).toMatchObject({ kind: 'demo', sizeBytes: 20, sites: ['ohio'] });
    expect(list[1]).toMatchObject({ end: undefined, sites: ['texas'], state: 'recording' });
    expect(list[2]).toMatchObject({ sizeBytes: 10, sites: [] });
    expect(() => parseRecordingList({})).toThrow(/no recordings list/);
  });
});

describe('postAnnotation', () => {
  it('posts the note with the operator token and words every refusal', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const reply = (status: number, body: unknown) =>
      (async (url: string | URL | Request, init?: RequestInit) => {
        seen.push({ url: String(url), init });
        return new Response(JSON.stringify(body), { status });
      }) as typeof fetch;
    const req = { recordingId: 'cap-1', t: 5000, end: 9000, text: 'x', author: 'Dana', operatorToken: 'op' };
    expect(await postAnnotation(req, { fetch: reply(201, {}) })).toEqual({ ok: true });
    expect(seen[0]?.url).toBe('/api/recordings/cap-1/annotations');
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({
      t: 5000,
      end: 9000,
      text: 'x',
      author: 'Dana',
    });
    expect(new Headers(seen[0]?.init?.headers).get('authorization')).toBe('Bearer op');
    expect(await postAnnotation(req, { fetch: reply(403, { error: 'no' }) })).toMatchObject({
      ok: false,
      kind: 'token',
    });
    expect(await postAnnotation(req, { fetch: reply(400, { error: 'end must not be before t' }) })).toEqual({
      ok: false,
      kind: 'invalid',
      message: 'end must not be before t',
    });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await postAnnotation(req, { fetch: down })).toMatchObject({ ok: false, kind: 'network' });
  });
});
