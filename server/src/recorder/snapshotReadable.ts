import type { IReadable } from '@mcap/core';
import type { RecordingSnapshot } from './createRecorder.ts';
import { openFileReadable } from './fileReadable.ts';

/**
 * A running recording's snapshot (its file's first dataLength bytes, then the synthesized tail) as the
 * random-access reader MCAP readers use, so a CSV export reads it as it reads a finished file.
 */
export async function openSnapshotReadable(
  snap: RecordingSnapshot,
): Promise<IReadable & { close(): Promise<void> }> {
  const file = await openFileReadable(snap.path);
  const total = snap.dataLength + snap.tail.byteLength;
  return {
    size: async () => BigInt(total),
    async read(offset, length) {
      const from = Number(offset);
      const to = Math.min(total, from + Number(length));
      const out = new Uint8Array(Math.max(0, to - from));
      if (from < snap.dataLength) {
        out.set(await file.read(offset, BigInt(Math.min(to, snap.dataLength) - from)), 0);
      }
      if (to > snap.dataLength) {
        const a = Math.max(from, snap.dataLength);
        out.set(snap.tail.subarray(a - snap.dataLength, to - snap.dataLength), a - from);
      }
      return out;
    },
    close: () => file.close(),
  };
}
