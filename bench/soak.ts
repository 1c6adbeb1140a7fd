/**
 * The long wall-display soak: `/wall?rotate=2s` against a server on a fast clock for at least 24 hours
 * of data time, with a dozen server kills and restarts, sampling the JS heap (after a forced GC), DOM
 * nodes and event listeners. Prints the figures and writes bench/results/soak-<timestamp>.json.
 *
 *   npx tsx bench/soak.ts                       # defaults: 200× clock, 13 min, 12 restarts
 *   SOAK_RATE=100 SOAK_MINUTES=20 SOAK_RESTARTS=12 npx tsx bench/soak.ts
 *
 * `npm run bench` runs it as its `soak` section (BENCH_ONLY=soak for just this one).
 *
 * Needs `npm run build` first (the server serves dist/client) and Chromium at /usr/bin/chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../e2e/harness.ts';
import { runWallSoak, type SoakFigures, type SoakResult } from '../e2e/wallSoak.ts';

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
const line = (name: string, f: SoakFigures, fmt: (n: number) => string) =>
  `${name.padEnd(16)} first third ${fmt(f.firstThirdMedian).padStart(9)}   last third ${fmt(f.lastThirdMedian).padStart(9)}   ` +
  `×${f.ratio.toFixed(3)}   range ${fmt(f.min)}–${fmt(f.max)}   slope ${fmt(f.slopePerHour)}/h`;

export interface SoakBench {
  result: SoakResult;
  pass: Record<string, boolean>;
  file: string;
}

/** Runs the long soak, prints its figures and writes its JSON; options default from SOAK_* variables. */
export async function soakBench(
  opts: { rate?: number; minutes?: number; restarts?: number; warmupS?: number } = {},
): Promise<SoakBench> {
  const rate = opts.rate ?? Number(process.env.SOAK_RATE ?? 200);
  const minutes = opts.minutes ?? Number(process.env.SOAK_MINUTES ?? 13);
  const restarts = opts.restarts ?? Number(process.env.SOAK_RESTARTS ?? 12);
  const warmupMs = (opts.warmupS ?? Number(process.env.SOAK_WARMUP_S ?? 90)) * 1000;
  console.log(
    `soak: /wall?rotate=2s, clock ${rate}×, ${minutes} min, ${restarts} restarts, warm-up ${warmupMs / 1000} s`,
  );
  const r = await runWallSoak({
    clockRate: rate,
    durationMs: minutes * 60_000,
    restarts,
    warmupMs,
    log: (l) => console.log(`  ${l}`),
  });

  const judged = r.samples.filter((s) => s.atMs >= warmupMs);
  const pass = {
    heapFlat: r.heap.ratio < 1.15,
    // Pages differ in size (and with the alert rows shown), so nodes and listeners are judged per page.
    nodesFlat: Object.values(r.nodes.byPage).every((f) => f.ratio < 1.1),
    listenersFlat: Object.values(r.listeners.byPage).every((f) => f.ratio < 1.05),
    reconnected: r.reconnects === r.restarts,
    dayOfData: r.dataHours >= 24,
    noErrors: r.errors.length === 0,
  };
  console.log('');
  console.log(
    `${r.wallSeconds} s of wall time, ${r.dataHours.toFixed(1)} h of data, ${r.pagesShown} pages shown, ` +
      `${r.reconnects}/${r.restarts} restarts reconnected, ${judged.length} samples judged`,
  );
  console.log(line('JS heap (GC’d)', r.heap, mb));
  console.log(line('DOM nodes', r.nodes, (n) => n.toFixed(0)));
  for (const [page, f] of Object.entries(r.nodes.byPage))
    console.log(line(`  on ${page}`, f, (n) => n.toFixed(0)));
  console.log(line('event listeners', r.listeners, (n) => n.toFixed(0)));
  for (const [page, f] of Object.entries(r.listeners.byPage))
    console.log(line(`  on ${page}`, f, (n) => n.toFixed(0)));
  // Minute by minute: growth that levels off is caches filling; growth that keeps going is a leak.
  const perMinute = new Map<number, number[]>();
  for (const smp of r.samples) {
    const m = Math.floor(smp.atMs / 60_000);
    perMinute.set(m, [...(perMinute.get(m) ?? []), smp.heapUsedBytes]);
  }
  const minuteMedians = [...perMinute].map(([minute, xs]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { minute, samples: xs.length, heapMedianBytes: sorted[Math.floor(sorted.length / 2)]! };
  });
  console.log(`heap by minute (median): ${minuteMedians.map((m) => mb(m.heapMedianBytes)).join(' · ')}`);
  if (r.errors.length > 0) console.log(`console errors:\n  ${r.errors.join('\n  ')}`);
  console.log(
    Object.entries(pass)
      .map(([k, v]) => `${v ? 'ok  ' : 'FAIL'} ${k}`)
      .join('\n'),
  );

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ when: new Date().toISOString(), pass, minuteMedians, ...r }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
  return { result: r, pass, file };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { pass } = await soakBench();
  process.exitCode = Object.values(pass).every(Boolean) ? 0 : 1;
}
