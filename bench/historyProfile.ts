/**
 * `node --import tsx bench/historyProfile.ts`: the history answer of the bench (7 days of 48 site series
 * at maxPoints 1000) made in-process from a store filled as the bench's server fills it, piece by piece
 * (window, columns, printing, compression), for a CPU profile (`node --cpu-prof --import tsx …`) or GC
 * trace (`--trace-gc`) of the work one uncached request does: N (default 40) builds of a new window each,
 * after 5 to warm up. `head` is the whole answer but its tail (columns and printing); compression runs in
 * zlib's thread pool, as in the server.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet, indexFleet, SITE_METRICS } from '@gigawatt/shared';
import { openBrotli, openGzip } from '../server/src/http/historyCompression.ts';
import { backfillHistory } from '../server/src/sim/backfillHistory.ts';
import { TelemetryStore } from '../server/src/store/telemetryStore.ts';

const store = new TelemetryStore(indexFleet(defaultFleet));
const end = Date.now();
const bf = backfillHistory(store, createSimulator({ seed: 1, fleet: defaultFleet }), end, 7 * 86_400_000);
const series = defaultFleet.sites.flatMap((s) => SITE_METRICS.map((m) => `site:${s.id}:${m}`));
// A new window each time (a minute further back), as the first viewer of a window in a second finds it.
const q = (i: number) => ({
  series,
  from: end - i * 60_000 - 7 * 86_400_000,
  to: end - i * 60_000,
  maxPoints: 1000,
});
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;
const N = Number(process.env.N ?? 40);
const times = { columns: [] as number[], head: [] as number[], br: [] as number[], gzip: [] as number[] };
let size = { head: 0, br: 0, gzip: 0 };
const gc = { minor: 0, major: 0, ms: 0 };
const gcs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    else gc.minor++;
    gc.ms += e.duration;
  }
});
gcs.observe({ entryTypes: ['gc'] });
const ab0 = process.memoryUsage().arrayBuffers;
for (let i = 0; i < 5; i++) await openGzip(store.historyHead(store.historyWindow(q(N + i))));
const cpu0 = process.cpuUsage();
for (let i = 0; i < N; i++) {
  const w = store.historyWindow(q(i));
  let t0 = performance.now();
  store.historyColumns(w);
  times.columns.push(performance.now() - t0);
  t0 = performance.now();
  const head = store.historyHead(w);
  times.head.push(performance.now() - t0);
  t0 = performance.now();
  const br = await openBrotli(head);
  times.br.push(performance.now() - t0);
  t0 = performance.now();
  const gz = await openGzip(head);
  times.gzip.push(performance.now() - t0);
  size = { head: head.length, br: br.length, gzip: gz.length };
}
const cpu = process.cpuUsage(cpu0);
gcs.disconnect();
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
console.log(
  `backfill ${(bf.ms / 1000).toFixed(1)} s; answer ${kib(size.head)}, br ${kib(size.br)}, gzip ${kib(size.gzip)}; array buffers ${((process.memoryUsage().arrayBuffers - ab0) / 2 ** 20).toFixed(0)} MiB more`,
);
console.log(
  `per build: ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms CPU (this thread and zlib's); GC ${gc.major} major, ${gc.minor} minor, ${gc.ms.toFixed(0)} ms in ${N} builds`,
);
for (const [k, xs] of Object.entries(times))
  console.log(`${k.padEnd(8)} p50 ${pct(xs, 0.5).toFixed(2)} ms, p95 ${pct(xs, 0.95).toFixed(2)} ms`);
