import { decompress } from 'fzstd';

/**
 * The browser's zstd decoder (fzstd: pure JavaScript, about 7 KB gzipped). Only ever imported
 * dynamically (decompressZstd.ts), so that bundlers give it a chunk of its own that loads with the player.
 */
export function inflateZstdFrame(frame: Uint8Array): Uint8Array {
  return decompress(frame);
}
