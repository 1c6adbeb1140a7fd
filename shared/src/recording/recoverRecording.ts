import type { IReadable } from '@mcap/core';
import type { ByteSink } from './mcapChunkedWriter.ts';
import { type RewriteOptions, type RewriteResult, rewriteRecording } from './rewriteRecording.ts';

export type RecoveryResult = RewriteResult;

const recoveryNote = (r: RewriteResult) =>
  r.complete
    ? undefined
    : {
        name: 'gigawatt.recovery',
        metadata: new Map([
          ['truncatedAt', String(r.truncatedAt)],
          ['sourceSize', String(r.sourceSize)],
          ['reason', r.reason ?? ''],
        ]),
      };

/**
 * Rebuilds a readable, indexed file from one cut short (crash, full disk): every message that was
 * completely written is kept, in order. Throws a RecordingError for input that is not MCAP or that
 * ends before its header.
 */
export async function recoverRecording(
  input: Uint8Array | IReadable,
  options: Omit<RewriteOptions, 'note'> = {},
): Promise<RecoveryResult & { bytes: Uint8Array }> {
  const parts: Uint8Array[] = [];
  const sink: ByteSink = {
    write: async (bytes) => {
      parts.push(bytes);
    },
  };
  const result = await rewriteRecording(input, sink, { ...options, note: recoveryNote });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return { ...result, bytes };
}

/** recoverRecording that streams the new file to a sink (a file) instead of building it in memory. */
export function recoverRecordingTo(
  input: Uint8Array | IReadable,
  sink: ByteSink,
  options: Omit<RewriteOptions, 'note'> = {},
): Promise<RecoveryResult> {
  return rewriteRecording(input, sink, { ...options, note: recoveryNote });
}
