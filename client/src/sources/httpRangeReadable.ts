import type { openRecording } from '@gigawatt/shared/recording';
import { ApiError, apiFetch } from '../api/apiClient.ts';

/** The random-access shape MCAP readers take (@mcap/core's IReadable), named without importing @mcap/core. */
export type RecordingReadable = Exclude<Parameters<typeof openRecording>[0], Uint8Array>;

export interface HttpRangeReadable extends RecordingReadable {
  /** Body bytes received so far (tests and the bench check that opening and seeking stay small). */
  readonly bytesFetched: number;
  /** HTTP requests made so far. */
  readonly requests: number;
  /** Bytes held in the block cache now (bounded by blockSize × maxBlocks). */
  readonly cachedBytes: number;
  /** Aborts every request in flight; later reads fail. */
  abort(): void;
  /** Whether abort() was called (a read failing then is the reader closing, not the server). */
  readonly aborted: boolean;
}

export interface HttpRangeReadableOptions {
  /** Viewer token, sent as `Authorization: Bearer`. */
  token?: string;
  fetch?: typeof fetch;
  /** Reads are rounded out to whole blocks, so the many small reads of an MCAP reader share requests. */
  blockSize?: number;
  /** Blocks kept (least recently used first out); bounds memory however long playback runs. */
  maxBlocks?: number;
}

/** Why a range read failed; `status` is the HTTP status (0 when no response came). */
export class HttpRangeError extends Error {
  readonly status: number;

  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpRangeError';
    this.status = status;
  }
}

/** 64 KiB: a chunk's message index plus the start of the next chunk usually share one block. */
export const DEFAULT_BLOCK_SIZE = 64 * 1024;
/** 16 MiB of blocks at the default size. */
export const DEFAULT_MAX_BLOCKS = 256;

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;
const UNSATISFIED_RANGE = /^bytes \*\/(\d+)$/;

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string')
      return body.error;
  } catch {
    // not JSON: use the text itself
  }
  return text.slice(0, 200) || res.statusText;
}

/**
 * The URL a response's Content-Location names, when it is on the same server and path as the request
 * (only the query may differ: a snapshot of the same file); undefined otherwise.
 */
export function pinnedUrl(url: string, location: string | null): string | undefined {
  if (!location) return undefined;
  const base = globalThis.location?.href ?? 'http://localhost/';
  try {
    const from = new URL(url, base);
    const to = new URL(location, from);
    if (to.origin !== from.origin || to.pathname !== from.pathname) return undefined;
    // Kept relative when the request was: the same fetch resolves it the same way.
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? to.href : `${to.pathname}${to.search}`;
  } catch {
    return undefined;
  }
}

/**
 * An MCAP file on an HTTP server, read with `Range` requests: opening a day-long recording fetches its
 * header, footer and index, a seek fetches the chunks around the playhead, and nothing else. Reads are
 * rounded to blocks kept in a bounded LRU cache; reads of adjacent missing blocks share one request, and
 * concurrent reads of one block share its request.
 */
export function httpRangeReadable(url: string, options: HttpRangeReadableOptions = {}): HttpRangeReadable {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const maxBlocks = Math.max(2, options.maxBlocks ?? DEFAULT_MAX_BLOCKS);
  const controller = new AbortController();
  // Map order is recency order: a hit is deleted and re-inserted, the first key is the eviction victim.
  const blocks = new Map<number, Uint8Array>();
  const pending = new Map<number, Promise<void>>();
  let bytesFetched = 0;
  let requests = 0;
  let cachedBytes = 0;
  let size: Promise<number> | undefined;
  // A recording still being written answers with a Content-Location naming the one snapshot it served
  // (DESIGN: open up to the last flushed second); every later read asks for that same snapshot.
  let target = url;

  /** One GET of bytes [start, end] (inclusive); returns the body and the file size from Content-Range. */
  async function fetchRange(start: number, end: number): Promise<{ body: Uint8Array; total: number }> {
    requests++;
    let res: Response;
    try {
      res = await apiFetch(target, {
        ...(options.fetch ? { fetch: options.fetch } : {}),
        token: options.token,
        headers: { range: `bytes=${start}-${end}` },
        signal: controller.signal,
      });
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'protocol')
        throw new HttpRangeError(error.status, error.message, { cause: error });
      const cause = error instanceof ApiError ? error.cause : error;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new HttpRangeError(0, `cannot fetch the recording (${why})`, { cause });
    }
    if (res.status === 416) {
      // The only range a server cannot satisfy from the first block on is one of an empty file.
      const m = UNSATISFIED_RANGE.exec(res.headers.get('content-range') ?? '');
      await res.body?.cancel();
      if (m && start === 0) return { body: new Uint8Array(0), total: Number(m[1]) };
      throw new HttpRangeError(416, `the server refused bytes ${start}-${end} of the recording (416)`);
    }
    if (res.status === 200) {
      // Reading on would download the whole file, which is exactly what range reading is for avoiding.
      await res.body?.cancel();
      throw new HttpRangeError(
        200,
        'the server does not support HTTP range requests (it answered 200 with the whole file); cannot stream this recording',
      );
    }
    if (res.status !== 206) {
      const why = await errorText(res);
      const what =
        res.status === 404
          ? 'recording not found'
          : res.status === 401 || res.status === 403
            ? 'not allowed to read the recording'
            : 'cannot fetch the recording';
      throw new HttpRangeError(res.status, `${what} (${res.status}): ${why}`);
    }
    const m = CONTENT_RANGE.exec(res.headers.get('content-range') ?? '');
    if (!m || m[3] === '*') {
      await res.body?.cancel();
      throw new HttpRangeError(206, 'the server sent a partial response without a usable Content-Range');
    }
    const total = Number(m[3]);
    const wantEnd = Math.min(end, total - 1);
    if (Number(m[1]) !== start || Number(m[2]) !== wantEnd) {
      await res.body?.cancel();
      throw new HttpRangeError(
        206,
        `the server sent bytes ${m[1]}-${m[2]} for a request of ${start}-${wantEnd} (did the file change?)`,
      );
    }
    if (target === url) target = pinnedUrl(url, res.headers.get('content-location')) ?? url;
    const body = new Uint8Array(await res.arrayBuffer());
    bytesFetched += body.byteLength;
    if (body.byteLength !== wantEnd - start + 1) {
      throw new HttpRangeError(206, `short response: ${body.byteLength} of ${wantEnd - start + 1} bytes`);
    }
    return { body, total };
  }

  function forget(index: number): void {
    const old = blocks.get(index);
    if (!old) return;
    cachedBytes -= old.byteLength;
    blocks.delete(index);
  }

  function remember(index: number, bytes: Uint8Array): void {
    forget(index);
    blocks.set(index, bytes);
    cachedBytes += bytes.byteLength;
    while (blocks.size > maxBlocks) {
      const oldest = blocks.keys().next().value;
      if (oldest === undefined) break;
      forget(oldest);
    }
  }

  /** Fetches blocks [first, last] in one request and caches them. */
  async function fetchBlocks(first: number, last: number, total: number): Promise<void> {
    const start = first * blockSize;
    const end = Math.min(total, (last + 1) * blockSize) - 1;
    const { body } = await fetchRange(start, end);
    for (let b = first; b <= last; b++) {
      const from = (b - first) * blockSize;
      remember(b, body.slice(from, Math.min(body.byteLength, from + blockSize)));
    }
  }

  function fileSize(): Promise<number> {
    // The first block is read by every MCAP reader (magic and header), so asking for it answers the
    // size too, in one request.
    size ??= fetchRange(0, blockSize - 1).then(
      ({ body, total }) => {
        if (body.byteLength > 0) remember(0, body);
        return total;
      },
      (error: unknown) => {
        size = undefined; // a network hiccup at open must not poison every later attempt
        throw error;
      },
    );
    return size;
  }

  async function read(offset: number, length: number): Promise<Uint8Array> {
    const total = await fileSize();
    if (offset < 0 || length < 0 || offset + length > total) {
      throw new HttpRangeError(
        416,
        `read of ${length} bytes at ${offset} is outside the file (${total} bytes)`,
      );
    }
    if (length === 0) return new Uint8Array(0);
    // A read larger than half the cache would only push everything else out: fetch it as it is.
    if (length > (maxBlocks * blockSize) / 2) return (await fetchRange(offset, offset + length - 1)).body;
    const first = Math.floor(offset / blockSize);
    const last = Math.floor((offset + length - 1) / blockSize);
    const waits: Promise<void>[] = [];
    let runStart = -1;
    const flushRun = (end: number) => {
      if (runStart < 0) return;
      const p = fetchBlocks(runStart, end, total);
      for (let b = runStart; b <= end; b++) pending.set(b, p);
      const started = runStart;
      waits.push(
        p.finally(() => {
          for (let b = started; b <= end; b++) if (pending.get(b) === p) pending.delete(b);
        }),
      );
      runStart = -1;
    };
    for (let b = first; b <= last; b++) {
      const inFlight = pending.get(b);
      if (blocks.has(b) || inFlight) {
        flushRun(b - 1);
        if (inFlight) waits.push(inFlight);
      } else if (runStart < 0) runStart = b;
    }
    flushRun(last);
    await Promise.all(waits);
    const out = new Uint8Array(length);
    for (let b = first; b <= last; b++) {
      let block = blocks.get(b);
      if (!block) {
        // Evicted between its fetch and this copy (a read wider than the cache): fetch it again.
        await fetchBlocks(b, b, total);
        block = blocks.get(b);
        if (!block) throw new HttpRangeError(0, `block ${b} of the recording could not be kept`);
      }
      remember(b, block);
      const blockStart = b * blockSize;
      const from = Math.max(offset, blockStart);
      const to = Math.min(offset + length, blockStart + block.byteLength);
      out.set(block.subarray(from - blockStart, to - blockStart), from - offset);
    }
    return out;
  }

  return {
    size: async () => BigInt(await fileSize()),
    read: (offset, length) => read(Number(offset), Number(length)),
    get bytesFetched() {
      return bytesFetched;
    },
    get requests() {
      return requests;
    },
    get cachedBytes() {
      return cachedBytes;
    },
    abort: () => controller.abort(),
    get aborted() {
      return controller.signal.aborted;
    },
  };
}
