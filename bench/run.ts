/**
 * `npm run bench`: measures the budgets of ../shared/DESIGN.md against the real server and prints a
 * table; results go to bench/results/<timestamp>.json and bench/results/latest.json.
 * BENCH_SECONDS (default 20) sets each measuring window; BENCH_ONLY=simulator,history,server,fanout,browser,replay,soak,durability,cluster
 * runs a subset; in the browser section BENCH_BROWSER=4k measures only the 3840×2160 pages (each in BENCH_BROWSER_ROUNDS rounds, 3 by default, judged by the medians) and
 * BENCH_CLIENT_DIR serves a client built elsewhere; BENCH_FANOUT_SECONDS (default 120) sets the fan-out window, for the product and the raw `ws` baseline each. The `durability` section (issue 8: restart to LIVE with 8 days of history, data lost at
 * kill -9, memory under unauthenticated bodies) takes about 2 minutes. The `soak` section (issue 3's long wall soak: ≥ 24 h of data time, a dozen restarts)
 * takes about 15 minutes; SOAK_RATE, SOAK_MINUTES and SOAK_RESTARTS tune it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import {
  defaultFleet,
  encodeRackBlock,
  indexFleet,
  parseHistoryWire,
  SITE_METRICS,
  type Tick,
} from '@gigawatt/shared';
import { CHROMIUM, ROOT, startServer } from '../e2e/harness.ts';
import { backfillHistory } from '../server/src/sim/backfillHistory.ts';
import { TelemetryStore } from '../server/src/store/telemetryStore.ts';
import { type BrowserPerf, measurePage } from './browserPerf.ts';
import { clusterBench, clusterRows } from './clusterBench.ts';
import { durabilityBench } from './durabilityBench.ts';
import { recordingBench } from './recordingBench.ts';
import { processCpuSeconds, rssBytes } from './serverCpu.ts';
import { soakBench } from './soak.ts';
import { startUplotTwin } from './uplotTwin.ts';
import { connectViewer, percentile, type Viewer } from './viewerLoad.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/**
 * The fan-out window: a p99 of n ticks is the worst one unless n > 100, so the latency budget is judged
 * over 120 (its p99 is the second worst; the worst is printed beside it).
 */
const FANOUT_SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 120);
const rows: { name: string; value: string; budget: string; note?: string }[] = [];
const results: Record<string, unknown> = {
  when: new Date().toISOString(),
  seconds: SECONDS,
  node: process.version,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The middle value (the mean of the two middle ones for an even count). */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** The round whose ratio is the median one: its details (CPU, heap, nodes) are the ones printed. */
const medianRun = <T extends { ratio: number }>(runs: readonly T[]): T =>
  [...runs].sort((a, b) => a.ratio - b.ratio)[Math.floor((runs.length - 1) / 2)]!;

const fmt = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function timeIt(fn: () => void, minMs = 300): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    n++;
  }
  return (performance.now() - start) / n;
}

async function simulatorCosts() {
  const sim = createSimulator({ seed: 1, fleet: defaultFleet });
  const t0 = Date.UTC(2026, 6, 15, 18);
  let t = t0;
  const sampleMs = timeIt(() => {
    sim.sampleFleet(t);
    t += 1000;
  });
  const racksMs = timeIt(() => {
    for (const s of defaultFleet.sites) for (const h of s.halls) encodeRackBlock(sim.racks(s.id, h.id, t));
    t += 1000;
  }, 1000);
  const store = new TelemetryStore(indexFleet(defaultFleet));
  const bf = backfillHistory(store, sim, Date.now(), 7 * 86_400_000);
  const racks = defaultFleet.sites.flatMap((s) => s.halls).reduce((a, h) => a + h.racks, 0);
  results.simulator = {
    sampleFleetMs: sampleMs,
    allRacksPerSecondMs: racksMs,
    racks,
    backfill7dMs: bf.ms,
    backfillCalls: bf.calls,
  };
  rows.push({
    name: 'simulator: one fleet sample (site+hall)',
    value: `${fmt(sampleMs, 3)} ms`,
    budget: '—',
  });
  rows.push({
    name: `simulator: all ${racks.toLocaleString()} racks, one second, encoded`,
    value: `${fmt(racksMs, 2)} ms`,
    budget: '—',
  });
  rows.push({
    name: 'history synthesis: 7 days, all tiers',
    value: `${fmt(bf.ms / 1000, 2)} s`,
    budget: 'seconds, not minutes',
  });
}

function encodeBaseline(tick: Tick, viewers: number) {
  // Naive fan-out serializes the tick once per viewer; socket.io's room broadcast encodes it once.
  const once = timeIt(() => JSON.stringify(['tick', tick]));
  const perViewer = timeIt(() => {
    for (let i = 0; i < viewers; i++) JSON.stringify(['tick', tick]);
  });
  return { once, perViewer };
}

async function serverUnderLoad() {
  const server = await startServer(
    { GIGAWATT_BACKFILL: '0s', GIGAWATT_SIMULATE_RACKS: 'on' },
    { requireClient: false },
  );
  const pid = server.proc.pid!;
  try {
    await sleep(3000);
    const cpu0 = processCpuSeconds(pid);
    const w0 = performance.now();
    await sleep(SECONDS * 1000);
    const idleShare = (processCpuSeconds(pid) - cpu0) / ((performance.now() - w0) / 1000);

    const viewers: Viewer[] = [];
    for (let i = 0; i < 100; i++) {
      const hall =
        i === 0 ? { site: 'ohio', hall: 'h11' } : i === 1 ? { site: 'texas', hall: 'h1' } : undefined;
      viewers.push(await connectViewer(server.url, hall));
    }
    await sleep(3000);
    for (const v of viewers) {
      v.bytes = { tick: 0, racks: 0, other: 0 };
      v.latencies = [];
    }
    let lastTick: Tick | undefined;
    viewers[2]!.socket.on('tick', (t) => {
      lastTick = t;
    });
    const cpu1 = processCpuSeconds(pid);
    const w1 = performance.now();
    await sleep(SECONDS * 1000);
    const wall = (performance.now() - w1) / 1000;
    const loadedShare = (processCpuSeconds(pid) - cpu1) / wall;
    const rss = rssBytes(pid);
    const tickBps = viewers.slice(2).reduce((a, v) => a + v.bytes.tick, 0) / (viewers.length - 2) / wall;
    const h100 = viewers[0]!.bytes.racks / wall;
    const gb200 = viewers[1]!.bytes.racks / wall;
    const racksH11 = 833;
    const racksT1 = 474;
    const lat = viewers.flatMap((v) => v.latencies);
    for (const v of viewers) v.socket.close();
    const base = lastTick ? encodeBaseline(lastTick, 100) : undefined;

    results.server = {
      cpuShareSimRacksNoViewers: idleShare,
      cpuShareSimRacks100Viewers: loadedShare,
      rssBytes: rss,
      tickBytesPerSecondPerViewer: tickBps,
      racksBytesPerSecond: { 'ohio/h11 (833 racks)': h100, 'texas/h1 (474 racks)': gb200 },
      bytesPerRackValue: { 'ohio/h11': h100 / (racksH11 * 3), 'texas/h1': gb200 / (racksT1 * 3) },
      tickLatencyMs: { p50: percentile(lat, 50), p99: percentile(lat, 99), n: lat.length },
      encodeBaseline: base,
    };
    rows.push({
      name: 'server CPU: full fleet at rack level, 0 viewers',
      value: `${fmt(idleShare * 100)} % of a core`,
      budget: '< 15 %',
    });
    rows.push({
      name: 'server CPU: full fleet at rack level, 100 viewers',
      value: `${fmt(loadedShare * 100)} % of a core`,
      budget: '—',
    });
    rows.push({ name: 'server RSS with 100 viewers', value: `${fmt(rss / 2 ** 20, 0)} MiB`, budget: '—' });
    rows.push({
      name: 'viewer: fleet tick bytes per second',
      value: `${fmt(tickBps / 1024, 2)} KiB/s`,
      budget: 'one tick/s',
    });
    rows.push({
      name: 'viewer: racks of ohio/h11 (833 racks)',
      value: `${fmt(h100 / 1024, 2)} KiB/s`,
      budget: '—',
      note: `${fmt(h100 / (racksH11 * 3), 2)} B per rack value`,
    });
    rows.push({
      name: 'viewer: racks of texas/h1 (474 racks)',
      value: `${fmt(gb200 / 1024, 2)} KiB/s`,
      budget: '≤ 4.5 B per rack value',
      note: `${fmt(gb200 / (racksT1 * 3), 2)} B per rack value`,
    });
    rows.push({
      name: 'tick latency (sample t → viewer), 100 viewers',
      value: `p50 ${fmt(percentile(lat, 50), 0)} ms, p99 ${fmt(percentile(lat, 99), 0)} ms`,
      budget: 'p99 ≤ 50 ms',
    });
    if (base) {
      rows.push({
        name: 'encode a tick: once per broadcast vs per viewer (100)',
        value: `${fmt(base.once * 1000, 0)} µs vs ${fmt(base.perViewer * 1000, 0)} µs`,
        budget: 'once per broadcast',
        note: `naive is ${fmt(base.perViewer / base.once, 0)}× the work`,
      });
    }
  } finally {
    await server.stop();
  }
}

/** The size of one answer as sent with `accept-encoding` (fetch would decode it and hide the size). */
function wireBytes(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let n = 0;
      res.on('data', (d: Buffer) => {
        n += d.length;
      });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

/**
 * GET /api/history for 7 days of every site series (4 sites × 12 metrics) over HTTP, as /exec asks,
 * received and decompressed as a client does (fetch decompresses; Node's asks for gzip). Three ways: the
 * same query again and again; a new `to` each time, milliseconds apart, as each viewer of "the last 7 days"
 * asks (the same 1 min buckets: the server answers them all from one cached head, appending each its own
 * from and to); and a new window each time, a minute further back (nothing cached: the cost of making it).
 * The server's history moves every second, so even the first two build an answer about once a second.
 */
async function historyQueries() {
  const server = await startServer(
    { GIGAWATT_BACKFILL: '7d', GIGAWATT_SIMULATE_RACKS: 'off' },
    { requireClient: false },
  );
  try {
    // Every site-level metric (METRICS also lists metrics that exist only at hall level).
    const series = defaultFleet.sites.flatMap((s) => SITE_METRICS.map((m) => `site:${s.id}:${m}`)).join(',');
    const url = (to: number) =>
      `${server.url}/api/history?series=${series}&from=${to - 7 * 86_400_000}&to=${to}&maxPoints=1000`;
    const to = Date.now();
    const kinds = {
      repeated: () => to,
      newQuery: (i: number) => to + i + 1,
      newWindow: (i: number) => to - (i + 1) * 60_000,
    };
    const run = async (at: (i: number) => number) => {
      const times: number[] = [];
      const bodies: ArrayBuffer[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        const res = await fetch(url(at(i)));
        // Until the whole answer is in, decompressed. Not res.text(): undici's text() spends ~20 ms of
        // this process's time turning a megabyte into a string, which would measure the bench, not the server.
        bodies.push(await res.arrayBuffer());
        times.push(performance.now() - t0);
      }
      // Checked after the timed requests: parsing and validating a megabyte of answer between them had
      // this process spend the server's cores on that, and collect its garbage during the next request.
      let points = 0;
      for (const buf of bodies) {
        const parsed = parseHistoryWire(JSON.parse(new TextDecoder().decode(buf)));
        if (!parsed.ok) throw new Error(`history answer is malformed: ${parsed.error}`);
        points = parsed.value.series.reduce((a, x) => a + x.t.length, 0);
      }
      const bytes = bodies.at(-1)!.byteLength;
      return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), bytes, points };
    };
    // A first start writes a checkpoint of the synthesized week right after it is ready (~200 MB of
    // tiers copied on the main thread, a second or more; again every GIGAWATT_CHECKPOINT): the same
    // query is measured while it runs, the rest after it (the cost of history, not of state) and after a
    // few requests to warm up.
    const ckpt = join(tmpdir(), `gigawatt-e2e-${server.port}`, 'state', 'history.ckpt');
    const ready = performance.now();
    const duringCheckpoint = await run(kinds.repeated);
    while (!existsSync(ckpt) && performance.now() - ready < 60_000) await sleep(20);
    const checkpointMs = performance.now() - ready;
    for (let i = 0; i < 5; i++) await (await fetch(url(to - 3_600_000 - i * 60_000))).arrayBuffer();
    const loadAvg = loadavg();
    const repeated = await run(kinds.repeated);
    const uncached = await run(kinds.newQuery);
    const newWindow = await run(kinds.newWindow);
    const br = await wireBytes(url(to), 'br');
    const gzip = await wireBytes(url(to), 'gzip');
    results.history = {
      series: 48,
      rangeDays: 7,
      maxPoints: 1000,
      ...repeated,
      uncached,
      newWindow,
      brBytes: br,
      gzipBytes: gzip,
      loadAvg,
      duringCheckpoint,
      startupCheckpointMs: checkpointMs,
    };
    const note = `${fmt(repeated.bytes / 1024, 0)} KiB raw, ${fmt(br / 1024, 0)} KiB br, ${fmt(gzip / 1024, 0)} KiB gzip, ${repeated.points.toLocaleString()} points; load ${loadAvg.map((x) => x.toFixed(2)).join(' ')}`;
    const value = (r: { p50Ms: number; p95Ms: number }) =>
      `p50 ${fmt(r.p50Ms, 0)} ms, p95 ${fmt(r.p95Ms, 0)} ms`;
    rows.push({
      name: 'GET /api/history: 7 d × 48 site series, maxPoints 1000 (same query)',
      value: value(repeated),
      budget: 'p95 ≤ 50 ms',
      note,
    });
    rows.push({
      name: 'GET /api/history: the same, a new `to` each time (each viewer)',
      value: value(uncached),
      budget: 'p95 ≤ 50 ms',
    });
    rows.push({
      name: 'GET /api/history: the same, a new window each time (uncached)',
      value: value(newWindow),
      budget: 'p95 ≤ 50 ms',
    });
    rows.push({
      name: 'GET /api/history: same query, during the start-up checkpoint',
      value: value(duringCheckpoint),
      budget: '—',
      note: `the checkpoint was written ${fmt(checkpointMs / 1000, 1)} s after ready; the rows above after it`,
    });
  } finally {
    await server.stop();
  }
}

/** Runs the viewer crowd in a child process and returns its report. */
function swarm(
  url: string,
  viewers: number,
  seconds: number,
): Promise<{ connected: number; ticks: number; tickBytes: number; p50: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/viewerSwarm.ts', url, String(viewers), String(seconds)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`viewer swarm exited ${code}: ${out}`));
      resolve(JSON.parse(last));
    });
  });
}

/** DESIGN.md budget: 1,000 viewers on one process, p99 sample-to-viewer ≤ 50 ms on loopback. */
/** CPU share of a process over a window of `seconds`. */
async function cpuShareOver(pid: number, seconds: number): Promise<number> {
  const cpu0 = processCpuSeconds(pid);
  const w0 = performance.now();
  await sleep(seconds * 1000);
  return (processCpuSeconds(pid) - cpu0) / ((performance.now() - w0) / 1000);
}

/**
 * DESIGN.md fan-out budget (p99 ≤ 50 ms at 1,000 viewers), beside a raw `ws` broadcast of the same tick
 * bytes to the same swarm in the same run: on a 2-core machine the swarm's own parsing bounds both, so
 * the ratio says what the product adds. Fan-out CPU is the server's with the crowd less its idle share.
 */
async function fanOut() {
  const server = await startServer(
    { GIGAWATT_BACKFILL: '0s', GIGAWATT_SIMULATE_RACKS: 'off' },
    // BENCH_SERVER_ARGS: node options for the server (a profile of the run: --cpu-prof).
    { requireClient: false, nodeArgs: process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) },
  );
  const pid = server.proc.pid!;
  let live: {
    p50: number;
    p99: number;
    max: number;
    n: number;
    crowdP99: number;
    cpu: number;
    viewers: number;
  };
  let serverSide = { ticks: 0, over50ms: 0, over100ms: 0, eventLoopMaxMs: Number.NaN };
  try {
    await sleep(2000);
    const idle = await cpuShareOver(pid, Math.min(SECONDS, 10));
    const crowd = swarm(server.url, 1000, FANOUT_SECONDS);
    await sleep(4000);
    // Scraped before and after the window: the server's own tick delays in it, and its event loop's
    // worst delay (prom-client resets that at each scrape).
    const before = await scrapeTickDelay(server.url);
    const probe = await connectViewer(server.url);
    const cpu0 = processCpuSeconds(pid);
    const w0 = performance.now();
    const report = await crowd;
    const cpu = (processCpuSeconds(pid) - cpu0) / ((performance.now() - w0) / 1000);
    const after = await scrapeTickDelay(server.url);
    const lat = probe.latencies;
    probe.close();
    serverSide = {
      ticks: after.count - before.count,
      over50ms: after.count - after.le['0.05']! - (before.count - before.le['0.05']!),
      over100ms: after.count - after.le['0.1']! - (before.count - before.le['0.1']!),
      eventLoopMaxMs: after.eventLoopMaxMs,
    };
    live = {
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      max: Math.max(...lat),
      n: lat.length,
      crowdP99: report.p99,
      cpu: cpu - idle,
      viewers: report.connected + 1,
    };
    results.fanOut = {
      viewers: report.connected + 1,
      probe: { p50: live.p50, p99: live.p99, max: live.max, n: lat.length },
      serverSide,
      crowd: report,
      serverCpuShare: cpu,
      idleServerCpuShare: idle,
    };
  } finally {
    await server.stop();
  }
  const raw = await rawWsFanOut();
  results.fanOutRawWs = raw;
  rows.push({
    name: `fan-out: ${live.viewers} viewers, tick.t → probe viewer (raw ws, same swarm)`,
    value: `p50 ${fmt(live.p50, 0)} ms, p99 ${fmt(live.p99, 0)} ms (raw ws p50 ${fmt(raw.p50, 0)}, p99 ${fmt(raw.p99, 0)} ms)`,
    budget: 'p99 ≤ 50 ms',
    note: `probe: ${live.n} ticks, worst ${fmt(live.max, 0)} ms (raw ws ${fmt(raw.max, 0)} ms); crowd p99 ${fmt(live.crowdP99, 0)} ms (raw ws ${fmt(raw.crowdP99, 0)} ms); server: ${serverSide.over50ms} of ${serverSide.ticks} ticks left it > 50 ms after their second (${serverSide.over100ms} > 100 ms), event loop worst delay ${fmt(serverSide.eventLoopMaxMs, 0)} ms; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  });
  rows.push({
    name: 'fan-out CPU: 1,000 viewers over the idle server / raw ws broadcast',
    value: `${fmt(live.cpu * 100)} % / ${fmt(raw.cpu * 100)} % of a core (${fmt(live.cpu / raw.cpu, 2)}×)`,
    budget: '≤ 1.5× raw ws',
  });
}

/** The server's tick-delay histogram (cumulative counts by upper bound) and event-loop worst delay. */
async function scrapeTickDelay(
  url: string,
): Promise<{ count: number; le: Record<string, number>; eventLoopMaxMs: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const le: Record<string, number> = {};
  for (const m of text.matchAll(/^gigawatt_tick_delay_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm)) {
    le[m[1]!] = Number(m[2]);
  }
  const count = Number(/^gigawatt_tick_delay_seconds_count (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  const lag = Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  return { count, le, eventLoopMaxMs: lag * 1000 };
}

/** The same swarm and probe (socket.io clients) against bench/rawWsServer.ts. */
async function rawWsFanOut(): Promise<{
  p50: number;
  p99: number;
  max: number;
  crowdP99: number;
  cpu: number;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/rawWsServer.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`raw ws server exited ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const crowd = swarm(url, 1000, FANOUT_SECONDS);
    await sleep(4000);
    const probe = await connectViewer(url);
    const pid = child.pid!;
    const cpu0 = processCpuSeconds(pid);
    const w0 = performance.now();
    const report = await crowd;
    const cpu = (processCpuSeconds(pid) - cpu0) / ((performance.now() - w0) / 1000);
    probe.close();
    return {
      p50: percentile(probe.latencies, 50),
      p99: percentile(probe.latencies, 99),
      max: Math.max(...probe.latencies),
      crowdP99: report.p99,
      cpu,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * DESIGN.md browser budget: at 3840×2160 with every panel live, ≤ 8 ms of script per data update and
 * ≤ 2× a uPlot page drawing the same series and points. Each page is followed, in the same run, by its
 * uPlot twin (bench/uplotTwin.ts: the charts the page had on screen, same sizes, lines and points),
 * measured the same way; the ratio is the page's script per update over the twin's.
 */
async function browserCosts() {
  if (!existsSync(CHROMIUM)) {
    rows.push({ name: 'browser: skipped', value: `no Chromium at ${CHROMIUM}`, budget: '—' });
    return;
  }
  // BENCH_CLIENT_DIR measures a client built elsewhere (dist/client is shared with whoever builds next).
  const clientDir = process.env.BENCH_CLIENT_DIR;
  const server = await startServer({
    GIGAWATT_BACKFILL: '1h',
    GIGAWATT_SIMULATE_RACKS: 'off',
    ...(clientDir ? { GIGAWATT_CLIENT_DIR: clientDir } : {}),
  });
  const twin = await startUplotTwin();
  const uhd = { width: 3840, height: 2160 };
  const hd = { width: 1920, height: 1080 };
  try {
    const out: (BrowserPerf & {
      uplot: BrowserPerf;
      ratio: number;
      medianScriptMsPerTick: number;
      medianUplotScriptMsPerTick: number;
      rounds: { scriptMsPerTick: number; uplotScriptMsPerTick: number; ratio: number }[];
      loadAvg: number[];
    })[] = [];
    // The wall pinned to its fleet page: rotation would swap its charts in the middle of a window.
    const pages = [
      ['/', uhd],
      ['/wall?rotate=off', uhd],
      ['/site/ohio', uhd],
      ['/', hd],
      ['/wall?rotate=off', hd],
      ['/site/ohio', hd],
    ] as const;
    // BENCH_BROWSER=4k measures the 3840×2160 pages only (the budget's), for quicker repeated runs.
    const only4k = process.env.BENCH_BROWSER === '4k';
    // A window's script time moves ±30 % between runs on a shared 2-core machine, for both pages alike:
    // the budget's pages are measured in rounds (page, twin, page, twin, …) and judged by the medians,
    // every round printed beside them. BENCH_BROWSER_ROUNDS sets how many (3 by default).
    const rounds = Math.max(1, Number(process.env.BENCH_BROWSER_ROUNDS ?? 3));
    for (const [route, vp] of pages.filter(([, vp]) => !only4k || vp === uhd)) {
      const budgeted = vp === uhd;
      const runs: { m: BrowserPerf; u: BrowserPerf; ratio: number }[] = [];
      for (let r = 0; r < (budgeted ? rounds : 1); r++) {
        const m = await measurePage(server.url, route, vp, SECONDS);
        const u = await measurePage(twin.url, twin.add({ charts: m.charts }), vp, SECONDS);
        runs.push({ m, u, ratio: m.scriptMsPerTick / u.scriptMsPerTick });
      }
      const mid = medianRun(runs);
      const { m, u } = mid;
      const script = median(runs.map((x) => x.m.scriptMsPerTick));
      const twinScript = median(runs.map((x) => x.u.scriptMsPerTick));
      const ratio = median(runs.map((x) => x.ratio));
      out.push({
        ...m,
        uplot: u,
        ratio,
        medianScriptMsPerTick: script,
        medianUplotScriptMsPerTick: twinScript,
        rounds: runs.map((x) => ({
          scriptMsPerTick: x.m.scriptMsPerTick,
          uplotScriptMsPerTick: x.u.scriptMsPerTick,
          ratio: x.ratio,
        })),
        loadAvg: loadavg().map((x) => Math.round(x * 100) / 100),
      });
      const each =
        runs.length > 1
          ? `rounds ${runs.map((x) => `${fmt(x.m.scriptMsPerTick, 1)}/${fmt(x.u.scriptMsPerTick, 1)}/${fmt(x.ratio, 2)}×`).join(', ')}; `
          : '';
      rows.push({
        name: `browser ${route} at ${m.viewport}: script per 1 s update / uPlot / ratio${runs.length > 1 ? ` (median of ${runs.length})` : ''}`,
        value: `${fmt(script, 1)} ms / ${fmt(twinScript, 1)} ms / ${fmt(ratio, 2)}×`,
        budget: budgeted ? '≤ 8 ms, ≤ 2× uPlot' : '—',
        note: `${each}${m.charts.length} charts, ${m.series} lines, ${m.points.toLocaleString('en-US')} points on screen; main-thread CPU ${m.mainThreadCpuMsPerTick === null ? 'n/a' : fmt(m.mainThreadCpuMsPerTick, 1)} ms vs uPlot ${u.mainThreadCpuMsPerTick === null ? 'n/a' : fmt(u.mainThreadCpuMsPerTick, 1)} ms, browser CPU ${fmt(m.browserCpuMsPerTick, 0)} vs ${fmt(u.browserCpuMsPerTick, 0)} ms per update; ${m.longTasks} long tasks (max ${fmt(m.longestTaskMs, 0)} ms), heap ${fmt(m.heapMb, 1)} MB, ${m.nodes} nodes; load ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      });
    }
    results.browser = out;
  } finally {
    await twin.close();
    await server.stop();
  }
}

/** Issue 5 (DESIGN.md: a 24 h recording opens in ≤ 300 ms and seeks in ≤ 50 ms; 100× stays smooth). */
async function replayCosts() {
  const r = await recordingBench({ wallS: Math.min(SECONDS, 30) });
  results.replay = r;
  const mb = (b: number) => `${fmt(b / 1e6, 1)} MB`;
  rows.push({
    name: `replay: recording size per day (${r.recording.level} level, whole fleet)`,
    value: mb(r.bytesPerDay),
    budget: '—',
    note: `${r.recording.name}: ${fmt(r.recording.hours, 1)} h, ${mb(r.recording.sizeBytes)}`,
  });
  rows.push({
    name: 'replay: open a 24 h recording → first tick, p50 / p95',
    value: `${fmt(r.openMs.p50, 0)} / ${fmt(r.openMs.p95, 0)} ms`,
    budget: '≤ 300 ms',
    note: `${r.openMs.n} opens, ${fmt(r.openMs.bytesFetched / 1024, 0)} KiB in ${r.openMs.requests} range requests`,
  });
  rows.push({
    name: 'replay: open → every alert and note marker known',
    value: `${fmt(r.markers.ms, 0)} ms`,
    budget: '—',
    note: `${r.markers.count} markers; ${fmt(r.markers.bytesFetched / 1024, 0)} KiB in ${r.markers.requests} range requests, open included`,
  });
  rows.push({
    name: 'replay: seek → tick at the new playhead, p50 / p95',
    value: `${fmt(r.seekMs.p50, 0)} / ${fmt(r.seekMs.p95, 0)} ms`,
    budget: '≤ 50 ms',
    note: `${r.seekMs.n} seeks, ${fmt(r.seekMs.bytesPerSeek / 1024, 0)} KiB fetched per seek`,
  });
  const p = r.playback100x;
  rows.push({
    name: `replay: 100× for ${fmt(p.wallS, 0)} s, recording seconds delivered`,
    value: `${p.deliveredSeconds} of ${p.expectedSeconds}`,
    budget: 'keeps up',
    note: `${p.keepsUp ? 'keeps up' : 'FALLS BEHIND'}; ${p.missing} missing, ${p.duplicates} duplicates`,
  });
}

/** Issue 3: /wall for at least 24 h of data time with a dozen server restarts; heap and DOM stay flat. */
async function wallSoak() {
  if (!existsSync(CHROMIUM)) {
    rows.push({ name: 'wall soak: skipped', value: `no Chromium at ${CHROMIUM}`, budget: '—' });
    return;
  }
  const { result: r, pass, file } = await soakBench();
  const ok = (k: string) => (pass[k] ? 'ok' : 'FAIL');
  results.soak = {
    pass,
    file,
    wallSeconds: r.wallSeconds,
    dataHours: r.dataHours,
    heap: r.heap,
    nodes: r.nodes,
  };
  rows.push({
    name: `wall soak: ${r.dataHours.toFixed(1)} h of data in ${Math.round(r.wallSeconds / 60)} min, restarts`,
    value: `${r.reconnects}/${r.restarts}`,
    budget: '≥ 24 h, 12 reconnects',
    note: `${ok('dayOfData')} ${ok('reconnected')}`,
  });
  rows.push({
    name: 'wall soak: JS heap, last third / first third',
    value: `×${r.heap.ratio.toFixed(3)}`,
    budget: '< ×1.15',
    note: `${(r.heap.firstThirdMedian / 1e6).toFixed(1)} → ${(r.heap.lastThirdMedian / 1e6).toFixed(1)} MB, ${ok('heapFlat')}`,
  });
  rows.push({
    name: 'wall soak: DOM nodes per page, worst ratio',
    value: `×${Math.max(...Object.values(r.nodes.byPage).map((f) => f.ratio)).toFixed(3)}`,
    budget: '< ×1.10',
    note: `${ok('nodesFlat')}; listeners ${ok('listenersFlat')}; errors ${ok('noErrors')}`,
  });
}

/** Issue 8: restart to LIVE with 8 days of history, data lost at kill -9, memory under hostile bodies. */
async function durabilityCosts() {
  const r = await durabilityBench();
  results.durability = r;
  const s = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${fmt(ms / 1000, 2)} s`);
  const mib = (b: number) => `${fmt(b / 2 ** 20, 0)} MiB`;
  const { firstStart: a, restartAfterKill9: b } = r.startup;
  const noBrowser = r.startup.browser ? '' : `; no Chromium at ${CHROMIUM}, LIVE not measured`;
  rows.push({
    name: `start-up, first start (empty data folder, ${r.startup.backfill} synthesized): healthz / LIVE`,
    value: `${s(a.healthzMs)} / ${s(a.liveMs)}`,
    budget: '≤ 5 s to LIVE',
    note: `synthesized in ${a.synthesizedMs ?? '?'} ms; page loaded at ${s(a.pageLoadedMs)}; history complete (/readyz) at ${s(r.startup.historyCompleteMs)}; checkpoint ${mib(r.startup.checkpointBytes)} ready after ${s(r.startup.checkpointReadyMs)}; demos off${noBrowser}`,
  });
  rows.push({
    name: `start-up after kill -9 with ${r.startup.backfill} of history: healthz / LIVE`,
    value: `${s(b.healthzMs)} / ${s(b.liveMs)}`,
    budget: '≤ 5 s to LIVE',
    note: `state restored in ${b.restoredMs ?? '?'} ms; page loaded at ${s(b.pageLoadedMs)}; a server with no history answers healthz in ${s(r.startup.bareHealthzMs)}${noBrowser}`,
  });
  const k = r.killLoss;
  rows.push({
    name: 'kill -9, simulator off, external producer: acknowledged seconds lost',
    value: `${k.secondsLost} s`,
    budget: '0 (≤ 1 s before the kill)',
    note: `${k.missingPairs} of ${k.ackedPairs} acked samples missing; newest ack ${fmt(-k.newestAckedBeforeKillMs / 1000, 2)} s before the kill; ${k.unansweredAtKill} unanswered`,
  });
  const g = r.producerGap;
  rows.push({
    name: 'kill -9 under the resending mock producer: holes in the 1 s series',
    value: `${g.holes} holes, ${g.missingSeconds} s missing`,
    budget: 'no hole',
    note: `outage ${s(g.outageMs)}; ${g.closedAfterRestartMs === undefined ? 'gap still open' : `outage filled ${s(g.closedAfterRestartMs)} after restart`}`,
  });
  const u = r.unauthBodies;
  const codes = Object.entries(u.statuses)
    .map(([c, n]) => `${n}× ${c}`)
    .join(', ');
  rows.push({
    name: `server RSS under ${u.requests} concurrent unauthenticated ${mib(u.bodyBytes)} bodies`,
    value: `+${mib(u.peakIncreaseBytes)} peak`,
    budget: 'refused before the body',
    note: `${mib(u.baselineRssBytes)} → ${mib(u.peakRssBytes)}, ${mib(u.rssAfterBytes)} after; ${codes}; all done in ${s(u.allFinishedMs)}; ${u.serverAliveAfter ? 'server alive' : 'SERVER DOWN'}`,
  });
  rows.push({
    name: 'durability: load average at start / end (1, 5, 15 min)',
    value: `${r.loadAvgAtStart.join(' ')} / ${r.loadAvgAtEnd.join(' ')}`,
    budget: '—',
    note: `${r.cores} cores`,
  });
}

/** Issue 10: one node vs three behind nginx (1,000 viewers), Redis traffic, failover, Redis restart. */
async function clusterCosts() {
  const r = await clusterBench({ seconds: SECONDS });
  if (typeof r === 'string') {
    rows.push({ name: 'cluster: skipped', value: r, budget: '—' });
    return;
  }
  results.cluster = r;
  rows.push(...clusterRows(r));
}

async function main() {
  console.log(`gigawatt bench: ${SECONDS}s windows, node ${process.version}`);
  // BENCH_ONLY=history,browser runs a subset (names below).
  const only = process.env.BENCH_ONLY?.split(',');
  const sections: [string, () => Promise<void>][] = [
    ['simulator', simulatorCosts],
    ['history', historyQueries],
    ['server', serverUnderLoad],
    ['fanout', fanOut],
    ['browser', browserCosts],
    ['replay', replayCosts],
    ['soak', wallSoak],
    ['durability', durabilityCosts],
    ['cluster', clusterCosts],
    [
      'alerts',
      async () => {
        const r = (await import('./alertRate.ts')).alertRateBench();
        rows.push(...r.rows);
        results.alerts = r.results;
      },
    ],
  ];
  for (const [name, run] of sections) if (!only || only.includes(name)) await run();
  const w = Math.max(...rows.map((r) => r.name.length));
  const v = Math.max(...rows.map((r) => r.value.length));
  console.log(`\n${'measure'.padEnd(w)}  ${'value'.padEnd(v)}  budget`);
  for (const r of rows)
    console.log(`${r.name.padEnd(w)}  ${r.value.padEnd(v)}  ${r.budget}${r.note ? `  (${r.note})` : ''}`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const json = JSON.stringify({ ...results, table: rows }, null, 2);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  console.log(`\nwrote ${file}`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
