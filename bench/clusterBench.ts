/**
 * Issue 10's closing figures (`BENCH_ONLY=cluster npm run bench`), in one run:
 * (a) one node with 1,000 viewers: p99 tick latency and server CPU (as the fanout section measures it:
 *     tick.t → receipt, the crowd in its own process, a probe viewer here);
 * (b) three nodes behind nginx (the shipped deploy/nginx-cluster.conf) with 1,000 viewers in all, spread
 *     by nginx's hash over 249 loopback source addresses: p99 per node (a probe on each node) and through
 *     nginx (the crowd), CPU per node, nginx's and the crowd's own CPU;
 * (c) Redis operations and bytes per second over (b)'s window (INFO stats and commandstats deltas);
 * (d) lease failover: kill -9 of the holder → the first tick a survivor delivers again;
 * (e) catch-up after a Redis restart: a producer on one node (simulator off), Redis killed for a few
 *     seconds and started again → every node holds every second the producer sent during the outage.
 * Redis here is a private redis-server on a free port (the shared one is left alone, and INFO counts
 * only this cluster); PostgreSQL (DATABASE_URL) is used when it answers, in schemas of their own.
 * The machine may have two cores: the crowd, nginx and three nodes compete for them, so the load average
 * is printed beside the figures, and the crowd's own CPU bounds both latency measurements.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFleet, parseHistoryWire, type Tick } from '@gigawatt/shared';
import { startProducer } from '../e2e/producer.ts';
import {
  freePort,
  type NginxFront,
  type NodeProcess,
  nodeViewers,
  ROOT,
  seqProblems,
  spawnNode,
  startNginx,
  startPrivateRedis,
  stopProcess,
  toolsAvailable,
} from '../server/src/testing/cluster.ts';
import { createTestSchema, type TestSchema } from '../server/src/testing/postgresSchema.ts';
import { testRedisClient } from '../server/src/testing/redisKeys.ts';
import { postgresAvailable, redisAvailable } from '../server/src/testing/services.ts';
import { processCpuSeconds } from './serverCpu.ts';
import { connectViewer, percentile, type Viewer } from './viewerLoad.ts';

const VIEWERS = 1000;
const INGEST_TOKEN = 'bench-cluster-ingest-token';
const OPERATOR_TOKEN = 'bench-cluster-operator-token';
/** How long Redis stays down in (e). */
const REDIS_OUTAGE_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loads = () => loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];

interface SwarmReport {
  connected: number;
  ticks: number;
  tickBytes: number;
  p50: number;
  p99: number;
}

interface Latency {
  p50: number;
  p99: number;
  n: number;
}

export interface ClusterBenchResult {
  cores: number;
  seconds: number;
  database: boolean;
  oneNode: {
    viewers: number;
    probe: Latency;
    crowd: SwarmReport;
    cpuShare: number;
    crowdCpuShare: number;
    loadAvg: [number, number, number];
  };
  threeNodes: {
    viewersPerNode: number[];
    holder: number;
    probes: Latency[];
    /** Per tick: its arrival at a probe on a node that does not build ticks minus its arrival at the holder's probe. */
    busHopMs: Latency;
    /** Per tick: when Redis stored it (its stream id's time) minus tick.t. */
    tickInRedisMs: Latency;
    crowd: SwarmReport;
    cpuShare: number[];
    nginxCpuShare: number;
    crowdCpuShare: number;
    loadAvg: [number, number, number];
  };
  redis: {
    windowS: number;
    opsPerS: number;
    inBytesPerS: number;
    outBytesPerS: number;
    cpuShare: number;
    /** Calls per second by command (commandstats), largest first. */
    commands: [string, number][];
  };
  failover: {
    /** kill -9 → the lease key names a survivor. */
    leaseMovedMs: number;
    /** kill -9 → the first tick a survivor's probe receives after it. */
    ticksAgainMs: number;
    /** Ticks that arrived in the first second after ticks started again (the seconds nobody built). */
    caughtUp: number;
    /** Seq problems (gaps, duplicates) of the survivors' probes across the failover. */
    problems: string[];
    loadAvg: [number, number, number];
  };
  redisRestart: {
    outageMs: number;
    /** Seconds the producer sent while Redis was down (each a sample per site). */
    outageSeconds: number;
    /** Redis accepting again → each node holds every one of those seconds (undefined: not within 30 s). */
    catchUpMs: (number | undefined)[];
    producerNode: number;
    loadAvg: [number, number, number];
  };
}

/** The viewer crowd in its own process (bench/viewerSwarm.ts); `ready` once every viewer is connected. */
function startSwarm(url: string, viewers: number, seconds: number, spread: boolean) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/viewerSwarm.ts',
      url,
      String(viewers),
      String(seconds),
      ...(spread ? ['spread'] : []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('"ready"')) onReady();
  });
  const done = new Promise<SwarmReport>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`viewer swarm exited ${code}: ${out}`));
      resolve(JSON.parse(last) as SwarmReport);
    });
  });
  // A swarm that failed before it was ready must not leave `ready` pending forever.
  done.catch(() => onReady());
  return { pid: child.pid!, child, ready, done };
}

const latency = (values: number[]): Latency => ({
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  n: values.length,
});

/** CPU seconds of each pid now (NaN for a process that has gone). */
const cpuOf = (pids: number[]) =>
  pids.map((pid) => {
    try {
      return processCpuSeconds(pid);
    } catch {
      return Number.NaN;
    }
  });
/**
 * The crowd runs this much longer than the measuring window, which sits inside its own (it starts
 * measuring 2 s after it is ready, as the window does), so its process is still there at the end.
 */
const CROWD_EXTRA_S = 3;

/** ioredis lives in the server workspace; its client type comes from there. */
type RedisClient = ReturnType<typeof testRedisClient>;

async function redisInfo(redis: RedisClient) {
  const text = `${await redis.info('stats')}\n${await redis.info('commandstats')}\n${await redis.info('cpu')}`;
  const num = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  const commands = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) commands.set(m[1]!, Number(m[2]));
  return {
    ops: num('total_commands_processed'),
    inBytes: num('total_net_input_bytes'),
    outBytes: num('total_net_output_bytes'),
    cpu: num('used_cpu_sys') + num('used_cpu_user'),
    commands,
  };
}

/** Everything one bench run started, ended in `finally` whatever failed. */
class Resources {
  readonly nodes: NodeProcess[] = [];
  readonly dirs: string[] = [];
  readonly schemas: TestSchema[] = [];
  front: NginxFront | undefined;
  readonly stops: (() => Promise<void>)[] = [];

  dir(): string {
    const d = mkdtempSync(join(tmpdir(), 'gigawatt-bench-node-'));
    this.dirs.push(d);
    return d;
  }

  async close(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop().catch(() => undefined);
    await this.front?.stop().catch(() => undefined);
    this.front = undefined;
    await Promise.all(this.nodes.splice(0).map((n) => stopProcess(n.child, 'SIGKILL')));
    for (const s of this.schemas.splice(0)) await s.drop();
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

export async function clusterBench(opts: { seconds: number }): Promise<ClusterBenchResult | string> {
  const tools = toolsAvailable();
  if (!tools.nginx) return 'no nginx (apt-get install nginx)';
  if (!tools.redisServer) return 'no redis-server (apt-get install redis-server)';
  const pg = await postgresAvailable();
  const database = pg.unavailable === undefined;
  const seconds = opts.seconds;
  const res = new Resources();

  const redisPort = await freePort();
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  let redisProc = startPrivateRedis(redisPort);
  const waitForRedis = async () => {
    for (let i = 0; (await redisAvailable(redisUrl)).unavailable !== undefined; i++) {
      if (i > 200) throw new Error('private redis-server did not start');
      await sleep(25);
    }
  };
  res.stops.push(() => stopProcess(redisProc, 'SIGKILL'));
  await waitForRedis();
  const admin = testRedisClient(redisUrl);
  res.stops.push(async () => admin.disconnect());

  const common = {
    GIGAWATT_INGEST_TOKEN: INGEST_TOKEN,
    GIGAWATT_OPERATOR_TOKEN: OPERATOR_TOKEN,
    GIGAWATT_RECORD: 'on',
  };
  const startCluster = async (prefix: string, extra: Record<string, string> = {}) => {
    const schema = database ? await createTestSchema(pg.url) : undefined;
    if (schema) res.schemas.push(schema);
    const dirs = [res.dir(), res.dir(), res.dir()];
    const nodes = await Promise.all(
      dirs.map(async (dir) => {
        const n = await spawnNode({
          ...common,
          ...extra,
          REDIS_URL: redisUrl,
          GIGAWATT_REDIS_PREFIX: prefix,
          GIGAWATT_DATA_DIR: dir,
          ...(schema ? { DATABASE_URL: schema.url } : {}),
        });
        res.nodes.push(n);
        return n;
      }),
    );
    return nodes;
  };
  const holderIndex = async (prefix: string, nodes: NodeProcess[]) => {
    const lease = (await admin.get(`${prefix}lease`)) ?? '';
    return nodes.findIndex((n) => lease.includes(`:${n.pid}:`));
  };

  try {
    // (a) One node, no Redis, no nginx: what `npm start` serves, with the same crowd.
    const single = await spawnNode({ ...common, GIGAWATT_DATA_DIR: res.dir() });
    res.nodes.push(single);
    await sleep(2000);
    const swarm1 = startSwarm(single.url, VIEWERS - 1, seconds + CROWD_EXTRA_S, false);
    await swarm1.ready;
    // After the crowd, as the fanout section does: the probe is last in its node's broadcast, so it
    // waits for the whole fan-out.
    const probe1 = await connectViewer(single.url);
    await sleep(2000);
    probe1.latencies = [];
    const viewersA = await nodeViewers(single.url);
    const cpuA0 = cpuOf([single.pid, swarm1.pid]);
    const wA0 = performance.now();
    await sleep(seconds * 1000);
    const cpuA1 = cpuOf([single.pid, swarm1.pid]);
    const wA = (performance.now() - wA0) / 1000;
    const oneNode = {
      viewers: viewersA,
      probe: latency(probe1.latencies),
      crowd: await swarm1.done,
      cpuShare: (cpuA1[0]! - cpuA0[0]!) / wA,
      crowdCpuShare: (cpuA1[1]! - cpuA0[1]!) / wA,
      loadAvg: loads(),
    };
    probe1.socket.close();
    await stopProcess(single.child, 'SIGTERM');
    res.nodes.splice(res.nodes.indexOf(single), 1);

    // (b) + (c) Three nodes behind nginx.
    const prefix = `gwbench:${Date.now().toString(36)}:`;
    const nodes = await startCluster(prefix);
    res.front = await startNginx(nodes.map((n) => n.port));
    await sleep(2000);
    const swarm3 = startSwarm(res.front.url, VIEWERS - nodes.length, seconds + CROWD_EXTRA_S, true);
    await swarm3.ready;
    // One probe on each node, directly (not through nginx), after the crowd (last in the broadcast).
    const probes: Viewer[] = [];
    const arrivals: { node: number; seq: number; at: number }[][] = nodes.map(() => []);
    for (const [i, n] of nodes.entries()) {
      const p = await connectViewer(n.url);
      p.socket.on('tick', (t: Tick) => arrivals[i]!.push({ node: i, seq: t.seq, at: Date.now() }));
      probes.push(p);
    }
    await sleep(2000);
    for (const p of probes) p.latencies = [];
    const viewersPerNode = await Promise.all(nodes.map((n) => nodeViewers(n.url)));
    const pidsB = [...nodes.map((n) => n.pid), swarm3.pid];
    const workers = res.front.workerPids();
    const cpuB0 = cpuOf(pidsB);
    const nginxB0 = cpuOf(workers).reduce((a, b) => a + b, 0);
    const info0 = await redisInfo(admin);
    const wB0 = performance.now();
    const wB0at = Date.now();
    await sleep(seconds * 1000);
    const cpuB1 = cpuOf(pidsB);
    const nginxB1 = cpuOf(workers).reduce((a, b) => a + b, 0);
    const info1 = await redisInfo(admin);
    const wB = (performance.now() - wB0) / 1000;
    const holder = await holderIndex(prefix, nodes);
    const wB1at = Date.now();
    const inWindow = (i: number) => arrivals[i]!.filter((a) => a.at >= wB0at && a.at <= wB1at);
    const atHolder = new Map(holder < 0 ? [] : inWindow(holder).map((a) => [a.seq, a.at]));
    const hops = nodes
      .map((_, i) => i)
      .filter((i) => i !== holder)
      .flatMap((i) => inWindow(i).flatMap((a) => (atHolder.has(a.seq) ? [a.at - atHolder.get(a.seq)!] : [])));
    // Stream ids start with the time Redis stored the entry: when the holder's XADD of each tick landed.
    const stored = (await admin.xrange(`${prefix}ticks`, String(wB0at), String(wB1at))).flatMap(
      ([id, fields]) => {
        const q = Number(fields[fields.indexOf('q') + 1]);
        return Number.isFinite(q) ? [Number(id.split('-')[0]) - q * 1000] : [];
      },
    );
    const threeNodes = {
      viewersPerNode,
      holder,
      probes: probes.map((p) => latency(p.latencies)),
      busHopMs: latency(hops),
      tickInRedisMs: latency(stored),
      crowd: await swarm3.done,
      cpuShare: nodes.map((_, i) => (cpuB1[i]! - cpuB0[i]!) / wB),
      nginxCpuShare: (nginxB1 - nginxB0) / wB,
      crowdCpuShare: (cpuB1.at(-1)! - cpuB0.at(-1)!) / wB,
      loadAvg: loads(),
    };
    const commands = [...info1.commands.entries()]
      .map(([cmd, calls]): [string, number] => [cmd, (calls - (info0.commands.get(cmd) ?? 0)) / wB])
      .filter(([, perS]) => perS > 0)
      .sort((a, b) => b[1] - a[1]);
    const redis = {
      windowS: wB,
      opsPerS: (info1.ops - info0.ops) / wB,
      inBytesPerS: (info1.inBytes - info0.inBytes) / wB,
      outBytesPerS: (info1.outBytes - info0.outBytes) / wB,
      cpuShare: (info1.cpu - info0.cpu) / wB,
      commands,
    };

    // (d) kill -9 of the lease holder (the crowd has gone; the probes stay).
    if (holder < 0) throw new Error('no node holds the lease');
    const survivors = nodes.map((_, i) => i).filter((i) => i !== holder);
    const killedAt = Date.now();
    nodes[holder]!.child.kill('SIGKILL');
    let leaseMovedMs = Number.NaN;
    for (const end = killedAt + 20_000; Date.now() < end; await sleep(25)) {
      const h = await holderIndex(prefix, nodes);
      if (h >= 0 && h !== holder) {
        leaseMovedMs = Date.now() - killedAt;
        break;
      }
    }
    // A tick the old holder sent just before it died arrives within milliseconds; one 500 ms later was
    // built by its successor.
    const again = () =>
      survivors
        .flatMap((i) => arrivals[i]!)
        .filter((a) => a.at > killedAt + 500)
        .sort((a, b) => a.at - b.at)[0];
    for (const end = Date.now() + 20_000; !again() && Date.now() < end; ) await sleep(25);
    await sleep(3000);
    const first = again();
    const failover = {
      leaseMovedMs,
      ticksAgainMs: first ? first.at - killedAt : Number.NaN,
      caughtUp: first
        ? arrivals[survivors[0]!]!.filter((a) => a.at >= first.at && a.at < first.at + 1000).length
        : 0,
      problems: survivors.flatMap((i) =>
        seqProblems(arrivals[i]!.map((a) => a.seq)).map((p) => `node ${i + 1}: ${p}`),
      ),
      loadAvg: loads(),
    };
    for (const p of probes) p.socket.close();
    await res.front.stop();
    res.front = undefined;
    await Promise.all(nodes.map((n) => stopProcess(n.child, 'SIGKILL')));
    res.nodes.splice(0);

    // (e) Redis restarts under a producer on one node (simulator off, so only the producer makes data).
    const prefixE = `gwbench:${Date.now().toString(36)}e:`;
    const nodesE = await startCluster(prefixE, { GIGAWATT_SIMULATE: 'off' });
    await sleep(1000);
    const holderE = await holderIndex(prefixE, nodesE);
    const producerNode = holderE === 1 ? 2 : 1;
    const producer = startProducer(nodesE[producerNode]!.url, INGEST_TOKEN);
    res.stops.push(() => producer.stop());
    const sites = defaultFleet.sites.map((s) => s.id);
    const series = sites.map((s) => `site:${s}:facilityPowerMw`).join(',');
    /** Seconds of [fromS, toS] each node holds for every site. */
    const held = async (n: NodeProcess, fromS: number, toS: number) => {
      const url = `${n.url}/api/history?series=${series}&from=${fromS * 1000 - 500}&to=${toS * 1000 + 500}&maxPoints=5000`;
      const parsed = parseHistoryWire(await (await fetch(url)).json());
      if (!parsed.ok) throw new Error(`history answer is malformed: ${parsed.error}`);
      const body = parsed.value;
      const sets = body.series.map((s) => new Set(s.t.map((t) => Math.floor(t / 1000))));
      let count = 0;
      for (let s = fromS; s <= toS; s++) if (sets.every((set) => set.has(s))) count++;
      return count;
    };
    await sleep(4000);
    const downAt = Date.now();
    await stopProcess(redisProc, 'SIGKILL');
    await sleep(REDIS_OUTAGE_MS);
    redisProc = startPrivateRedis(redisPort);
    await waitForRedis();
    const upAt = Date.now();
    // The seconds wholly inside the outage.
    const fromS = Math.ceil(downAt / 1000);
    const toS = Math.floor(upAt / 1000) - 1;
    const want = toS - fromS + 1;
    const catchUpMs: (number | undefined)[] = nodesE.map(() => undefined);
    for (const end = upAt + 30_000; catchUpMs.some((x) => x === undefined) && Date.now() < end; ) {
      await Promise.all(
        nodesE.map(async (n, i) => {
          if (catchUpMs[i] !== undefined) return;
          if ((await held(n, fromS, toS).catch(() => 0)) === want) catchUpMs[i] = Date.now() - upAt;
        }),
      );
      await sleep(50);
    }
    const redisRestart = {
      outageMs: upAt - downAt,
      outageSeconds: want,
      catchUpMs,
      producerNode,
      loadAvg: loads(),
    };
    return {
      cores: availableParallelism(),
      seconds,
      database,
      oneNode,
      threeNodes,
      redis,
      failover,
      redisRestart,
    };
  } finally {
    await res.close();
  }
}

type Row = { name: string; value: string; budget: string; note?: string };

const fmt = (n: number, d = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
    : 'n/a';
const pct = (share: number) => `${fmt(share * 100, 0)} %`;
const load = (l: readonly number[]) => `load ${l.map((x) => x.toFixed(2)).join(' ')}`;

/** The table rows of the `cluster` section. */
export function clusterRows(r: ClusterBenchResult): Row[] {
  const a = r.oneNode;
  const b = r.threeNodes;
  const bound = `crowd (1 process) ${pct(b.crowdCpuShare)} of a core, ${r.cores} cores: the crowd bounds both`;
  const worstProbe = Math.max(...b.probes.map((p) => p.p99));
  const kib = (x: number) => `${fmt(x / 1024, 1)} KiB/s`;
  const top = r.redis.commands
    .slice(0, 5)
    .map(([c, n]) => `${c} ${fmt(n, 0)}/s`)
    .join(', ');
  return [
    {
      name: `cluster (a) 1 node, ${a.viewers} viewers: tick.t → probe p50 / p99; CPU`,
      value: `${fmt(a.probe.p50, 0)} / ${fmt(a.probe.p99, 0)} ms; ${pct(a.cpuShare)}`,
      budget: 'p99 ≤ 50 ms',
      note: `crowd p99 ${fmt(a.crowd.p99, 0)} ms; crowd ${pct(a.crowdCpuShare)} of a core; ${load(a.loadAvg)}`,
    },
    {
      name: `cluster (b) 3 nodes + nginx, ${b.viewersPerNode.reduce((x, y) => x + y, 0)} viewers (${b.viewersPerNode.join(' / ')}): probe p99 per node`,
      value: `${b.probes.map((p) => fmt(p.p99, 0)).join(' / ')} ms`,
      budget: 'same p99 as 1 node',
      note: `p50 ${b.probes.map((p) => fmt(p.p50, 0)).join(' / ')} ms; worst p99 ${fmt(worstProbe, 0)} ms vs ${fmt(a.probe.p99, 0)} ms on 1 node (×${fmt(worstProbe / a.probe.p99, 2)}); ${b.probes[0]?.n ?? 0} ticks per probe; Redis hop (holder's probe → other node's probe) p50 ${fmt(b.busHopMs.p50, 0)} / p99 ${fmt(b.busHopMs.p99, 0)} ms; tick stored in Redis at tick.t + ${fmt(b.tickInRedisMs.p50, 0)} / ${fmt(b.tickInRedisMs.p99, 0)} ms (p50 / p99); ${load(b.loadAvg)}`,
    },
    {
      name: `cluster crowd (${VIEWERS - 3} viewers in one process): tick.t → receipt p50 / p99, 1 node vs 3 nodes + nginx`,
      value: `${fmt(a.crowd.p50, 0)} / ${fmt(a.crowd.p99, 0)} ms vs ${fmt(b.crowd.p50, 0)} / ${fmt(b.crowd.p99, 0)} ms`,
      budget: '—',
      note: `the crowd's own event loop delays its later viewers: crowd ${pct(a.crowdCpuShare)} / ${pct(b.crowdCpuShare)} of a core`,
    },
    {
      name: 'cluster (b) CPU per node (lease holder marked *), nginx',
      value: `${b.cpuShare.map((c, i) => `${pct(c)}${i === b.holder ? '*' : ''}`).join(' / ')}; nginx ${pct(b.nginxCpuShare)}`,
      budget: '—',
      note: `sum ${pct(b.cpuShare.reduce((x, y) => x + y, 0))} vs ${pct(a.cpuShare)} on 1 node; ${bound}${r.database ? '; DATABASE_URL on' : '; no PostgreSQL: DATABASE_URL off'}`,
    },
    {
      name: 'cluster (c) Redis: operations / in / out per second',
      value: `${fmt(r.redis.opsPerS, 0)} ops/s; ${kib(r.redis.inBytesPerS)} in; ${kib(r.redis.outBytesPerS)} out`,
      budget: '—',
      note: `over ${fmt(r.redis.windowS, 0)} s of (b); redis-server ${pct(r.redis.cpuShare)} of a core; ${top}`,
    },
    {
      name: 'cluster (d) kill -9 of the lease holder: lease moved / ticks again',
      value: `${fmt(r.failover.leaseMovedMs / 1000, 2)} s / ${fmt(r.failover.ticksAgainMs / 1000, 2)} s`,
      budget: '≤ 10 s, no gap',
      note: `${r.failover.caughtUp} ticks in the first second back; ${r.failover.problems.length === 0 ? 'survivors gap-free, no duplicate' : r.failover.problems.slice(0, 3).join('; ')}; ${load(r.failover.loadAvg)}`,
    },
    {
      name: `cluster (e) Redis down ${fmt(r.redisRestart.outageMs / 1000, 1)} s: back → every node holds the outage's ${r.redisRestart.outageSeconds} s`,
      value: `${r.redisRestart.catchUpMs.map((ms) => (ms === undefined ? 'never' : `${fmt(ms / 1000, 2)} s`)).join(' / ')}`,
      budget: 'no second lost',
      note: `producer on node ${r.redisRestart.producerNode + 1}, simulator off; ${load(r.redisRestart.loadAvg)}`,
    },
  ];
}
