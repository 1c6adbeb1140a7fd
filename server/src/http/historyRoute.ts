import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  type HistoryQuery,
  type HistoryWindow,
  historyTail,
  type TelemetryStore,
} from '../store/telemetryStore.ts';
import { brotliTail, gzipTail, type OpenBody, openBrotli, openGzip } from './historyCompression.ts';
import { parseHistoryQuery } from './historyQuery.ts';

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * One window's answer without its tail (TelemetryStore.historyHead), its compressed forms made when first
 * asked for (shared by requests that wait for them) and left open, so each request appends its own tail.
 */
export interface HistoryCacheEntry {
  version: number;
  head: Buffer;
  br?: Promise<OpenBody>;
  gzip?: Promise<OpenBody>;
}

/**
 * Heads of GET /api/history answers by window (TelemetryStore.historyWindow), valid while the store's
 * history version has not moved (history changes about once a second, when the fleet's samples arrive):
 * every query of the same window within that second gets the same head, already compressed, whatever
 * its exact `from` and `to`. Bounded by count and by the bytes of the plain heads (their compressed forms
 * add about a third); a look-up at a newer version drops every older entry.
 */
export class HistoryCache {
  readonly #entries = new Map<string, HistoryCacheEntry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(opts: { maxEntries?: number; maxBytes?: number } = {}) {
    this.#maxEntries = opts.maxEntries ?? 16;
    this.#maxBytes = opts.maxBytes ?? 48 * 1024 * 1024;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, version: number): HistoryCacheEntry | undefined {
    this.#forgetOlderThan(version);
    return this.#entries.get(key);
  }

  set(key: string, entry: HistoryCacheEntry): void {
    this.#forgetOlderThan(entry.version);
    const old = this.#entries.get(key);
    if (old) this.#delete(key, old);
    if (entry.head.length > this.#maxBytes) return;
    while (this.#entries.size >= this.#maxEntries || this.#bytes + entry.head.length > this.#maxBytes) {
      const [k, e] = this.#entries.entries().next().value as [string, HistoryCacheEntry];
      this.#delete(k, e);
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.head.length;
  }

  /** Whatever another version answered can never be served again: let it go at once, all of it. */
  #forgetOlderThan(version: number): void {
    for (const [k, e] of this.#entries) if (e.version !== version) this.#delete(k, e);
  }

  #delete(key: string, e: HistoryCacheEntry): void {
    this.#entries.delete(key);
    this.#bytes -= e.head.length;
  }
}

/** Brotli where the client takes it (smaller and faster to make than gzip), else gzip, else none. */
function encodingFor(req: Request): Encoding {
  if (!req.headers['accept-encoding']) return 'identity';
  if (req.acceptsEncodings('br')) return 'br';
  if (req.acceptsEncodings('gzip')) return 'gzip';
  return 'identity';
}

/**
 * The head in one encoding, made once per entry off the main thread (zlib's pool); a failure is not
 * kept, so the next request tries again.
 */
function compressed(entry: HistoryCacheEntry, encoding: 'br' | 'gzip'): Promise<OpenBody> {
  const made = entry[encoding];
  if (made) return made;
  const p = encoding === 'br' ? openBrotli(entry.head) : openGzip(entry.head);
  entry[encoding] = p;
  p.catch(() => {
    if (entry[encoding] === p) delete entry[encoding];
  });
  return p;
}

/** The exact query: the answer depends on nothing else but the history version. */
const queryKey = (q: HistoryQuery) => `${q.from}|${q.to}|${q.maxPoints}|${q.series.join(',')}`;

/**
 * GET /api/history: validates the query, answers from the per-version cache or prints the answer from
 * the store (format 2, historyWireSchema), compresses it itself (the /api compression middleware leaves
 * an encoded body alone), and answers 304 to a client holding the current ETag. The ETag is made from
 * this process, the history version and the query, not hashed over megabytes of body: equal ETags mean
 * equal bodies, and a restart or another node never matches.
 */
export function historyRoute(store: TelemetryStore, now: () => number, cache = new HistoryCache()) {
  const processId = randomBytes(6).toString('base64url');
  return async (req: Request, res: Response): Promise<void> => {
    const q = parseHistoryQuery(req.query as Record<string, unknown>, store.idx, now());
    if ('error' in q) {
      res.status(400).json({ error: q.error });
      return;
    }
    if (q.layout === 1) {
      // The older layout, for whoever still reads it: not cached (rare), compressed by the /api middleware.
      res.setHeader('Cache-Control', 'no-cache');
      res.json(store.history(q));
      return;
    }
    const version = store.historyVersion;
    // The ETag names the exact query (the body echoes its from and to), the cache entry its window.
    const etag = `W/"${processId}-${version.toString(36)}-${createHash('sha1').update(queryKey(q)).digest('base64url').slice(0, 16)}"`;
    res.setHeader('ETag', etag);
    // Revalidate every time: history moves each second.
    res.setHeader('Cache-Control', 'no-cache');
    res.vary('Accept-Encoding');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const window: HistoryWindow = store.historyWindow(q);
    let entry = cache.get(window.key, version);
    if (!entry) {
      entry = { version, head: store.historyHead(window) };
      cache.set(window.key, entry);
    }
    const tail = historyTail(q);
    const encoding = encodingFor(req);
    let parts: readonly Buffer[];
    if (encoding === 'identity') parts = [entry.head, tail];
    else {
      const open = await compressed(entry, encoding);
      parts = [...open.head, encoding === 'br' ? brotliTail(tail) : gzipTail(open, tail)];
      res.setHeader('Content-Encoding', encoding);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader(
      'Content-Length',
      parts.reduce((n, p) => n + p.length, 0),
    );
    // Corked: the parts leave in one write, as one body would (end uncorks).
    res.cork();
    for (let i = 0; i < parts.length - 1; i++) res.write(parts[i]);
    res.end(parts[parts.length - 1]);
  };
}
