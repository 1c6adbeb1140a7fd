import type * as ZstdWasm from '@bokuweb/zstd-wasm';

/**
 * libzstd compiled to WebAssembly (@bokuweb/zstd-wasm): the writers' compressor, and the decoder where
 * files arrive from outside (the server's import). Node only. The package is imported through a
 * specifier the bundler does not follow, so no browser build ever contains it: the player decodes with
 * fzstd instead (see decompressZstd.ts).
 */
const PACKAGE: string = '@bokuweb/zstd-wasm';

export type ZstdWasmModule = typeof ZstdWasm;

let loading: Promise<ZstdWasmModule> | undefined;

/** Loads and instantiates the module once; a failed load is tried again on the next call. */
export function loadZstdWasm(): Promise<ZstdWasmModule> {
  loading ??= (async () => {
    // A runtime specifier (see above) types as any; the package's own declarations describe it.
    const mod = (await import(/* @vite-ignore */ PACKAGE)) as ZstdWasmModule;
    await mod.init();
    return mod;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
