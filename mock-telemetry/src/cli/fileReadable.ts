import { open } from 'node:fs/promises';
import type { openRecording } from '@gigawatt/shared/recording';

/** @mcap/core's IReadable, named through shared so this package needs no direct @mcap/core dependency. */
type IReadable = Exclude<Parameters<typeof openRecording>[0], Uint8Array>;

/** A file as the random-access reader openRecording uses; close() when done. */
export async function openFileReadable(path: string): Promise<IReadable & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size: async () => BigInt(size),
    async read(offset, length) {
      const buffer = new Uint8Array(Number(length));
      let done = 0;
      while (done < buffer.byteLength) {
        const { bytesRead } = await handle.read(
          buffer,
          done,
          buffer.byteLength - done,
          Number(offset) + done,
        );
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    },
    close: () => handle.close(),
  };
}
