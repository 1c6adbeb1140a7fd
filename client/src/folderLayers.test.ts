import { describe, expect, it } from 'vitest';

/**
 * The client's folders, bottom to top. A file may import from its own folder or from a folder in a
 * lower layer, never from its own layer's other folders nor from above, so the folders cannot form a
 * loop and each one can be read (and tested) knowing only what lies below it.
 *
 * Why this order:
 * - format, theme: pure presentation helpers (numbers, units, times; colours), on @gigawatt/shared alone.
 * - api, auth: talking to the server, and the device's tokens.
 * - alerts, sources: the alerts API; the telemetry sources (live socket, recordings, playback control).
 * - router: URL state (routes and their view state, the replay parameters, navigation, links). It knows
 *   the playback speed limits (a `speed=` is clamped to them), so it sits above sources.
 * - store: the zustand store and the hooks that read it (headlines, freshness, the shared clock); the
 *   headline's `avg=` and an alert's link come from the URL, so it sits above router.
 * - session: which source is active and the switching between live and a recording, with the binding
 *   that opens the recording a URL names and writes the playhead back: it drives sources, store and router.
 * - charts, components: building blocks drawn from the store (and the session's replay state).
 * - views: the dashboard's pages (fleet, site, hall); the wall reuses the hall table.
 * - exec, replay, wall: the other pages, each loaded on its own.
 * - testing: fakes and fixtures for tests, which may stand in for anything below the app.
 * - '.': App.tsx and main.tsx, which put it all together.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['format', 'theme'],
  ['api', 'auth'],
  ['alerts', 'sources'],
  ['router'],
  ['store'],
  ['session'],
  ['charts', 'components'],
  ['views'],
  ['exec', 'replay', 'wall'],
  ['testing'],
  ['.'],
];

const TESTING = 'testing';

const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);

/** The folder of a path relative to client/src: its first segment, or '.' for a file at the top. */
const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** Resolves `spec` (relative) against the file's folder; null when it leaves client/src. */
function resolve(file: string, spec: string): string | null {
  const parts = file.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, relative ones only.
const IMPORT = /(?:\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/gm;

export interface Edge {
  file: string;
  spec: string;
  from: string;
  to: string;
}

/** Every import of a client file into another folder. */
export function folderEdges(sources: ReadonlyMap<string, string>): { edges: Edge[]; outside: Edge[] } {
  const edges: Edge[] = [];
  const outside: Edge[] = [];
  for (const [file, text] of sources) {
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1]!;
      const target = resolve(file, spec);
      const edge = { file, spec, from: folderOf(file), to: target === null ? '..' : folderOf(target) };
      if (target === null) outside.push(edge);
      else if (edge.to !== edge.from) edges.push(edge);
    }
  }
  return { edges, outside };
}

/** The folder loops of a graph, each as a path that returns to its start ("a → b → a"). */
export function folderCycles(edges: readonly Pick<Edge, 'from' | 'to'>[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  const cycles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (n: string): void => {
    const at = path.indexOf(n);
    if (at >= 0) {
      cycles.push([...path.slice(at), n].join(' → '));
      return;
    }
    if (done.has(n)) return;
    path.push(n);
    for (const m of [...(next.get(n) ?? [])].sort()) visit(m);
    path.pop();
    done.add(n);
  };
  for (const n of [...next.keys()].sort()) visit(n);
  return cycles;
}

/**
 * What breaks the layering, one line per offending import: an unknown folder, an import into the same
 * layer or upward, non-test code importing test fakes, or an import leaving client/src. A test file
 * may import testing/ from any layer: nothing imports a test, so that cannot pull fakes into the app.
 */
export function layerViolations(sources: ReadonlyMap<string, string>, layers = LAYERS): string[] {
  const layerOf = new Map<string, number>();
  layers.forEach((folders, i) => {
    for (const f of folders) layerOf.set(f, i);
  });
  const { edges, outside } = folderEdges(sources);
  const problems = outside.map((e) => `${e.file}: '${e.spec}' leaves client/src`);
  for (const file of sources.keys()) {
    const folder = folderOf(file);
    if (!layerOf.has(folder)) problems.push(`${file}: folder '${folder}' is in no layer (add it to LAYERS)`);
  }
  for (const e of edges) {
    const testImportsFake = isTest(e.file) && e.to === TESTING;
    if (e.to === TESTING && !testImportsFake && e.from !== TESTING) {
      problems.push(`${e.file}: '${e.spec}' — only tests may import test fakes (${TESTING}/)`);
      continue;
    }
    const from = layerOf.get(e.from);
    const to = layerOf.get(e.to);
    if (from === undefined || testImportsFake) continue;
    if (to === undefined) problems.push(`${e.file}: '${e.spec}' goes to '${e.to}', which is in no layer`);
    else if (to >= from)
      problems.push(
        `${e.file}: '${e.spec}' imports ${e.to}/ from ${e.from}/, ${to === from ? 'in the same layer' : 'a layer above'}`,
      );
  }
  const cycles = folderCycles(edges.filter((e) => !(isTest(e.file) && e.to === TESTING)));
  return [...problems, ...cycles.map((c) => `folder loop: ${c}`)];
}

interface Fs {
  readdir(path: URL, options: { recursive: true }): Promise<string[]>;
  readFile(path: URL, encoding: 'utf8'): Promise<string>;
}

/** Every .ts and .tsx file of client/src by its path relative to it ("store/useStore.ts"). */
async function clientSources(): Promise<Map<string, string>> {
  // node:fs by a computed name: the client's types have no node: modules (as theme.test.ts does).
  const name = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ name)) as Fs;
  const root = new URL('./', import.meta.url);
  const files = (await fs.readdir(root, { recursive: true }))
    .map((f) => f.replaceAll('\\', '/'))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const out = new Map<string, string>();
  for (const f of files) out.set(f, await fs.readFile(new URL(f, root), 'utf8'));
  return out;
}

describe('client folder layers', () => {
  it('imports only from the same folder or a lower layer, with no folder loop and no fakes in the app', async () => {
    const sources = await clientSources();
    expect(sources.size).toBeGreaterThan(200);
    expect(folderEdges(sources).edges.length).toBeGreaterThan(100);
    expect(layerViolations(sources)).toEqual([]);
  });

  it('lists no folder that is gone', async () => {
    const folders = new Set([...(await clientSources()).keys()].map(folderOf));
    expect(LAYERS.flat().filter((f) => !folders.has(f))).toEqual([]);
  });

  it('catches an upward import, a loop, a fake in the app and an unknown folder', () => {
    // Built at run time, so the scan of this very file does not take them for its own imports.
    const from = (spec: string) => `import { x } from '${spec}';`;
    const reexport = (spec: string) => `export * from '${spec}';`;
    const lazy = (spec: string) => `const m = import('${spec}');`;
    const bare = (spec: string) => `import '${spec}';`;
    const sources = new Map([
      ['format/format.ts', from('../store/useStore.ts')],
      ['store/useStore.ts', `${reexport('../format/format.ts')}\n${from('../testing/fake.ts')}`],
      ['store/useStore.test.ts', from('../testing/fake.ts')],
      ['testing/fake.ts', from('../store/useStore.ts')],
      ['charts/Chart.tsx', lazy('../components/Panel.tsx')],
      ['widgets/Widget.tsx', bare('../format/format.ts')],
    ]);
    expect(layerViolations(sources)).toEqual([
      "widgets/Widget.tsx: folder 'widgets' is in no layer (add it to LAYERS)",
      "format/format.ts: '../store/useStore.ts' imports store/ from format/, a layer above",
      "store/useStore.ts: '../testing/fake.ts' — only tests may import test fakes (testing/)",
      "charts/Chart.tsx: '../components/Panel.tsx' imports components/ from charts/, in the same layer",
      'folder loop: format → store → format',
      'folder loop: store → testing → store',
    ]);
  });
});
