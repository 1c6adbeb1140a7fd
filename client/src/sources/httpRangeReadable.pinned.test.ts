import { describe, expect, it } from 'vitest';
import { httpRangeReadable, pinnedUrl } from './httpRangeReadable.ts';

/** A server whose file grows between requests unless a request names the snapshot it wants. */
function growingServer() {
  const asked: string[] = [];
  const snapshots = new Map([
    ['100', Uint8Array.from({ length: 100 }, (_, i) => i)],
    ['200', Uint8Array.from({ length: 200 }, (_, i) => 255 - (i % 200))],
  ]);
  let latest = '100';
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    asked.push(url);
    const upTo = /upTo=(\d+)/.exec(url)?.[1] ?? latest;
    const bytes = snapshots.get(upTo)!;
    const [, a, b] = /bytes=(\d+)-(\d+)/.exec(new Headers(init?.headers).get('range') ?? '')!;
    const start = Number(a);
    const end = Math.min(Number(b), bytes.length - 1);
    return new Response(bytes.slice(start, end + 1), {
      status: 206,
      headers: {
        'content-range': `bytes ${start}-${end}/${bytes.length}`,
        'content-location': `/api/recordings/x/file?upTo=${upTo}`,
      },
    });
  };
  return { fetch, asked, grow: () => (latest = '200') };
}

describe('httpRangeReadable on a recording still being written', () => {
  it('keeps reading the snapshot the first response named, while the file grows', async () => {
    const server = growingServer();
    const r = httpRangeReadable('/api/recordings/x/file', {
      fetch: server.fetch,
      blockSize: 16,
      maxBlocks: 2,
    });
    expect(await r.size()).toBe(100n);
    server.grow();
    expect(Array.from(await r.read(90n, 10n))).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(server.asked).toEqual(['/api/recordings/x/file', '/api/recordings/x/file?upTo=100']);
    // Opening again (a new reader) gets the grown file.
    expect(await httpRangeReadable('/api/recordings/x/file', { fetch: server.fetch }).size()).toBe(200n);
  });

  it('follows Content-Location only to the same file on the same server', () => {
    expect(pinnedUrl('/a/file', '/a/file?upTo=5')).toBe('/a/file?upTo=5');
    expect(pinnedUrl('http://h:1/a/file', '?upTo=5')).toBe('http://h:1/a/file?upTo=5');
    expect(pinnedUrl('/a/file', 'http://elsewhere/a/file?upTo=5')).toBeUndefined();
    expect(pinnedUrl('/a/file', '/b/file?upTo=5')).toBeUndefined();
    expect(pinnedUrl('/a/file', null)).toBeUndefined();
  });
});
