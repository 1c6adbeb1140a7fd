import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

export type UploadResult =
  | { ok: true; bytes: number }
  | { ok: false; reason: 'too-large'; bytes: number }
  | { ok: false; reason: 'aborted'; bytes: number }
  | { ok: false; reason: 'write-failed'; bytes: number; error: NodeJS.ErrnoException };

/**
 * Streams a request body into a new file (never held in memory), stopping as soon as it passes
 * `maxBytes`. Whatever goes wrong, no partial file is left. On 'too-large' the rest of the body is left
 * unread (paused): the caller answers 413 and closes the connection rather than read gigabytes it will
 * refuse.
 */
export function receiveUpload(req: IncomingMessage, path: string, maxBytes: number): Promise<UploadResult> {
  return new Promise((resolve) => {
    // 'wx': never replace an existing file, whatever the path.
    const out = createWriteStream(path, { flags: 'wx' });
    let bytes = 0;
    let settled = false;
    const finish = (result: UploadResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.pause();
      if (result.ok) return resolve(result);
      out.destroy();
      // Removed once the stream has let go of the file (its open may still be under way).
      out.once('close', () => void rm(path, { force: true }).finally(() => resolve(result)));
      if (out.closed) void rm(path, { force: true }).finally(() => resolve(result));
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) return finish({ ok: false, reason: 'too-large', bytes });
      // Backpressure: a fast client never fills memory faster than the disk takes it.
      if (!out.write(chunk)) req.pause();
    };
    out.on('drain', () => {
      if (!settled) req.resume();
    });
    out.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: 'write-failed', bytes, error }),
    );
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      out.end(() => {
        if (settled) return;
        settled = true;
        resolve({ ok: true, bytes });
      });
    });
    // The client went away mid-body.
    req.on('close', () => {
      if (!req.complete) finish({ ok: false, reason: 'aborted', bytes });
    });
    req.on('error', () => finish({ ok: false, reason: 'aborted', bytes }));
  });
}
