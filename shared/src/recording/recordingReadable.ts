import type { IReadable } from '@mcap/core';
import { RecordingError } from './recordingError.ts';

/** Largest single read a reader will issue: the summary of a day-long file is a few MB. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

/** An in-memory file (a dropped file, a test buffer) as the random-access shape MCAP readers use. */
export function bytesReadable(bytes: Uint8Array): IReadable {
  return {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)),
  };
}

/**
 * Refuses reads outside the file or larger than MAX_READ_BYTES before they reach the source. Offsets and
 * lengths in an MCAP file are untrusted: without this a hostile index could make an HTTP range reader
 * fetch gigabytes, or an in-memory reader hand back silently short data.
 */
export function boundedReadable(source: IReadable): IReadable & { fileSize(): Promise<bigint> } {
  let size: Promise<bigint> | undefined;
  const fileSize = () => {
    size ??= source.size();
    return size;
  };
  return {
    size: fileSize,
    fileSize,
    async read(offset, length) {
      const total = await fileSize();
      if (offset < 0n || length < 0n || offset + length > total) {
        throw new RecordingError(
          'corrupt',
          `the file points past its end (read of ${length} bytes at ${offset}, file is ${total} bytes)`,
        );
      }
      if (length > BigInt(MAX_READ_BYTES)) {
        throw new RecordingError('too-large', `a record declares ${length} bytes (limit ${MAX_READ_BYTES})`);
      }
      const bytes = await source.read(offset, length);
      if (BigInt(bytes.byteLength) !== length) {
        throw new RecordingError(
          'corrupt',
          `short read: ${bytes.byteLength} of ${length} bytes at ${offset}`,
        );
      }
      return bytes;
    },
  };
}

export function toReadable(input: Uint8Array | IReadable): IReadable {
  return input instanceof Uint8Array ? bytesReadable(input) : input;
}
