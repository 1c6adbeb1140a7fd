import { compress } from 'lz4js';

/**
 * MCAP's "lz4" is the LZ4 frame format, which lz4js writes (checked against the reference `lz4` CLI).
 * Kept apart from the decoder so a browser that only reads never loads lz4js.
 */
export function compressLz4(data: Uint8Array): { compression: string; compressedData: Uint8Array } {
  return { compression: 'lz4', compressedData: compress(data) };
}
