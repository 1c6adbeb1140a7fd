import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tick } from '@gigawatt/shared';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { probeTcp } from './services.ts';
import type { LiveClient, Transport } from './socketHelpers.ts';

/**
 * A cluster the way an operator runs one (issue 10, item 3): server nodes as child processes
 * (`node --import tsx server/src/main.ts`, so kill -9 is a real one) behind nginx running the shipped
 * deploy/nginx-cluster.conf with only its ports rewritten, and /live viewers that resume by seq like the
 * client's LiveSource. Used by cluster.nginx.integration.test.ts and bench/clusterBench.ts.
 */

export const ROOT = join(import.meta.dirname, '../../..');
export const NGINX = process.env.GIGAWATT_NGINX ?? '/usr/sbin/nginx';
export const REDIS_SERVER = process.env.GIGAWATT_REDIS_SERVER ?? '/usr/bin/redis-server';
export const CLUSTER_CONF = join(ROOT, 'deploy/nginx-cluster.conf');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** Resolves when the process has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

/** Sends `signal`, then SIGKILL after `graceMs` if the process is still there; resolves once it is gone. */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs = 4000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export interface NodeProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  output(): string;
  alive(): boolean;
}

/** The environment every node of a test or bench cluster shares, apart from what the caller adds. */
export const NODE_DEFAULTS: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  PORT: '0',
  GIGAWATT_SIMULATE: 'on',
  GIGAWATT_SIMULATE_RACKS: 'off',
  GIGAWATT_BACKFILL: '0s',
  GIGAWATT_RECORD: 'off',
  GIGAWATT_DEMOS: 'off',
  GIGAWATT_CLIENT_DIR: '/nonexistent-client-dir',
};

/**
 * Starts one server node in its own process (PORT=0: it picks a free port and says which) and resolves
 * when it serves. `env` is added to NODE_DEFAULTS; give each node its own GIGAWATT_DATA_DIR.
 */
export async function spawnNode(env: Record<string, string>, timeoutMs = 45_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...NODE_DEFAULTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    // Diagnostics only: the start of the log (how it started) and its end (how it ended).
    if (out.length > 200_000) out = `${out.slice(0, 50_000)}\n…\n${out.slice(-100_000)}`;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const url = /gigawatt: serving (http:\/\/\S+)/.exec(out)?.[1];
    if (url) {
      return {
        child,
        pid: child.pid!,
        url,
        port: Number(new URL(url).port),
        output: () => out,
        alive: () => child.exitCode === null && child.signalCode === null,
      };
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`node exited (${child.exitCode ?? child.signalCode}) before serving:\n${out}`);
    }
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`node did not serve within ${timeoutMs} ms:\n${out}`);
    }
    await sleep(50);
  }
}

/**
 * deploy/nginx-cluster.conf with its ports replaced and nothing else: the front `listen` and the three
 * upstream `server` lines. Throws if the shipped file no longer has exactly those, so a changed config
 * fails loudly instead of being tested half-rewritten.
 */
export function rewriteClusterConf(
  template: string,
  frontPort: number,
  nodePorts: readonly number[],
): string {
  const listen = /listen 127\.0\.0\.1:8080;/g;
  if ((template.match(listen) ?? []).length !== 1) {
    throw new Error('deploy/nginx-cluster.conf: expected exactly one "listen 127.0.0.1:8080;"');
  }
  const upstream = /server 127\.0\.0\.1:(808[1-9])\b/g;
  const shipped = [...template.matchAll(upstream)].map((m) => m[1]);
  if (shipped.length !== nodePorts.length) {
    throw new Error(
      `deploy/nginx-cluster.conf names ${shipped.length} upstream nodes (${shipped.join(', ')}); ${nodePorts.length} were started`,
    );
  }
  let i = 0;
  return template
    .replace(listen, `listen 127.0.0.1:${frontPort};`)
    .replace(upstream, () => `server 127.0.0.1:${nodePorts[i++]}`);
}

export interface NginxFront {
  url: string;
  port: number;
  /** The prefix directory (-p): the rewritten nginx.conf, the pid file, the temp folders. */
  dir: string;
  master: ChildProcess;
  /** The worker processes (children of the master), for CPU figures. */
  workerPids(): number[];
  output(): string;
  stop(): Promise<void>;
}

/** Child pids of `pid` (Linux: /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** nginx in the foreground (`daemon off`) with the shipped cluster config, in front of `nodePorts`. */
export async function startNginx(nodePorts: readonly number[]): Promise<NginxFront> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gigawatt-nginx-'));
  // Workers run as an unprivileged user when nginx starts as root: they must reach the temp folders.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, rewriteClusterConf(readFileSync(CLUSTER_CONF, 'utf8'), port, nodePorts));
  // -e: the error log before the config is read (the default, /var/log/nginx, may not be writable).
  const master = spawn(NGINX, ['-p', `${dir}/`, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  master.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  master.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const end = Date.now() + 10_000;
  while ((await probeTcp('127.0.0.1', port, { timeoutMs: 500 })) !== undefined) {
    if (master.exitCode !== null || master.signalCode !== null)
      throw new Error(`nginx exited (${master.exitCode ?? master.signalCode}):\n${out}`);
    if (Date.now() > end) {
      master.kill('SIGKILL');
      throw new Error(`nginx did not listen on ${port}:\n${out}`);
    }
    await sleep(50);
  }
  const masterPid = master.pid!;
  let workers: number[] = [];
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    master,
    workerPids: () => {
      const now = childPids(masterPid);
      if (now.length > 0) workers = now;
      return workers;
    },
    output: () => out,
    async stop() {
      const known = childPids(masterPid);
      // SIGTERM: nginx's fast shutdown (SIGQUIT would wait for every viewer's connection to end).
      await stopProcess(master, 'SIGTERM', 5000);
      // A master killed by force leaves its workers: end those (by pid, they are ours).
      for (const pid of known) {
        try {
          process.kill(pid, 0);
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Connected /live viewers of one node, from its /metrics (asked of the node directly, not through
 * nginx): `gigawatt_socketio_clients{namespace="/live"}` (or the older `gigawatt_viewers`).
 */
export async function nodeViewers(nodeUrl: string): Promise<number> {
  const text = await (await fetch(`${nodeUrl}/metrics`)).text();
  const m =
    /^gigawatt_socketio_clients\{[^}]*namespace="\/live"[^}]*\} (\d+)/m.exec(text) ??
    /^gigawatt_viewers (\d+)/m.exec(text);
  if (!m) throw new Error(`no /live client count in ${nodeUrl}/metrics`);
  return Number(m[1]);
}

/** A loopback source address of its own for viewer `i` (127.0.0.2 … 127.0.0.250), for nginx's hash. */
export const loopbackAddress = (i: number) => `127.0.0.${2 + (i % 249)}`;

/**
 * Options for a Node socket.io client bound to `localAddress`: an http.Agent carries it for long-polling
 * (xmlhttprequest-ssl) and for the WebSocket upgrade request (ws).
 */
export function boundClientOptions(localAddress: string): Partial<ManagerOptions & SocketOptions> {
  const agent = new Agent({ localAddress });
  return {
    // engine.io-client types `agent` as string | boolean so that browser builds compile; in Node it is
    // handed to http.request (polling) and to ws (WebSocket) as an http.Agent (see its docs).
    agent: agent as unknown as boolean,
  };
}

/** Key-order-independent JSON: a tick that made a trip through Redis may list its keys in another order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The first content seen for each seq, by any viewer on any node; later copies must match it. */
export class TickBook {
  private readonly bySeq = new Map<number, string>();
  readonly mismatches: string[] = [];

  check(viewer: number, tick: Tick): void {
    const text = canonicalJson(tick);
    const first = this.bySeq.get(tick.seq);
    if (first === undefined) this.bySeq.set(tick.seq, text);
    else if (first !== text && this.mismatches.length < 20) {
      this.mismatches.push(`viewer ${viewer}: seq ${tick.seq} differs from the first copy seen`);
    }
  }

  get size(): number {
    return this.bySeq.size;
  }
}

export interface ResumingViewer {
  index: number;
  transport: Transport;
  localAddress: string;
  socket: LiveClient;
  seqs: number[];
  /** 'connect' events: 1 after the first connection, +1 per reconnection. */
  connects: number;
  disconnects: number;
  /** Why and when (ms since epoch) each disconnect happened, for failure messages. */
  disconnectLog: { at: number; reason: string }[];
  lastSeq(): number | undefined;
  close(): void;
}

/**
 * A /live viewer through `url` that reconnects by itself (socket.io's manager, with the client's
 * LiveSource delays) and resumes with `auth.lastSeq`, which the function form of auth re-reads on every
 * connection, as LiveSource does. Every tick's seq is kept; its content goes to `book`.
 */
export function resumingViewer(
  url: string,
  index: number,
  opts: { transport: Transport; localAddress: string; book?: TickBook },
): ResumingViewer {
  const seqs: number[] = [];
  const socket: LiveClient = io(`${url}/live`, {
    ...boundClientOptions(opts.localAddress),
    transports: [opts.transport],
    upgrade: false,
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    auth: (cb) => {
      const last = seqs.at(-1);
      cb(last === undefined ? {} : { lastSeq: last });
    },
  });
  const v: ResumingViewer = {
    index,
    transport: opts.transport,
    localAddress: opts.localAddress,
    socket,
    seqs,
    connects: 0,
    disconnects: 0,
    disconnectLog: [],
    lastSeq: () => seqs.at(-1),
    close: () => socket.close(),
  };
  socket.on('connect', () => {
    v.connects++;
  });
  socket.on('disconnect', (reason) => {
    v.disconnects++;
    v.disconnectLog.push({ at: Date.now(), reason });
  });
  socket.on('tick', (tick) => {
    seqs.push(tick.seq);
    opts.book?.check(index, tick);
  });
  return v;
}

/**
 * What is wrong with one viewer's seqs between its first and last tick: gaps (missing seqs) and
 * duplicates or reorderings. Empty when they go up by exactly one.
 */
export function seqProblems(seqs: readonly number[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < seqs.length; i++) {
    const prev = seqs[i - 1]!;
    const cur = seqs[i]!;
    if (cur === prev + 1) continue;
    if (cur <= prev) problems.push(`duplicate or out of order: ${cur} after ${prev}`);
    else problems.push(`gap: ${prev + 1}…${cur - 1} missing`);
  }
  return problems;
}

/** A Redis of one's own (nothing kept on disk), so restarting it disturbs nothing else. */
export function startPrivateRedis(port: number): ChildProcess {
  return spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}

export const toolsAvailable = () => ({ nginx: existsSync(NGINX), redisServer: existsSync(REDIS_SERVER) });
