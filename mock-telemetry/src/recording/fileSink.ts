import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import type { ByteSink } from '@gigawatt/shared/recording';

/** A file written under a temporary name and moved into place only when complete. */
export interface FileSink extends ByteSink {
  /** Closes the file and renames it to its final path. */
  commit(): Promise<void>;
  /** Closes and deletes the partial file (after a failure or an abort). */
  discard(): Promise<void>;
}

/**
 * A recording file that never exists half-written under its real name: bytes go to `<path>.partial`,
 * which commit() renames. Refuses to replace an existing file unless `overwrite`.
 */
export async function openFileSink(path: string, options: { overwrite?: boolean } = {}): Promise<FileSink> {
  if (!options.overwrite) {
    const existing = await open(path, 'r').then(
      (h) => h.close().then(() => true),
      () => false,
    );
    if (existing) throw new Error(`${path} already exists (pass --force to replace it)`);
  }
  const partial = `${path}.partial`;
  const handle: FileHandle = await open(partial, 'w');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    async write(bytes) {
      for (let at = 0; at < bytes.byteLength; ) {
        const { bytesWritten } = await handle.write(bytes, at, bytes.byteLength - at);
        at += bytesWritten;
      }
    },
    async commit() {
      await close();
      await rename(partial, path);
    },
    async discard() {
      await close().catch(() => undefined);
      await rm(partial, { force: true });
    },
  };
}
