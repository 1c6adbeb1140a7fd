import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  adoptRackWire,
  alertEventSchema,
  type RackWire,
  rackWireSchema,
  siteSampleSchema,
  type Tick,
  tickSchema,
} from '@gigawatt/shared';
import { Redis, type RedisOptions } from 'ioredis';
import { StartupError } from '../startupError.ts';
import type { PersistedAlert } from '../state/stateStorage.ts';
import type { RacksListener, SampleListener, TelemetryBus } from './telemetryBus.ts';

export interface BusLog {
  info(line: string): void;
  warn(line: string): void;
}

/** What /readyz reports about the bus. */
export interface BusHealth {
  kind: 'in-process' | 'redis';
  /** Both Redis connections (commands, stream reader) are up; always true in-process. */
  connected: boolean;
  /** The newest connection or command error (host and port, never a password). */
  lastError: string | undefined;
  /** How long ago this node last had read everything on the shared streams: 0 while it keeps up. */
  lagMs: number;
}

export interface RedisBusOptions {
  /** Unique per process; default hostname:pid:random. */
  nodeId?: string;
  /** Entries kept per stream (MAXLEN ~): bounded retention, and how far back a reader can resume. */
  samplesMaxLen?: number;
  racksMaxLen?: number;
  ticksMaxLen?: number;
  alertsMaxLen?: number;
  /** How long start-up keeps trying to reach Redis before it gives up (default 5 s). */
  connectTimeoutMs?: number;
}

export interface StreamKeys {
  samples: string;
  racks: string;
  ticks: string;
  alerts: string;
  lease: string;
  /** The socket.io adapter's stream. */
  socketIo: string;
}

/**
 * The telemetry bus over Redis Streams (scale-out), plus the two streams the cluster shares besides
 * telemetry: the lease holder's ticks and every node's alert changes.
 *
 * Delivery: a publish reaches this node's listeners at once (origin 'local': no sample a producer was
 * told is live waits on Redis, and a node cut off from Redis keeps serving its viewers) and is appended
 * to its stream; every other node reads the stream from its last id (origin 'remote'), so after a blip
 * it resumes where it was and nothing retained is skipped. Appends that fail wait in a bounded outbox
 * and go out in order when Redis is back; such a retry may append an entry twice, which the apply side
 * absorbs (IngestService.observe, tick seq, alert ids).
 */
export interface RedisBus extends TelemetryBus {
  readonly nodeId: string;
  /** host:port of Redis, for messages (never the password). */
  readonly where: string;
  readonly keys: StreamKeys;
  /** The command connection (lease scripts); it does not queue commands while Redis is away. */
  readonly commands: Redis;
  /** CLIENT SETNAME of this node's connections (tests kill them to simulate a blip). */
  readonly connectionNames: { reader: string; commands: string };
  /** A tick built here (lease holder); other nodes receive it through onTick. Dropped while Redis is away. */
  publishTick(tick: Tick): void;
  onTick(listener: (tick: Tick) => void): () => void;
  /**
   * An alert change made here (rules on the lease holder, an ack on any node). `viewersElsewhere`: the
   * other nodes must also tell their viewers (it could not go through the socket.io adapter).
   */
  publishAlert(entry: PersistedAlert, viewersElsewhere?: boolean): void;
  onAlert(listener: (entry: PersistedAlert, tellViewers: boolean) => void): () => void;
  /** Seq of the newest tick on the stream (undefined: none, or Redis unreachable). */
  lastTickSeq(): Promise<number | undefined>;
  /**
   * Starts reading, after the listeners are registered: the retained ticks first (the resume ring of a
   * node that just started), then everything retained on the other streams. Resolves once caught up
   * (or after a few seconds; reading goes on in the background).
   */
  start(): Promise<void>;
  health(): BusHealth;
  /** Entries and field bytes this node appended, and what waits in its outbox (bench, /metrics). */
  stats(): { appended: number; appendedBytes: number; outbox: number };
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /** A connection for @socket.io/redis-streams-adapter (it queues while Redis is away); closed with the bus. */
  adapterClient(): Redis;
  /** Tests: drops every connection at once, as a killed process would (no lease release, no flush). */
  halt(): void;
}

/** Entries per stream and XREAD call. */
const READ_COUNT = 1000;
/** The reader wakes at least this often: a quick close, and a lag figure that stays current. */
const BLOCK_MS = 1000;
const PIPELINE_BATCH = 256;
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** "host:port" of a redis:// or rediss:// URL; the password never appears. */
export function redisWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'an unparsable REDIS_URL';
  }
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface OutEntry {
  n: number;
  key: string;
  maxLen: number;
  fields: (string | Buffer)[];
}

interface StreamEntry {
  id: string;
  fields: Map<string, Buffer>;
}

/** XREAD / XREVRANGE replies (with buffers) → entries per stream key; anything malformed is skipped. */
function parseEntries(raw: unknown): StreamEntry[] {
  const out: StreamEntry[] = [];
  if (!Array.isArray(raw)) return out;
  for (const item of raw) {
    if (!Array.isArray(item) || item.length !== 2 || !Array.isArray(item[1])) continue;
    const fields = new Map<string, Buffer>();
    const flat = item[1] as unknown[];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const k = flat[i];
      const v = flat[i + 1];
      if (Buffer.isBuffer(k) && Buffer.isBuffer(v)) fields.set(k.toString(), v);
    }
    out.push({ id: String(item[0]), fields });
  }
  return out;
}

function parseXread(raw: unknown): Map<string, StreamEntry[]> {
  const byKey = new Map<string, StreamEntry[]>();
  if (!Array.isArray(raw)) return byKey;
  for (const stream of raw) {
    if (!Array.isArray(stream) || stream.length !== 2) continue;
    byKey.set(String(stream[0]), parseEntries(stream[1]));
  }
  return byKey;
}

/**
 * Connects to Redis (retrying for connectTimeoutMs, then a StartupError naming host:port) and returns
 * the bus; call start() once the listeners are on.
 */
export async function createRedisBus(
  url: string,
  prefix: string,
  log: BusLog,
  options: RedisBusOptions = {},
): Promise<RedisBus> {
  const nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const where = redisWhere(url);
  const keys: StreamKeys = {
    samples: `${prefix}samples`,
    racks: `${prefix}racks`,
    ticks: `${prefix}ticks`,
    alerts: `${prefix}alerts`,
    lease: `${prefix}lease`,
    socketIo: `${prefix}socket.io`,
  };
  const maxLen = {
    samples: options.samplesMaxLen ?? 20_000,
    racks: options.racksMaxLen ?? 2000,
    ticks: options.ticksMaxLen ?? 600,
    alerts: options.alertsMaxLen ?? 5000,
  };
  const connectionNames = { reader: `gigawatt-reader-${nodeId}`, commands: `gigawatt-commands-${nodeId}` };
  const base: RedisOptions = {
    // Loopback or a LAN: come back quickly once Redis is reachable again.
    retryStrategy: (times) => Math.min(100 * times, 1000),
    lazyConnect: false,
  };
  const commands = new Redis(url, {
    ...base,
    connectionName: connectionNames.commands,
    // Fail at once while Redis is away: the outbox keeps what must be retried, the lease must know now.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 3000,
  });
  const reader = new Redis(url, {
    ...base,
    connectionName: connectionNames.reader,
    // The blocking read waits for the connection to return (and is re-sent with the same ids after a blip).
    maxRetriesPerRequest: null,
  });
  let adapter: Redis | undefined;
  const clients = () => [commands, reader, ...(adapter ? [adapter] : [])];

  // Outbox: appends in publish order, pipelined in batches; kept across an outage (bounded).
  const outbox: OutEntry[] = [];
  const maxOutbox = maxLen.samples + maxLen.alerts;
  let nextN = 1;
  let pumping = false;
  let appended = 0;
  let appendedBytes = 0;

  let lastError: string | undefined;
  let closed = false;
  let halted = false;
  const connectedNow = () => commands.status === 'ready' && reader.status === 'ready';
  let wasConnected = false;
  let outageSince = 0;
  let droppedInOutage = 0;
  const connectionListeners = new Set<(connected: boolean) => void>();

  const onStatus = () => {
    if (closed || halted) return;
    const now = connectedNow();
    if (now === wasConnected) return;
    wasConnected = now;
    if (now) {
      if (outageSince > 0) {
        const s = ((Date.now() - outageSince) / 1000).toFixed(1);
        const dropped = droppedInOutage > 0 ? `; ${droppedInOutage} queued entries were dropped` : '';
        log.info(`[redis] ${where} reachable again after ${s} s; catching up${dropped}`);
      }
      droppedInOutage = 0;
      kick();
    } else {
      outageSince = Date.now();
      log.warn(
        `[redis] lost the connection to ${where} (${lastError ?? 'connection closed'}); this node serves its viewers from local state and catches up when Redis is back`,
      );
    }
    for (const l of connectionListeners) l(now);
  };
  for (const c of [commands, reader]) {
    c.on('ready', onStatus);
    c.on('close', onStatus);
    c.on('end', onStatus);
    c.on('error', (e: unknown) => {
      lastError = describe(e);
      onStatus();
    });
  }

  // Start-up: reachable within the timeout, or a clear stop.
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const ready = (c: Redis) =>
    c.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => c.once('ready', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const reachable = await Promise.race([
    Promise.all([ready(commands), ready(reader)]).then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!reachable) {
    closed = true;
    for (const c of clients()) c.disconnect();
    throw new StartupError(
      `cannot reach Redis at ${where} (REDIS_URL) within ${(timeoutMs / 1000).toFixed(0)} s: ${lastError ?? 'no answer'}. Start Redis there, or unset REDIS_URL to run a single node without it.`,
    );
  }
  wasConnected = connectedNow();

  const enqueue = (key: string, limit: number, fields: (string | Buffer)[], queueWhileAway: boolean) => {
    if (closed || halted) return;
    if (!queueWhileAway && commands.status !== 'ready') return;
    outbox.push({ n: nextN++, key, maxLen: limit, fields });
    if (outbox.length > maxOutbox) {
      const over = outbox.length - maxOutbox;
      outbox.splice(0, over);
      droppedInOutage += over;
    }
    kick();
  };
  function kick() {
    if (pumping || outbox.length === 0 || commands.status !== 'ready' || halted) return;
    pumping = true;
    setImmediate(() => void pump());
  }
  async function pump() {
    try {
      while (outbox.length > 0 && commands.status === 'ready' && !halted) {
        const batch = outbox.slice(0, PIPELINE_BATCH);
        const p = commands.pipeline();
        for (const e of batch) p.xadd(e.key, 'MAXLEN', '~', e.maxLen, '*', ...e.fields);
        let results: [Error | null, unknown][] | null = null;
        try {
          results = await p.exec();
        } catch (e) {
          lastError = describe(e);
        }
        let lastSent = 0;
        for (const [i, r] of (results ?? []).entries()) {
          if (r[0]) {
            lastError = describe(r[0]);
            break;
          }
          const e = batch[i]!;
          lastSent = e.n;
          appended++;
          for (const f of e.fields) appendedBytes += f.length;
        }
        const done = outbox.findIndex((e) => e.n > lastSent);
        outbox.splice(0, done === -1 ? outbox.length : done);
        if (lastSent < batch[batch.length - 1]!.n) await sleep(200);
      }
    } finally {
      pumping = false;
    }
  }

  const sampleListeners = new Set<SampleListener>();
  const rackListeners = new Set<RacksListener>();
  const tickListeners = new Set<(tick: Tick) => void>();
  const alertListeners = new Set<(entry: PersistedAlert, tellViewers: boolean) => void>();
  let invalid = 0;
  const warnInvalid = (what: string, why: string) => {
    invalid++;
    if (invalid % 1000 === 1)
      log.warn(`[redis] skipped an invalid ${what} entry (${why}); ${invalid} so far`);
  };
  const safely = (f: () => void) => {
    try {
      f();
    } catch (e) {
      log.warn(`[redis] a bus listener failed: ${describe(e)}`);
    }
  };

  const deliver = {
    samples(f: Map<string, Buffer>) {
      const parsed = siteSampleSchema.safeParse(JSON.parse(f.get('s')?.toString() ?? 'null'));
      if (!parsed.success) return warnInvalid('sample', parsed.error.message);
      const isLive = f.get('l')?.toString() === '1';
      for (const l of sampleListeners) safely(() => l(parsed.data, isLive, 'remote'));
    },
    racks(f: Map<string, Buffer>) {
      const parsed = rackWireSchema.safeParse({
        site: f.get('s')?.toString(),
        hall: f.get('h')?.toString(),
        t: Number(f.get('t')?.toString()),
        racks: Number(f.get('r')?.toString()),
        data: f.get('d'),
      });
      if (!parsed.success) return warnInvalid('racks', parsed.error.message);
      // One aligned copy out of the reply buffer, as the gate makes for producers: columns and
      // forwarded bytes alike (never decoded and encoded again here).
      const { block, wire } = adoptRackWire(parsed.data as RackWire);
      for (const l of rackListeners) safely(() => l(block, wire, 'remote'));
    },
    alerts(f: Map<string, Buffer>) {
      const raw = JSON.parse(f.get('a')?.toString() ?? 'null') as {
        event?: unknown;
        context?: unknown;
      } | null;
      const event = alertEventSchema.safeParse(raw?.event);
      if (!event.success) return warnInvalid('alert', event.error.message);
      const entry: PersistedAlert =
        typeof raw?.context === 'number'
          ? { event: event.data, context: raw.context }
          : { event: event.data };
      const tell = f.get('v')?.toString() === '1';
      for (const l of alertListeners) safely(() => l(entry, tell));
    },
    ticks(f: Map<string, Buffer>) {
      const parsed = tickSchema.safeParse(JSON.parse(f.get('k')?.toString() ?? 'null'));
      if (!parsed.success) return warnInvalid('tick', parsed.error.message);
      for (const l of tickListeners) safely(() => l(parsed.data));
    },
  };
  // Samples before the ticks built from them; alerts before the ticks too (a viewer's hello then agrees).
  const order = ['samples', 'racks', 'alerts', 'ticks'] as const;
  type Kind = (typeof order)[number];
  const lastIds: Record<Kind, string> = { samples: '0-0', racks: '0-0', alerts: '0-0', ticks: '0-0' };
  let caughtUpAt = Date.now();
  let keepingUp = false;
  let firstCatchUp: (() => void) | undefined;

  const apply = (kind: Kind, entries: readonly StreamEntry[]) => {
    for (const e of entries) {
      lastIds[kind] = e.id;
      if (e.fields.get('n')?.toString() === nodeId) continue;
      try {
        deliver[kind](e.fields);
      } catch (err) {
        warnInvalid(kind, describe(err));
      }
    }
  };

  async function readLoop() {
    // Without BLOCK while catching up (start-up, a backlog): start() learns at once that it is current.
    let block = false;
    while (!closed && !halted) {
      let raw: unknown;
      try {
        keepingUp = keepingUp && reader.status === 'ready';
        raw = await reader.callBuffer(
          'XREAD',
          'COUNT',
          READ_COUNT,
          ...(block ? ['BLOCK', BLOCK_MS] : []),
          'STREAMS',
          ...order.map((k) => keys[k]),
          ...order.map((k) => lastIds[k]),
        );
      } catch (e) {
        if (closed || halted) return;
        lastError = describe(e);
        keepingUp = false;
        block = false;
        await sleep(200);
        continue;
      }
      if (closed || halted) return;
      const byKey = parseXread(raw);
      let full = false;
      for (const kind of order) {
        const entries = byKey.get(keys[kind]) ?? [];
        if (entries.length >= READ_COUNT) full = true;
        apply(kind, entries);
      }
      block = !full;
      if (!full) {
        caughtUpAt = Date.now();
        keepingUp = true;
        firstCatchUp?.();
        firstCatchUp = undefined;
      } else keepingUp = false;
    }
  }

  const bus: RedisBus = {
    nodeId,
    where,
    keys,
    commands,
    connectionNames,

    publishSample(sample, isLive) {
      for (const l of sampleListeners) l(sample, isLive, 'local');
      enqueue(
        keys.samples,
        maxLen.samples,
        ['n', nodeId, 'l', isLive ? '1' : '0', 's', JSON.stringify(sample)],
        true,
      );
    },
    publishRacks(block, wire) {
      for (const l of rackListeners) l(block, wire, 'local');
      const d = wire.data;
      const data =
        d instanceof Uint8Array ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);
      // Racks have no history: while Redis is away only the newest matter, and those come next second.
      enqueue(
        keys.racks,
        maxLen.racks,
        [
          'n',
          nodeId,
          's',
          wire.site,
          'h',
          wire.hall,
          't',
          String(wire.t),
          'r',
          String(wire.racks),
          'd',
          data,
        ],
        false,
      );
    },
    publishTick(tick) {
      enqueue(
        keys.ticks,
        maxLen.ticks,
        ['n', nodeId, 'q', String(tick.seq), 'k', JSON.stringify(tick)],
        false,
      );
    },
    publishAlert(entry, viewersElsewhere = false) {
      const fields = ['n', nodeId, 'v', viewersElsewhere ? '1' : '0', 'a', JSON.stringify(entry)];
      enqueue(keys.alerts, maxLen.alerts, fields, true);
    },
    onSample(l) {
      sampleListeners.add(l);
      return () => sampleListeners.delete(l);
    },
    onRacks(l) {
      rackListeners.add(l);
      return () => rackListeners.delete(l);
    },
    onTick(l) {
      tickListeners.add(l);
      return () => tickListeners.delete(l);
    },
    onAlert(l) {
      alertListeners.add(l);
      return () => alertListeners.delete(l);
    },
    onConnectionChange(l) {
      connectionListeners.add(l);
      return () => connectionListeners.delete(l);
    },

    async lastTickSeq() {
      try {
        const raw = await commands.callBuffer('XREVRANGE', keys.ticks, '+', '-', 'COUNT', 1);
        const q = parseEntries(raw)[0]?.fields.get('q')?.toString();
        return q === undefined ? undefined : Number(q);
      } catch (e) {
        lastError = describe(e);
        return undefined;
      }
    },

    async start() {
      // The retained ticks fill the resume ring of a node that just started: a viewer that reconnects
      // here from another node resumes without a gap.
      try {
        const raw = await commands.callBuffer('XREVRANGE', keys.ticks, '+', '-', 'COUNT', maxLen.ticks);
        const entries = parseEntries(raw).reverse();
        apply('ticks', entries);
      } catch (e) {
        lastError = describe(e);
      }
      const caughtUp = new Promise<void>((resolve) => {
        firstCatchUp = resolve;
      });
      void readLoop();
      await Promise.race([caughtUp, sleep(10_000)]);
    },

    health() {
      const connected = connectedNow();
      return {
        kind: 'redis',
        connected,
        lastError,
        lagMs: connected && keepingUp ? 0 : Date.now() - caughtUpAt,
      };
    },

    stats() {
      return { appended, appendedBytes, outbox: outbox.length };
    },

    adapterClient() {
      if (!adapter) {
        adapter = new Redis(url, {
          ...base,
          connectionName: `gigawatt-adapter-${nodeId}`,
          // Broadcasts wait for their append; while Redis is away they fail soon, so local viewers still
          // get them (socket.io delivers locally after a failed publish).
          maxRetriesPerRequest: 1,
        });
        adapter.on('error', (e: unknown) => {
          lastError = describe(e);
        });
      }
      return adapter;
    },

    halt() {
      halted = true;
      for (const c of clients()) c.disconnect();
    },

    async close() {
      if (closed) return;
      // What was published just before the close still reaches the other nodes.
      const end = Date.now() + 1000;
      while ((pumping || outbox.length > 0) && commands.status === 'ready' && !halted && Date.now() < end) {
        await sleep(5);
      }
      closed = true;
      reader.disconnect();
      await Promise.allSettled(clients().map((c) => (c.status === 'ready' ? c.quit() : Promise.resolve())));
      for (const c of clients()) c.disconnect();
      sampleListeners.clear();
      rackListeners.clear();
      tickListeners.clear();
      alertListeners.clear();
      connectionListeners.clear();
    },
  };
  return bus;
}
