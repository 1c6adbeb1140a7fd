/**
 * Where a page's script time per update goes: a CPU profile (CDP Profiler) of one window of live
 * updates, summed per second by self time (function and file) and by the inclusive time of the parts
 * the browser budget is made of. Run by hand, not by `npm run bench`:
 *
 *   ROUTES=/,/wall?rotate=off,/site/ohio SECONDS=10 npx tsx bench/browserProfile.ts
 *
 * The client is built unminified into a temporary folder (function names readable) and served by a
 * built server (`npm run build` first); PROFILE_CLIENT_DIR reuses a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { launchBrowser, openPage, ROOT, startServer } from '../e2e/harness.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Inclusive groups: a sample counts toward a group when any frame on its stack matches. */
const GROUPS: [string, RegExp][] = [
  ['socket.io receive (all tick handling)', /^(onpacket|onevent|emitEvent|onmessage|ondata)$/],
  ['  zod parse', /^(safeParse|parse|_parse|\$ZodType|runChecks)$/],
  ['  applyTicks', /^applyTicks$/],
  ['React render+commit', /^(performWorkOnRoot|performSyncWorkOnRoot|flushSyncWorkAcrossRoots_impl)$/],
  ['  React commit', /^(commitRoot|commitRootImpl)$/],
  ['trend charts (update, paint)', /^update$/],
  ['  paintLiveLayer', /^paintLiveLayer$/],
  ['  chart describe', /^describe$/],
  ['ECharts setOption (frame, tooltip)', /^setOption$/],
  ['decimate', /^decimate/],
  ['GC', /^\(garbage collector\)$/],
];

function summarize(p: Profile, seconds: number) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000; // ms; each delta belongs to the next sample
    const leaf = byId.get(p.samples[i]!)!;
    const name = leaf.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += dt;
      continue;
    }
    total += dt;
    const key = `${name} ${leaf.callFrame.url ? basename(leaf.callFrame.url) : ''}:${leaf.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const names = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      names.add(byId.get(id)!.callFrame.functionName);
    }
    for (const [g, re] of GROUPS)
      if ([...names].some((n) => re.test(n))) groups.set(g, (groups.get(g) ?? 0) + dt);
  }
  const perS = (ms: number) => (ms / seconds).toFixed(2).padStart(7);
  const lines = [`busy ${perS(total)} ms/s (idle ${perS(idle)})`, 'groups (inclusive, ms per second):'];
  for (const [g] of GROUPS) lines.push(`  ${perS(groups.get(g) ?? 0)}  ${g}`);
  lines.push('top self time (ms per second):');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 35)) lines.push(`  ${perS(v)}  ${k}`);
  return lines.join('\n');
}

interface AllocNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocNode[];
}

/** Bytes allocated per second by the functions that allocate most (sampled, collected ones included). */
function summarizeAllocs(head: AllocNode, seconds: number): string {
  const self = new Map<string, number>();
  const walk = (n: AllocNode, path: string[]) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? basename(f.url) : ''}:${f.lineNumber} < ${path.slice(-3).reverse().join(' < ')}`;
    if (n.selfSize > 0) self.set(key, (self.get(key) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, [...path, f.functionName || '(anonymous)']);
  };
  walk(head, []);
  const lines = ['\nallocations, collected or not (sampled, KiB per second):'];
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    lines.push(`  ${(v / 1024 / seconds).toFixed(1).padStart(8)}  ${k}`);
  return lines.join('\n');
}

async function main() {
  const seconds = Number(process.env.SECONDS ?? 10);
  const routes = (process.env.ROUTES ?? '/,/wall?rotate=off,/site/ohio').split(',');
  let clientDir = process.env.PROFILE_CLIENT_DIR;
  if (!clientDir) {
    clientDir = mkdtempSync(join(tmpdir(), 'gigawatt-client-nomin-'));
    execFileSync('npx', ['vite', 'build', '--minify', 'false', '--outDir', clientDir, '--emptyOutDir'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error(`no client build in ${clientDir}`);
  const server = await startServer({
    GIGAWATT_BACKFILL: '1h',
    GIGAWATT_SIMULATE_RACKS: 'off',
    GIGAWATT_CLIENT_DIR: clientDir,
  });
  const browser = await launchBrowser();
  try {
    for (const route of routes) {
      const { page, context } = await openPage(browser, { width: 3840, height: 2160 });
      await page.goto(`${server.url}${route}`);
      await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(5000);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.waitForTimeout(seconds * 1000);
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      let allocs = '';
      if (process.env.ALLOC === '1') {
        await cdp.send('HeapProfiler.enable');
        await cdp.send('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
        await page.waitForTimeout(seconds * 1000);
        const { profile: heap } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as {
          profile: { head: AllocNode };
        };
        allocs = summarizeAllocs(heap.head, seconds);
      }
      const file = join(tmpdir(), `gigawatt-${route.replace(/[^a-z]+/g, '_')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      console.log(
        `\n== ${route} (${seconds} s at 3840×2160; profile ${file})\n${summarize(profile, seconds)}${allocs}`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
