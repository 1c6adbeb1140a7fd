/**
 * `node --import tsx bench/historyServerProfile.ts`: the bench's history requests (7 days of 48 site series
 * at maxPoints 1000) against a server started here under `--cpu-prof`, each request's time split into
 * time to headers (the server: query, answer, compression) and the rest (transfer and decompression in
 * this process). The profile is written to PROF_DIR (default <tmp>/gigawatt-history-prof) when the
 * server stops. Knobs: MODES (comma-separated runs of 30 requests: `repeated` the same query, `uncached`
 * a new `to` each time in the same window, `window` a new window each time), ENC (accept-encoding, default
 * `br, gzip, deflate`), NO_PROF=1 (no profiler), NODE_ARGS (more node flags, e.g. --trace-gc; the
 * server's output is then shown), IDLE_MS (wait before the first run), VALIDATE=1 (schema-check each
 * answer between requests, as the bench once did).
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFleet, parseHistoryWire, SITE_METRICS } from '@gigawatt/shared';
import { percentile } from './viewerLoad.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const profDir = process.env.PROF_DIR ?? join(tmpdir(), 'gigawatt-history-prof');
const port = 18_000 + Math.floor(Math.random() * 1000);
const dataDir = join(tmpdir(), `gigawatt-history-prof-${port}`);
rmSync(dataDir, { recursive: true, force: true });
const flags = [
  ...(process.env.NO_PROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250']),
  ...(process.env.NODE_ARGS?.split(' ').filter(Boolean) ?? []),
];
const proc = spawn(process.execPath, [...flags, '--import', 'tsx', 'server/src/main.ts'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    GIGAWATT_DATA_DIR: dataDir,
    GIGAWATT_INGEST_TOKEN: 'profile-ingest-token',
    GIGAWATT_OPERATOR_TOKEN: 'profile-operator-token',
    GIGAWATT_DEMOS: '0',
    GIGAWATT_BACKFILL: '7d',
    GIGAWATT_SIMULATE_RACKS: 'off',
  },
  stdio: ['ignore', process.env.NODE_ARGS ? 'inherit' : 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (;;) {
  if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode})`);
  const ready = await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ready) break;
  await sleep(150);
}
console.log(
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const waited = performance.now();
while (!existsSync(join(dataDir, 'state', 'history.ckpt')) && performance.now() - waited < 60_000)
  await sleep(20);
console.log(`start-up checkpoint written ${(performance.now() - waited).toFixed(0)} ms after ready`);
if (process.env.IDLE_MS) await sleep(Number(process.env.IDLE_MS));

const series = defaultFleet.sites.flatMap((s) => SITE_METRICS.map((m) => `site:${s.id}:${m}`)).join(',');
const url = (to: number) =>
  `${base}/api/history?series=${series}&from=${to - 7 * 86_400_000}&to=${to}&maxPoints=1000`;
const to = Date.now();
const at: Record<string, (i: number) => number> = {
  repeated: () => to,
  uncached: (i) => to + i + 1,
  window: (i) => to - (i + 1) * 60_000 - Math.floor(Math.random() * 1000),
};
const encoding = process.env.ENC ?? 'br, gzip, deflate';
for (const mode of (process.env.MODES ?? 'repeated,uncached,window').split(',')) {
  const headers: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const res = await fetch(url(at[mode]!(i)), { headers: { 'accept-encoding': encoding } });
    const t1 = performance.now();
    const buf = await res.arrayBuffer();
    headers.push(t1 - t0);
    totals.push(performance.now() - t0);
    if (process.env.VALIDATE && !parseHistoryWire(JSON.parse(new TextDecoder().decode(buf))).ok)
      throw new Error('history answer is malformed');
  }
  const ms = (xs: number[], p: number) => percentile(xs, p).toFixed(1);
  console.log(
    `${mode}: headers p50 ${ms(headers, 50)} p95 ${ms(headers, 95)}; total p50 ${ms(totals, 50)} p95 ${ms(totals, 95)} ms`,
  );
}
await new Promise<void>((r) => {
  proc.once('exit', () => r());
  proc.kill('SIGTERM');
});
rmSync(dataDir, { recursive: true, force: true });
if (!process.env.NO_PROF) console.log(`profile in ${profDir}`);
