// `npm run build` (after the client): the server as plain JavaScript, so `npm start` / `npm run serve`
// run no TypeScript compiler. The workspaces (@gigawatt/shared, mock-telemetry) are bundled in; npm
// packages stay external and load from node_modules as usual (some read files beside themselves).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
// Inside server/ so packages installed only for the server workspace (server/node_modules) resolve.
const outdir = join(root, 'server', 'dist');
rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'server/src/main.ts',
    // The demo recordings' worker thread, loaded by URL beside main.js (startDemoRecordings.ts).
    demoWorker: 'server/src/demos/demoWorker.ts',
    // The history backfill's worker thread, loaded the same way (sim/backfillHistory.ts).
    backfillWorker: 'server/src/sim/backfillWorker.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  // Everything from node_modules stays external except our own workspaces, which are TypeScript.
  plugins: [
    {
      name: 'externals',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@gigawatt/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  logLevel: 'warning',
});
console.log(`server built in ${Math.round(performance.now() - started)} ms → server/dist/main.mjs`);
