import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import type { Request, Response } from 'express';
import type { HistoryQuery, TelemetryStore } from '../store/telemetryStore.ts';
import { parseHistoryQuery } from './historyQuery.ts';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

type Encoding = 'br' | 'gzip' | 'identity';

/** One answer, its compressed forms made when first asked for (shared by requests that wait for them). */
export interface HistoryCacheEntry {
  version: number;
  etag: string;
  body: Buffer;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

/**
 * Answers of GET /api/history by query, valid while the store's history version has not moved (history
 * changes about once a second, when the fleet's samples arrive): the same query within that second gets
 * the same bytes, already compressed. Bounded by count and by the bytes of the plain bodies (their
 * compressed forms add about a third); a look-up at a newer version drops every older entry.
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
    if (entry.body.length > this.#maxBytes) return;
    while (this.#entries.size >= this.#maxEntries || this.#bytes + entry.body.length > this.#maxBytes) {
      const [k, e] = this.#entries.entries().next().value as [string, HistoryCacheEntry];
      this.#delete(k, e);
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.body.length;
  }

  /** Whatever another version answered can never be served again: let it go at once, all of it. */
  #forgetOlderThan(version: number): void {
    for (const [k, e] of this.#entries) if (e.version !== version) this.#delete(k, e);
  }

  #delete(key: string, e: HistoryCacheEntry): void {
    this.#entries.delete(key);
    this.#bytes -= e.body.length;
  }
}

/** Brotli where the client takes it (smaller and, at quality 1, faster than gzip), else gzip, else none. */
function encodingFor(req: Request): Encoding {
  if (!req.headers['accept-encoding']) return 'identity';
  if (req.acceptsEncodings('br')) return 'br';
  if (req.acceptsEncodings('gzip')) return 'gzip';
  return 'identity';
}

/**
 * The body in one encoding, made once per entry off the main thread (zlib's pool); a failure is not kept,
 * so the next request tries again.
 */
function compressed(entry: HistoryCacheEntry, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const made = entry[encoding];
  if (made) return made;
  const p =
    encoding === 'br'
      ? brotli(entry.body, {
          params: {
            // Quality 1: a week of 48 series (1 MB) in about 5 ms to 300 KB; quality 4 took 3× as long.
            [zlibConstants.BROTLI_PARAM_QUALITY]: 1,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
          },
        })
      : gzipped(entry.body, { level: 1 });
  entry[encoding] = p;
  p.catch(() => {
    if (entry[encoding] === p) delete entry[encoding];
  });
  return p;
}

/** The answer depends on nothing but the resolved query and the history version. */
const keyOf = (q: HistoryQuery) => `${q.from}|${q.to}|${q.maxPoints}|${q.series.join(',')}`;

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
    const key = keyOf(q);
    const version = store.historyVersion;
    let entry = cache.get(key, version);
    const etag =
      entry?.etag ??
      `W/"${processId}-${version.toString(36)}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`;
    res.setHeader('ETag', etag);
    // Revalidate every time: history moves each second.
    res.setHeader('Cache-Control', 'no-cache');
    res.vary('Accept-Encoding');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (!entry) {
      entry = { version, etag, body: store.historyJson(q) };
      cache.set(key, entry);
    }
    const encoding = encodingFor(req);
    const body = encoding === 'identity' ? entry.body : await compressed(entry, encoding);
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  };
}
