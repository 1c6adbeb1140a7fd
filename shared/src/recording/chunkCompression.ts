import { errorMessage, RecordingError } from './recordingError.ts';
import { loadZstdWasm } from './zstdWasm.ts';

/** How a Gigawatt writer compresses its chunks. */
export type ChunkCompression = 'zstd' | 'lz4' | 'none';

/** Compresses one chunk's records; the shape @mcap/core's McapWriter takes as `compressChunk`. */
export type ChunkCompressor = (data: Uint8Array) => { compression: string; compressedData: Uint8Array };

/** What recordings are written with unless a caller asks otherwise. */
export const DEFAULT_CHUNK_COMPRESSION: ChunkCompression = 'zstd';

/**
 * zstd level of written chunks. Measured on the hall-level normal day (256 KiB chunks): levels 1–4 give
 * 9.7–10.3× on the chunk records, 6 gives 11.5× (about 1.85 bytes per recorded value with the message
 * indexes, against 2.1–2.2 at level 3) at ~60–100 MB/s, which is a few ms per chunk.
 */
export const ZSTD_LEVEL = 6;

/** MCAP compression names a Gigawatt reader decodes ('' is MCAP's name for uncompressed). */
export const READABLE_COMPRESSIONS: ReadonlySet<string> = new Set(['', 'lz4', 'zstd']);

/** A compression name from an untrusted file, fit to quote in a message. */
function quoted(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced.
  const printable = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return `'${printable.length > 40 ? `${printable.slice(0, 39)}…` : printable}'`;
}

/**
 * The error for a chunk this reader has no decoder for: the file may be perfectly sound (another
 * tool's codec), so it names the codec and the chunk rather than calling the file damaged.
 * `chunk` is 1-based, in file order.
 */
export function unsupportedCompression(compression: string, chunk: number): RecordingError {
  return new RecordingError(
    'unsupported',
    `unsupported compression ${quoted(compression)} in chunk ${chunk} (Gigawatt reads zstd, lz4 and uncompressed chunks)`,
  );
}

/**
 * The compressor for a compression name, loaded on first use (zstd: libzstd as WebAssembly, Node only;
 * lz4: lz4js, which allocates 5 MB when loaded, so a reader never loads it). Undefined for 'none'.
 */
export async function loadChunkCompressor(
  compression: ChunkCompression | ChunkCompressor,
): Promise<ChunkCompressor | undefined> {
  if (typeof compression === 'function') return compression;
  switch (compression) {
    case 'none':
      return undefined;
    case 'lz4':
      return (await import('./compressLz4.ts')).compressLz4;
    case 'zstd': {
      let zstd: Awaited<ReturnType<typeof loadZstdWasm>>;
      try {
        zstd = await loadZstdWasm();
      } catch (error) {
        throw new RecordingError(
          'write-failed',
          `the zstd compressor could not load: ${errorMessage(error)}`,
          {
            cause: error,
          },
        );
      }
      return (data) => ({ compression: 'zstd', compressedData: zstd.compress(data, ZSTD_LEVEL) });
    }
  }
}
