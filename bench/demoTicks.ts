// Does making the demo recordings disturb the live server? Starts a simulating server on a fresh data
// folder (demos on), listens to /live as a viewer and records when each tick arrives while the demos
// are synthesized (in a worker thread), then for as long again afterwards as a baseline.
// Run: npx tsx bench/demoTicks.ts   (prints JSON and writes bench/results/demo-ticks.json; the server's
// log lines give each demo's synthesis time)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../server/src/config.ts';
import { createGigawattServer } from '../server/src/createGigawattServer.ts';
import { connected, connectLive } from '../server/src/testing/socketHelpers.ts';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

function summary(arrivals: number[], loop: ReturnType<typeof monitorEventLoopDelay>) {
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
  return {
    ticks: arrivals.length,
    gapMs: {
      min: Math.round(Math.min(...gaps)),
      p50: Math.round(quantile(gaps, 0.5)),
      p99: Math.round(quantile(gaps, 0.99)),
      max: Math.round(Math.max(...gaps)),
    },
    gapsOver1200ms: gaps.filter((g) => g > 1200).length,
    loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-demo-ticks-'));
const made: { name: string; mb: number }[] = [];
const config = loadConfig([], {
  PORT: '0',
  GIGAWATT_DATA_DIR: dataDir,
  GIGAWATT_BACKFILL: '1h',
  GIGAWATT_CLIENT_DIR: '/nonexistent',
  GIGAWATT_DEMOS: 'on',
});
const t0 = performance.now();
const server = await createGigawattServer(config);
const viewer = connectLive(server.url);
let arrivals: number[] = [];
viewer.on('tick', () => arrivals.push(performance.now()));
await connected(viewer);
let loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const demosStart = performance.now();
await server.demos!.done;
const demosMs = performance.now() - demosStart;
loop.disable();
const during = summary(arrivals, loop);

arrivals = [];
loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
await new Promise((r) => setTimeout(r, Math.min(60_000, demosMs)));
loop.disable();
const after = summary(arrivals, loop);
viewer.close();
for (const r of server.recorder!.list()) {
  if (r.kind === 'demo') made.push({ name: r.name, mb: Math.round(r.size / 1e5) / 10 });
}
await server.close();
rmSync(dataDir, { recursive: true, force: true });

const result = {
  startupMs: Math.round(demosStart - t0),
  demosMs: Math.round(demosMs),
  demos: made,
  during,
  after,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'demo-ticks.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.exit(0);
