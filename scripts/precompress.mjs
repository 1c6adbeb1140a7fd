// After `vite build`: every hashed asset gets a brotli (.br) and a gzip (.gz) twin, so the server sends
// compressed bytes without compressing per request (server/src/http/staticAssets.ts picks one).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '..', 'dist', 'client', 'assets');
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|wasm|txt|map)$/;
let raw = 0;
let br = 0;
let gz = 0;
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!COMPRESSIBLE.test(name) || !statSync(path).isFile() || statSync(path).size < 1024) continue;
  const body = readFileSync(path);
  const b = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  const g = gzipSync(body, { level: 9 });
  writeFileSync(`${path}.br`, b);
  writeFileSync(`${path}.gz`, g);
  raw += body.length;
  br += b.length;
  gz += g.length;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`precompressed assets: ${kb(raw)} → ${kb(br)} brotli, ${kb(gz)} gzip`);
