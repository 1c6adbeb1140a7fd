/**
 * Issue 8's closing numbers, against the real server in its own process (e2e/harness.ts):
 * 1. start-up to LIVE with 8 days of history, first start on an empty data folder and after kill -9;
 * 2. seconds of acknowledged data lost at kill -9 (simulator off, an external producer), and whether the
 *    resending mock producer closes the outage gap;
 * 3. server memory under 150 concurrent unauthenticated 4 MiB POST /api/ingest bodies.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { connectIngest } from '@gigawatt/mock-telemetry/publish';
import { type Ack, defaultFleet, parseHistoryWire } from '@gigawatt/shared';
import type { Browser } from 'playwright-core';
import {
  CHROMIUM,
  freePort,
  launchBrowser,
  openPage,
  type RunningServer,
  startServer,
  statusText,
} from '../e2e/harness.ts';
import { startProducer } from '../e2e/producer.ts';
import { rssBytes } from './serverCpu.ts';

const INGEST_TOKEN = 'e2e-ingest-token';
const SITES = defaultFleet.sites.map((s) => s.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loads = () => loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];

export interface StartupFigures {
  /** spawn → GET /healthz answers 200 (the harness polls every 150 ms). */
  healthzMs: number;
  /** spawn → the page at `/` has loaded (goto resolved); undefined without Chromium. */
  pageLoadedMs: number | undefined;
  /** spawn → a Chromium page at `/` shows LIVE in its status element; undefined without Chromium. */
  liveMs: number | undefined;
  /** The server's own line: "synthesized history in N ms" (first start) / "state restored in N ms". */
  synthesizedMs: number | undefined;
  restoredMs: number | undefined;
  restoredLine: string | undefined;
}

export interface DurabilityResult {
  cores: number;
  loadAvgAtStart: [number, number, number];
  loadAvgAtEnd: [number, number, number];
  startup: {
    backfill: string;
    browser: boolean;
    firstStart: StartupFigures;
    /** spawn → <dataDir>/state/history.ckpt written and its size stable. */
    checkpointReadyMs: number;
    /** spawn → /readyz answers 200: every tier synthesized and merged. */
    historyCompleteMs: number;
    checkpointBytes: number;
    restartAfterKill9: StartupFigures;
    /** spawn → /healthz of a server with no history at all (simulator off, nothing to restore). */
    bareHealthzMs: number;
  };
  killLoss: {
    fedSeconds: number;
    /** (site, second) pairs the server acknowledged before the kill. */
    ackedPairs: number;
    /** Newest acknowledged second, relative to the kill (ms, negative: before it). */
    newestAckedBeforeKillMs: number;
    /** Samples emitted whose ack had not arrived when the server was killed (not counted as acked). */
    unansweredAtKill: number;
    /** Acknowledged pairs missing from the restarted server's history, and the worst site in seconds. */
    missingPairs: number;
    secondsLost: number;
    missingBySite: Record<string, number>;
  };
  producerGap: {
    outageMs: number;
    /** Seconds missing in [kill − 10 s, kill + outage + 8 s] of site:louisiana:itPowerMw, and runs of them. */
    missingSeconds: number;
    holes: number;
    /** Restarted server answering → every second of the outage held (undefined: not by the deadline). */
    closedAfterRestartMs: number | undefined;
  };
  unauthBodies: {
    requests: number;
    bodyBytes: number;
    baselineRssBytes: number;
    peakRssBytes: number;
    peakIncreaseBytes: number;
    rssAfterBytes: number;
    /** First request opened → the last one finished (answered, reset or timed out). */
    allFinishedMs: number;
    statuses: Record<string, number>;
    /** What the client got into its sockets (kernel buffers included), summed over all requests. */
    clientBytesWritten: number;
    serverAliveAfter: boolean;
  };
}

const dataDirOf = (port: number) => join(tmpdir(), `gigawatt-e2e-${port}`);

function numberFrom(out: string, re: RegExp): number | undefined {
  const m = re.exec(out);
  return m ? Number(m[1]) : undefined;
}

/** A tab already open (a browser is running before the server starts, as on a wall PC or a laptop). */
async function openTab(browser: Browser | undefined) {
  return browser ? openPage(browser, { width: 1920, height: 1080 }) : undefined;
}

async function untilLive(
  tab: Awaited<ReturnType<typeof openTab>>,
  url: string,
  t0: number,
): Promise<{ pageLoadedMs: number | undefined; liveMs: number | undefined }> {
  if (!tab) return { pageLoadedMs: undefined, liveMs: undefined };
  const { page, context } = tab;
  try {
    await page.goto(url);
    const pageLoadedMs = performance.now() - t0;
    const deadline = Date.now() + 60_000;
    while ((await statusText(page).catch(() => '')) !== 'LIVE') {
      if (Date.now() > deadline) throw new Error(`no LIVE within 60 s at ${url}`);
      await sleep(50);
    }
    return { pageLoadedMs, liveMs: performance.now() - t0 };
  } finally {
    await context.close();
  }
}

/** Spawns the server on `port` and times it to /healthz and to LIVE in a browser tab opened before. */
async function timedStart(
  env: Record<string, string>,
  port: number,
  keepData: boolean,
  browser: Browser | undefined,
): Promise<{ server: RunningServer; t0: number; healthzMs: number } & Awaited<ReturnType<typeof untilLive>>> {
  const tab = await openTab(browser);
  const t0 = performance.now();
  // The built server, as `npm start` runs it: start-up is what a user waits for, not tsx compiling.
  const server = await startServer(env, { port, keepData, waitFor: 'healthz', entry: 'built' });
  const healthzMs = performance.now() - t0;
  return { server, t0, healthzMs, ...(await untilLive(tab, server.url, t0)) };
}

function figures(
  s: { healthzMs: number; pageLoadedMs: number | undefined; liveMs: number | undefined },
  out: string,
): StartupFigures {
  const line = /gigawatt: state restored in [^"]*/.exec(out)?.[0];
  return {
    healthzMs: s.healthzMs,
    pageLoadedMs: s.pageLoadedMs,
    liveMs: s.liveMs,
    synthesizedMs: numberFrom(out, /synthesized the recent past in (\d+) ms/),
    restoredMs: numberFrom(out, /state restored in (\d+) ms/),
    restoredLine: line,
  };
}

async function startup(
  browser: Browser | undefined,
): Promise<Omit<DurabilityResult['startup'], 'bareHealthzMs'>> {
  const env = { GIGAWATT_BACKFILL: '8d' };
  const port = await freePort();
  const ckpt = join(dataDirOf(port), 'state', 'history.ckpt');
  const first = await timedStart(env, port, false, browser);
  let server = first.server;
  try {
    const firstStart = figures(first, server.output());
    // History is complete when /readyz says so (the worker's day and week merged).
    const readyDeadline = Date.now() + 120_000;
    while (
      !(await fetch(`${server.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > readyDeadline) throw new Error('/readyz not ready within 120 s of a first start');
      await sleep(50);
    }
    const historyCompleteMs = performance.now() - first.t0;
    // The first start writes a checkpoint of the synthesized history in the background.
    let last = -1;
    let stableSince = 0;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const size = existsSync(ckpt) ? statSync(ckpt).size : -1;
      if (size > 0 && size === last) {
        if (performance.now() - stableSince >= 1000) break;
      } else {
        last = size;
        stableSince = performance.now();
      }
      if (Date.now() > deadline) throw new Error(`no stable checkpoint at ${ckpt} within 120 s`);
      await sleep(100);
    }
    const checkpointReadyMs = stableSince - first.t0;
    await server.stop('SIGKILL');
    const again = await timedStart(env, port, true, browser);
    server = again.server;
    return {
      backfill: env.GIGAWATT_BACKFILL,
      browser: browser !== undefined,
      firstStart,
      checkpointReadyMs,
      historyCompleteMs,
      checkpointBytes: last,
      restartAfterKill9: figures(again, server.output()),
    };
  } finally {
    await server.stop('SIGKILL');
    rmSync(dataDirOf(port), { recursive: true, force: true });
  }
}

async function siteSeconds(url: string, from: number, to: number): Promise<Map<string, Set<number>>> {
  const series = SITES.map((s) => `site:${s}:itPowerMw`).join(',');
  const res = await fetch(`${url}/api/history?series=${series}&from=${from}&to=${to}&maxPoints=5000`);
  if (!res.ok) throw new Error(`GET /api/history: ${res.status} ${await res.text()}`);
  const parsed = parseHistoryWire(await res.json());
  if (!parsed.ok) throw new Error(`history answer is malformed: ${parsed.error}`);
  const body = parsed.value;
  if (body.stepMs !== 1000) throw new Error(`history answered in ${body.stepMs} ms steps, not 1 s`);
  const out = new Map<string, Set<number>>();
  for (const s of body.series) {
    const site = s.id.split(':')[1]!;
    out.set(site, new Set(s.t.filter((_, i) => Number.isFinite(s.mean[i]))));
  }
  return out;
}

/**
 * Publishes the seeded simulator (all sites) once a second over /ingest and keeps what the server
 * acknowledged; nothing is buffered or resent, so after the kill nothing reaches the restarted server.
 */
function ackingProducer(url: string) {
  const sim = createSimulator({ seed: 7, fleet: defaultFleet });
  const socket = connectIngest(url, INGEST_TOKEN);
  socket.io.reconnection(false);
  const acked = new Map<string, Set<number>>(SITES.map((s) => [s, new Set<number>()]));
  let unanswered = 0;
  let stopped = false;
  let lastSentAt = 0;
  const run = (async () => {
    while (!stopped) {
      await sleep(1000 - (Date.now() % 1000) + 5);
      if (stopped) break;
      const t = Math.floor(Date.now() / 1000) * 1000;
      lastSentAt = performance.now();
      for (const site of SITES) {
        unanswered++;
        socket
          .timeout(5000)
          .emitWithAck('sample', sim.sampleSite(site, t))
          .then(
            (ack: Ack) => {
              if (ack.ok) acked.get(site)!.add(t);
            },
            () => {},
          )
          .finally(() => {
            unanswered--;
          });
      }
    }
  })();
  return {
    acked,
    unanswered: () => unanswered,
    lastSentAt: () => lastSentAt,
    async stop() {
      stopped = true;
      socket.close();
      await run;
    },
  };
}

async function killLossAndGap(): Promise<
  Pick<DurabilityResult, 'killLoss' | 'producerGap'> & { bareHealthzMs: number }
> {
  const env = { GIGAWATT_SIMULATE: 'off', GIGAWATT_BACKFILL: '0s', GIGAWATT_SIMULATE_RACKS: 'off' };
  const port = await freePort();
  const t0 = performance.now();
  let server = await startServer(env, { port, requireClient: false, waitFor: 'healthz', entry: 'built' });
  const bareHealthzMs = performance.now() - t0;
  try {
    // 1. Acknowledged seconds lost at kill -9 (no resending producer).
    const producer = ackingProducer(server.url);
    const fedFrom = Date.now();
    const FEED_S = 20;
    await sleep(FEED_S * 1000);
    // Kill a few ms after a second went out, while its acks may still be on their way.
    const sentBefore = producer.lastSentAt();
    while (producer.lastSentAt() === sentBefore) await sleep(2);
    await sleep(8);
    await server.stop('SIGKILL');
    const killedAt = Date.now();
    // Acks that arrive now were sent before the process died: they count.
    await sleep(300);
    const unansweredAtKill = producer.unanswered();
    const ackedAtKill = new Map([...producer.acked].map(([s, set]) => [s, new Set(set)]));
    await producer.stop();
    server = await startServer(env, { port, keepData: true, requireClient: false });
    const held = await siteSeconds(server.url, fedFrom - 5000, killedAt + 5000);
    const missingBySite: Record<string, number> = {};
    let ackedPairs = 0;
    let newest = 0;
    for (const [site, secs] of ackedAtKill) {
      ackedPairs += secs.size;
      for (const t of secs) newest = Math.max(newest, t);
      const have = held.get(site) ?? new Set<number>();
      missingBySite[site] = [...secs].filter((t) => !have.has(t)).length;
    }
    const missingPairs = Object.values(missingBySite).reduce((a, b) => a + b, 0);
    const killLoss = {
      fedSeconds: FEED_S,
      ackedPairs,
      newestAckedBeforeKillMs: newest - killedAt,
      unansweredAtKill,
      missingPairs,
      secondsLost: Math.max(0, ...Object.values(missingBySite)),
      missingBySite,
    };

    // 2. The resending mock producer across a kill -9 and a 3 s outage.
    const mock = startProducer(server.url, INGEST_TOKEN);
    let producerGap: DurabilityResult['producerGap'];
    try {
      await sleep(12_000);
      await server.stop('SIGKILL');
      const killed = Date.now();
      await sleep(3000);
      server = await startServer(env, { port, keepData: true, requireClient: false });
      const up = Date.now();
      const outageMs = up - killed;
      const from = Math.floor((killed - 10_000) / 1000) * 1000;
      const to = Math.floor((up + 8000) / 1000) * 1000;
      let closedAfterRestartMs: number | undefined;
      let missing: number[] = [];
      const deadline = up + 30_000;
      // The outage: the seconds from before the kill up to the one before the restart answered.
      const outageEnd = Math.floor(up / 1000) * 1000 - 1000;
      for (;;) {
        const end = Math.max(outageEnd, Math.min(to, Math.floor((Date.now() - 2000) / 1000) * 1000));
        const have = (await siteSeconds(server.url, from, end)).get('louisiana') ?? new Set<number>();
        missing = [];
        for (let t = from; t <= end; t += 1000) if (!have.has(t)) missing.push(t);
        if (closedAfterRestartMs === undefined && !missing.some((t) => t <= outageEnd)) {
          closedAfterRestartMs = Date.now() - up;
        }
        if (end >= to || Date.now() > deadline) break;
        await sleep(250);
      }
      const holes = missing.filter((t, i) => i === 0 || t - missing[i - 1]! > 1000).length;
      producerGap = { outageMs, missingSeconds: missing.length, holes, closedAfterRestartMs };
    } finally {
      await mock.stop();
    }
    return { killLoss, producerGap, bareHealthzMs };
  } finally {
    await server.stop('SIGKILL');
    rmSync(dataDirOf(port), { recursive: true, force: true });
  }
}

interface BodyOutcome {
  label: string;
  bytesWritten: number;
}

/** One POST /api/ingest with a streamed `bytes` body that keeps writing until done or cut off. */
function hostileUpload(port: number, bytes: number, auth: string | undefined, chunk: Buffer) {
  return new Promise<BodyOutcome>((resolve) => {
    let label: string | undefined;
    const headers: Record<string, string | number> = {
      'content-type': 'application/x-ndjson',
      'content-length': bytes,
    };
    if (auth) headers.authorization = auth;
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/ingest',
      headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      label ??= 'no answer in 60 s';
      req.destroy();
    }, 60_000);
    req.on('response', (res) => {
      label = String(res.statusCode);
      res.resume();
      res.on('end', () => req.destroy());
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      label ??= e.code ?? e.message;
    });
    req.on('close', () => {
      clearTimeout(timer);
      resolve({ label: label ?? 'closed', bytesWritten: req.socket?.bytesWritten ?? 0 });
    });
    req.flushHeaders();
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return;
      }
      if (sent >= bytes && !req.destroyed) req.end();
    };
    req.on('drain', pump);
    pump();
  });
}

async function unauthBodies(): Promise<DurabilityResult['unauthBodies']> {
  const REQUESTS = 150;
  const BODY = 4 * 2 ** 20;
  const server = await startServer({ GIGAWATT_BACKFILL: '0s' }, { requireClient: false });
  const pid = server.proc.pid!;
  try {
    await sleep(3000);
    const base: number[] = [];
    for (let i = 0; i < 20; i++) {
      base.push(rssBytes(pid));
      await sleep(50);
    }
    base.sort((a, b) => a - b);
    const baselineRssBytes = base[Math.floor(base.length / 2)]!;
    let peak = baselineRssBytes;
    const sampler = setInterval(() => {
      const r = rssBytes(pid);
      if (r > peak) peak = r;
    }, 50);
    // A line of JSON-looking bytes, as a real (if unwelcome) producer would send.
    const chunk = Buffer.alloc(64 * 1024, '{"site":"louisiana","t":0}\n');
    const t0 = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        hostileUpload(server.port, BODY, i % 2 === 0 ? undefined : `Bearer wrong-token-${i}`, chunk),
      ),
    );
    const allFinishedMs = performance.now() - t0;
    await sleep(1000);
    clearInterval(sampler);
    const statuses: Record<string, number> = {};
    for (const o of outcomes) statuses[o.label] = (statuses[o.label] ?? 0) + 1;
    const alive = await fetch(`${server.url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    await sleep(1000);
    return {
      requests: REQUESTS,
      bodyBytes: BODY,
      baselineRssBytes,
      peakRssBytes: peak,
      peakIncreaseBytes: peak - baselineRssBytes,
      rssAfterBytes: rssBytes(pid),
      allFinishedMs,
      statuses,
      clientBytesWritten: outcomes.reduce((a, o) => a + o.bytesWritten, 0),
      serverAliveAfter: alive && server.proc.exitCode === null,
    };
  } finally {
    await server.stop('SIGKILL');
    rmSync(dataDirOf(server.port), { recursive: true, force: true });
  }
}

export async function durabilityBench(): Promise<DurabilityResult> {
  const loadAvgAtStart = loads();
  const browser = existsSync(CHROMIUM) ? await launchBrowser() : undefined;
  let startupResult: Omit<DurabilityResult['startup'], 'bareHealthzMs'>;
  try {
    startupResult = await startup(browser);
  } finally {
    await browser?.close();
  }
  const { bareHealthzMs, ...loss } = await killLossAndGap();
  const bodies = await unauthBodies();
  return {
    cores: availableParallelism(),
    loadAvgAtStart,
    loadAvgAtEnd: loads(),
    startup: { ...startupResult, bareHealthzMs },
    ...loss,
    unauthBodies: bodies,
  };
}
