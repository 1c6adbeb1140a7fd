import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';

export interface SnapshotBody {
  /** File whose first `dataLength` bytes come first. */
  path: string;
  dataLength: number;
  /** Bytes that follow them (not on disk). */
  tail: Uint8Array;
}

/** One satisfiable range [start, end] (inclusive), 'unsatisfiable', or undefined for the whole body. */
export function parseRange(
  header: string | undefined,
  total: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  // Anything but one well-formed byte range is ignored (RFC 9110 allows answering 200 with everything).
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, total - suffix), end: total - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  if (start >= total || end < start) return 'unsatisfiable';
  return { start, end };
}

async function* bytesOf(body: SnapshotBody, start: number, end: number): AsyncGenerator<Uint8Array> {
  if (start < body.dataLength) {
    // The file keeps growing past dataLength: read exactly up to it, never what is being written now.
    yield* createReadStream(body.path, { start, end: Math.min(end, body.dataLength - 1) });
  }
  const from = Math.max(start, body.dataLength) - body.dataLength;
  const to = end + 1 - body.dataLength;
  if (to > from) yield body.tail.subarray(from, to);
}

/**
 * Serves a body made of a file's prefix and bytes in memory (a recording still being written, see
 * Recorder.snapshot) with single-range support, as express's sendFile serves a whole file.
 */
export async function sendSnapshot(
  req: Request,
  res: Response,
  body: SnapshotBody,
  headers: Record<string, string>,
): Promise<void> {
  const total = body.dataLength + body.tail.byteLength;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Accept-Ranges', 'bytes');
  const range = parseRange(req.headers.range, total);
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${total}`);
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: total - 1 };
  if (range) res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${total}`);
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD' || total === 0) {
    res.end();
    return;
  }
  await pipeline(Readable.from(bytesOf(body, start, end)), res);
}
