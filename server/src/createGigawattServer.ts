import { readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator } from '@gigawatt/mock-telemetry';
import {
  type AlertEvent,
  type ClientToServerEvents,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  indexFleet,
  type ServerToClientEvents,
  type Tick,
} from '@gigawatt/shared';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { type Namespace, Server } from 'socket.io';
import { type AlertEngine, createAlertEngine, loadAlertRules } from './alerts/index.ts';
import { type BusHealth, createRedisBus, type RedisBus } from './bus/redisBus.ts';
import { type Lease, startLease } from './bus/redisLease.ts';
import { createInProcessBus, type TelemetryBus } from './bus/telemetryBus.ts';
import type { ServerConfig } from './config.ts';
import { type DemoRun, startDemoRecordings } from './demos/startDemoRecordings.ts';
import { AuthFailureLimiter } from './http/authFailureLimiter.ts';
import { createHttpApp } from './http/createHttpApp.ts';
import { hardenHttpServer } from './http/hardenHttpServer.ts';
import { readiness, versionInfo } from './http/readiness.ts';
import { requestObserver } from './http/requestLog.ts';
import { attachIngestNamespace } from './ingest/ingestNamespace.ts';
import { LATE_WINDOW_MS } from './ingest/ingestPolicy.ts';
import { IngestService } from './ingest/ingestService.ts';
import { LiveFanout } from './live/liveFanout.ts';
import { TickDriver } from './live/tickDriver.ts';
import { createLogger, errorFields, type Logger, lineLog } from './log.ts';
import { socketIoClients } from './metrics/sendBacklog.ts';
import { createServerMetrics } from './metrics/serverMetrics.ts';
import { createRecorder, type Recorder, type RecorderOptions } from './recorder/createRecorder.ts';
import { RECORDER_FAILED_RULE, recorderAlert } from './recorderAlert.ts';
import { MAX_CATCH_UP_S, startSecondTimer } from './secondTimer.ts';
import { createServerClock } from './serverClock.ts';
import { backfillInBackground } from './sim/backfillHistory.ts';
import { publishSecond } from './sim/embeddedSimulator.ts';
import { FileStateStorage } from './state/fileStateStorage.ts';
import { PostgresStateStorage } from './state/postgresStateStorage.ts';
import type { RestoredState, StateStorage } from './state/stateStorage.ts';
import { TelemetryStore } from './store/telemetryStore.ts';

/** The product's version (root package.json), for /api/version and the build info metric. */
const PACKAGE_VERSION: string = (() => {
  try {
    const path = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();

export interface GigawattServer {
  url: string;
  port: number;
  store: TelemetryStore;
  ingest: IngestService;
  live: LiveFanout;
  /** The one place ticks are built (timer, early samples, a new lease holder all go through it). */
  ticks: TickDriver;
  alerts: AlertEngine;
  recorder: Recorder | undefined;
  sim: Simulator | undefined;
  backfill: { ms: number; calls: number } | undefined;
  /** Where state outlives the process (undefined: GIGAWATT_STATE=off), and what start-up restored. */
  storage: StateStorage | undefined;
  restored: RestoredState | undefined;
  /** Demo recordings being made in the background (GIGAWATT_DEMOS); `done` resolves when they are. */
  demos: DemoRun | undefined;
  /** The bus's state, for /readyz: in-process is always connected; Redis may be away (degraded). */
  busHealth(): BusHealth;
  /** Scale-out (REDIS_URL): this node in the cluster; undefined for a node alone. */
  cluster: ClusterNode | undefined;
  close(): Promise<void>;
}

export interface ClusterNode {
  nodeId: string;
  bus: RedisBus;
  /**
   * Whether this node holds the lease: it runs the alert rules, the always-on recorder and the built-in
   * simulator, and builds the ticks every node delivers.
   */
  isLeader(): boolean;
  /**
   * Tests: stops as a killed process would look to the others (no lease release, no flush): timers
   * stopped, Redis connections dropped, viewers and producers cut off. close() still releases the rest.
   */
  halt(): void;
}

/**
 * socket.io types every namespace of a Server with one event map; /live and /ingest speak different
 * protocols, so each namespace gets its own map here (the only cast, in one place).
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors socket.io's own EventsMap constraint ({ [event: string]: any })
type AnyEvents = Record<string, any>;
function typedNamespace<C extends AnyEvents, S extends AnyEvents>(io: Server, name: string): Namespace<C, S> {
  return io.of(name) as unknown as Namespace<C, S>;
}

/** Late samples of second S (external producers) still make tick S if they arrive this long after it. */
const TICK_DEADLINE_MS = 500;

/** Seams for tests: a recorder over a failing disk, a quicker retry. */
export interface ServerHooks {
  recorder?: Pick<RecorderOptions, 'openSink' | 'retryMs' | 'flushMs'>;
  /** Another state store than the data folder's (tests restart servers over a MemoryStateStorage). */
  storage?: StateStorage;
  /** The process's logger (main.ts makes it); default: one at config.logLevel. */
  log?: Logger;
}

export async function createGigawattServer(
  config: ServerConfig,
  hooks: ServerHooks = {},
): Promise<GigawattServer> {
  const clock = createServerClock(config.clockRate);
  const now = () => clock.now();
  const started = now();
  const idx = indexFleet(config.fleet);
  const store = new TelemetryStore(idx);
  const log = hooks.log ?? createLogger({ level: config.logLevel });
  // REDIS_URL: one bus for every node (Redis Streams); otherwise in-process. Unreachable at start: a
  // StartupError naming host:port after a few seconds of retrying.
  const redisBus = config.redisUrl
    ? await createRedisBus(
        config.redisUrl,
        config.redisPrefix,
        { info: lineLog(log, 'info'), warn: lineLog(log, 'warn') },
        {
          // Older samples are refused by every gate (the late window): keeping more would be dead weight.
          samplesMaxLen: config.fleet.sites.length * ((LATE_WINDOW_MS + 600_000) / 1000),
          // Racks have no history: half a minute of blocks covers a blip.
          racksMaxLen: Math.max(100, 30 * config.fleet.sites.reduce((n, site) => n + site.halls.length, 0)),
        },
      )
    : undefined;
  const bus: TelemetryBus = redisBus ?? createInProcessBus();
  const ingest = new IngestService(idx, bus, now);
  const alertRules = loadAlertRules(config.alertRulesPath);
  const alerts = createAlertEngine({ rules: alertRules, idx, startedAt: started });
  // DATABASE_URL: history and the alert log in PostgreSQL (shared by every node), instead of the data folder.
  const storage: StateStorage | undefined =
    hooks.storage ??
    (config.databaseUrl
      ? new PostgresStateStorage(config.databaseUrl, {
          log: lineLog(log, 'warn'),
          maxQueued: 3600 * config.fleet.sites.length,
        })
      : config.state.enabled
        ? new FileStateStorage(config.dataDir, { log: lineLog(log, 'warn') })
        : undefined);
  // History, latest values and alerts come back before anything can arrive, and the gate learns which
  // seconds are already held, so a producer resending them is told "duplicate".
  const restored = storage ? await storage.restore(store) : undefined;
  for (const site of config.fleet.sites) {
    ingest.prime(site.id, store.secondsHeld(site.id), store.latestSample(site.id));
  }
  if (restored) alerts.restore(restored.alerts, started);
  // One store for every node (PostgreSQL): only the node where a change is made writes it.
  const sharedStorage = storage?.kind === 'postgres';
  // A node alone does everything; in a cluster the lease holder runs the singletons (see ClusterNode).
  let leader = redisBus === undefined;
  let recorderFailures = 0;
  let publishLater: ((events: AlertEvent[]) => void) | undefined;

  const recorderLog = log.child({ component: 'recorder' });
  const clusterLog = log.child({ component: 'cluster' });
  const recorder = config.recording.enabled
    ? await createRecorder({
        dataDir: config.dataDir,
        fleet: config.fleet,
        now,
        segmentMs: config.recording.segmentMs,
        maxBytes: config.recording.maxBytes,
        maxAgeMs: config.recording.maxAgeMs,
        // In a cluster the lease holder records the always-on segments; any node records its captures.
        alwaysOn: redisBus === undefined,
        ...hooks.recorder,
        onAnnotation: (a, ids) => storage?.appendAnnotation?.(a, ids),
        onEvent: (e) => {
          if (e.type === 'error') recorderLog.error({ id: e.id }, `${e.id} stopped: ${e.error}`);
          else if (e.type === 'warning') recorderLog.warn(e.message);
          else if (e.type === 'recovered')
            recorderLog.info({ id: e.id }, `recovered ${e.id} (${e.messages} messages)`);
          else if (e.type === 'resumed') recorderLog.info({ id: e.id }, `writing again (${e.id})`);
          if (e.type === 'error') recorderFailures++;
          const alert = recorderAlert(alerts, e, recorderFailures, now());
          // Before the server is wired (start-up), the engine keeps it: viewers get it on connect.
          if (alert) publishLater?.([alert]);
        },
      })
    : undefined;

  const sim = config.simulate ? createSimulator({ seed: config.seed, fleet: config.fleet }) : undefined;
  // After a restart only the seconds the server was away are synthesized: the rest came back from disk.
  const heldUntil = Math.max(...config.fleet.sites.map((site) => store.latestSample(site.id)?.t ?? 0));
  const backfillSpan = Math.min(config.backfillMs, Math.max(0, started - heldUntil - 1000));
  // The last hour now, so the first page has its recent past; the older tiers in a worker thread once
  // listening (a week takes seconds to synthesize, and start-up to LIVE is budgeted at 5 s).
  const historyLog = log.child({ component: 'history' });
  const filling =
    sim && backfillSpan > 0
      ? backfillInBackground(store, sim, started, backfillSpan, {
          seed: config.seed,
          fleet: config.fleet,
          warn: (m) => historyLog.warn(m),
          merged: (tier, ms) => historyLog.debug(`synthesized ${tier} tier merged in ${Math.round(ms)} ms`),
        })
      : undefined;
  const backfill = filling?.recent;
  void filling?.done.then(({ ms, calls, where }) => {
    if (filling?.complete)
      historyLog.info(
        `gigawatt: history complete in ${Math.round(ms)} ms (${calls} fleet snapshots, ${where})`,
      );
  });

  // The page app must be the server's request listener *before* socket.io attaches: engine.io keeps the
  // listeners it finds and calls them only for paths that are not its own. Attached afterwards, express
  // also answered engine.io's polling requests (with index.html) and the double response ended the process.
  let handleRequest: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const httpServer = createServer((req, res) => handleRequest(req, res));
  const io = new Server(httpServer, {
    serveClient: false,
    // Rack blocks of the largest hall are ~240 KB; anything far beyond that is hostile.
    maxHttpBufferSize: 2 * 1024 * 1024,
    cors: { origin: false },
    // Cross-node socket.io events (alerts and acks to every viewer) go through Redis; ticks and racks
    // are emitted to local viewers only (each node reads them from the bus).
    ...(redisBus
      ? {
          adapter: createAdapter(redisBus.adapterClient(), {
            streamName: redisBus.keys.socketIo,
            channelPrefix: `${config.redisPrefix}socket.io`,
            sessionKeyPrefix: `${config.redisPrefix}sio:session:`,
            maxLen: 2000,
            // The adapter's reader wakes this often: close() is not held up by it for long.
            blockTimeInMs: 1000,
          }),
        }
      : {}),
  });
  // After socket.io attaches (its polling POSTs get the body deadline too) and before listen().
  hardenHttpServer(httpServer);
  // One count of wrong tokens per address, wherever they are tried (HTTP API, /ingest, /live).
  const authLimiter = new AuthFailureLimiter();
  const live = new LiveFanout(
    typedNamespace<ClientToServerEvents, ServerToClientEvents>(io, '/live'),
    store,
    config.fleet,
    {
      viewerToken: config.viewerToken,
      activeAlerts: () => alerts.active(),
      now,
      clockRate: clock.rate,
      authLimiter,
    },
  );
  /** To this node's viewers, timed from the tick's second (gigawatt_tick_delay_seconds). */
  const deliverLocally = (tick: Tick) => {
    if (live.deliverTick(tick)) metrics.observeTickDelay((now() - tick.t) / 1000);
  };
  const ticks = new TickDriver({
    sites: config.fleet.sites.map((site) => site.id),
    store,
    now,
    deliver: (tick: Tick) => {
      // To the other nodes first: their viewers should not wait for this node's own fan-out.
      redisBus?.publishTick(tick);
      deliverLocally(tick);
    },
  });
  /** Set while a new lease holder reads where the ticks stopped: the timer must not build meanwhile. */
  let takingOver = false;
  // A node cut off from Redis builds its own ticks, so its viewers stay live (degraded, not dark).
  const updateBuilding = () => {
    ticks.building = (leader && !takingOver) || (redisBus !== undefined && !redisBus.health().connected);
  };
  updateBuilding();
  attachIngestNamespace(
    typedNamespace<IngestClientToServerEvents, IngestServerToClientEvents>(io, '/ingest'),
    ingest,
    config.ingestToken,
    authLimiter,
  );
  // Every alert change goes to viewers and into the recordings, whichever path produced it.
  const publishAlerts = (events: readonly AlertEvent[]) => {
    if (events.length === 0) return;
    // Through the adapter in a cluster: every node's viewers get it once, from here. Cut off from Redis,
    // this node's viewers get it now and the other nodes tell theirs when the alerts stream reaches them.
    const viaAdapter = redisBus?.health().connected ?? true;
    for (const event of events) {
      const context = alerts.contextOf(event.alert);
      const entry = context === undefined ? { event } : { event, context };
      storage?.appendAlert(entry);
      // Every node's book (hello, /api/alerts, the next holder's rules) takes it from the alerts stream.
      redisBus?.publishAlert(entry, !viaAdapter);
    }
    live.emitAlerts(events, !viaAdapter);
    if (recorder) for (const e of events) recorder.onAlert(e, now());
  };
  publishLater = publishAlerts;
  // A restored "recorder stopped" alert is about the previous process's disk: a recorder that started
  // clears it, and raises it again on its first failed write.
  if (recorder && restored && recorderFailures === 0) {
    const cleared = alerts.clear(RECORDER_FAILED_RULE, {}, now());
    if (cleared) publishAlerts([cleared]);
  }
  bus.onSample((s, gateLive, origin) => {
    let isLive = gateLive;
    if (origin === 'remote') {
      // Another node's gate let it through: this node's gate learns the second (and answers duplicates
      // for it), and a second two gates accepted is applied once here.
      const verdict = ingest.observe(s, gateLive);
      if (verdict === 'duplicate' || verdict === 'refused') return;
      isLive = verdict === 'live';
    }
    // Logged before it is applied: once the producer has its ack, a kill -9 cannot lose it.
    if (origin === 'local' || !sharedStorage) storage?.appendSample(s, isLive);
    store.putSample(s, isLive);
    if (!isLive) return;
    recorder?.onSample(s);
    if (leader) publishAlerts(alerts.onSample(s, now()));
    ticks.onSample(s);
  });
  bus.onRacks((block, wire, origin) => {
    if (origin === 'remote' && !ingest.observeRacks(block)) return;
    recorder?.onRacks(block);
    store.putRacks(block, wire);
    if (leader) publishAlerts(alerts.onRacks(block, now()));
    live.onRacks(wire);
  });
  if (redisBus) {
    redisBus.onTick((tick) => {
      ticks.ticked(tick.seq);
      deliverLocally(tick);
    });
    redisBus.onAlert((entry, tellViewers) => {
      if (!alerts.apply(entry, now())) return;
      if (!sharedStorage) storage?.appendAlert(entry);
      recorder?.onAlert(entry.event, now());
      if (tellViewers) live.emitAlerts([entry.event], true);
    });
    redisBus.onConnectionChange((up) => {
      updateBuilding();
      // A holder that was cut off built ticks nobody else got: the others fill their gap from them.
      if (up && leader) {
        for (const tick of live.ticksSince(Math.floor(now() / 1000) - MAX_CATCH_UP_S))
          redisBus.publishTick(tick);
      }
    });
  }

  const metrics = createServerMetrics({
    store,
    ingest,
    ticksSent: () => live.ticksSent,
    alerts,
    rules: [
      ...alertRules.filter((r) => r.enabled),
      ...(recorder ? [{ id: RECORDER_FAILED_RULE, severity: 'critical' as const }] : []),
    ],
    recorder,
    socketIo: () => socketIoClients(io, ['/live', '/ingest']),
    dataDir: config.recording.enabled || config.state.enabled ? config.dataDir : undefined,
    bus: () => redisBus?.health() ?? { connected: true, lagMs: 0 },
    version: PACKAGE_VERSION,
  });
  const app = createHttpApp({
    authLimiter,
    store,
    ingest,
    ingestToken: config.ingestToken,
    viewerToken: config.viewerToken,
    clientDir: config.clientDir,
    metrics,
    log,
    alerts,
    operatorToken: config.operatorToken,
    onAlertEvents: publishAlerts,
    recorder,
    importMaxBytes: config.recording.importMaxBytes,
    version: versionInfo(PACKAGE_VERSION, started),
    readiness: () =>
      readiness({
        history: () =>
          filling && !filling.complete
            ? {
                ok: false,
                detail: `the recent past is in; older history is being synthesized (${filling.pending.join(', ')} tier still to come)`,
              }
            : {
                ok: true,
                detail: restored
                  ? `complete; restored in ${Math.round(restored.ms)} ms${filling ? ', missed time synthesized' : ''}`
                  : filling
                    ? 'complete; synthesized at first start'
                    : 'live data only',
              },
        bus: () => {
          const h = redisBus?.health();
          if (!h) return { ok: true, detail: 'in-process' };
          return h.connected
            ? { ok: true, detail: `redis, ${h.lagMs} ms behind` }
            : {
                ok: false,
                detail: `redis unreachable (${h.lastError ?? 'no connection'}); serving local state`,
              };
        },
        storage: async () =>
          storage?.check
            ? storage.check()
            : { ok: true, detail: storage ? storage.kind : 'memory only (GIGAWATT_STATE=off)' },
      }),
    now,
  });
  // Outside express: every request the app answers is logged and timed, whichever part answers it.
  const observe = requestObserver({ log, onDone: metrics.observeHttp });
  handleRequest = (req, res) => {
    observe(req, res);
    app(req, res);
  };

  // A late timer (busy event loop) publishes the seconds it missed, so history has no holes. The
  // history synthesis ends where the live simulation starts, so the seconds start-up itself took are
  // published before the server listens: a viewer resuming after a restart must find them in history.
  // The simulator only produces: each second it completes is ticked by the driver like any producer's.
  let lastSimSecond = Math.floor(started / 1000) - 1;
  const simulateUpTo = (second: number, maxCatchUpS = MAX_CATCH_UP_S) => {
    if (!sim) return;
    const from = Math.max(lastSimSecond + 1, second - maxCatchUpS);
    for (let s = from; s <= second; s++) {
      publishSecond(
        sim,
        ingest,
        s,
        (site, hall) =>
          config.simulateRacks || live.isWatched(site, hall) || (recorder?.wantsRacks(site, hall) ?? false),
        log,
      );
    }
    lastSimSecond = Math.max(lastSimSecond, second);
  };
  // Cluster: what the streams retain first (the ticks of the resume ring, then the samples, racks and
  // alert changes this node has not seen), so its store, gate and book are current before it serves.
  await redisBus?.start();
  // Nobody is connected yet, so a long start-up (a week of history) is caught up in full. In a cluster
  // the lease holder simulates (the others get its samples from the bus).
  if (ticks.building) simulateUpTo(Math.floor(now() / 1000), 600);
  const stopSim = sim
    ? startSecondTimer(
        // As the second begins: the tick goes out once its samples are in, so any offset here is added
        // to every viewer's latency (the timer never fires for a second before it has begun).
        0,
        (second) => {
          if (ticks.building) simulateUpTo(second);
        },
        clock,
      )
    : () => {};
  // Synthesized history is not in the sample log: a checkpoint right away keeps a kill from redoing it.
  let checkpointTimer: NodeJS.Timeout | undefined;
  const checkpoint = () => {
    storage
      ?.checkpoint(store)
      .catch((e: unknown) => log.error({ component: 'state', ...errorFields(e) }, 'checkpoint failed'));
  };
  if (storage) {
    // Only after a first start's long synthesis; a restart's few missed seconds are cheap to redo.
    if (filling && restored?.checkpointAt === undefined) void filling.done.then(() => checkpoint());
    checkpointTimer = setInterval(checkpoint, config.state.checkpointMs);
    checkpointTimer.unref();
  }
  const stopTicks = startSecondTimer(
    TICK_DEADLINE_MS,
    (second) => {
      // The deadline: second S is ticked now with whatever arrived, unless its samples ticked it
      // early. The simulator publishes S first, so its tick carries S's samples.
      if (ticks.building) {
        simulateUpTo(second);
        ticks.through(second);
      }
      if (leader) publishAlerts(alerts.onClock(now()));
    },
    clock,
  );

  // The lease: its holder runs the rules, the always-on recorder and the simulator, and builds ticks.
  const takeOver = async () => {
    takingOver = true;
    updateBuilding();
    const lastSeq = await redisBus?.lastTickSeq();
    takingOver = false;
    if (!leader) return updateBuilding();
    updateBuilding();
    // The seconds the previous holder did not build (it died): their samples, then their ticks, so a
    // viewer on any node resumes without a gap.
    const upTo = Math.floor((now() - TICK_DEADLINE_MS) / 1000);
    simulateUpTo(upTo);
    // A node that never had a tick (a new cluster) starts with the current second.
    const built = ticks.through(upTo, lastSeq ?? ticks.lastTicked ?? upTo - 1);
    if (built > 1) clusterLog.info(`built ${built} ticks the previous lease holder did not`);
  };
  const lease: Lease | undefined = redisBus
    ? startLease(redisBus.commands, {
        key: redisBus.keys.lease,
        nodeId: redisBus.nodeId,
        onChange: (held) => {
          leader = held;
          updateBuilding();
          recorder?.setAlwaysOn(held);
          if (held) {
            clusterLog.info(
              `${redisBus.nodeId} holds the lease: alert rules, always-on recorder${sim ? ', simulator' : ''} and ticks run here`,
            );
            alerts.resume(now());
            void takeOver();
          } else clusterLog.warn(`${redisBus.nodeId} no longer holds the lease`);
        },
      })
    : undefined;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  // After listening: a first start is not delayed by synthesizing a day of demo data.
  const demosLog = log.child({ component: 'demos' });
  const demos =
    config.demos.enabled && recorder
      ? startDemoRecordings({
          dataDir: config.dataDir,
          fleet: config.fleet,
          seed: config.seed,
          recorder,
          now,
          ...(config.demos.durationMs === undefined ? {} : { durationMs: config.demos.durationMs }),
          onEvent: (e) => {
            if (e.type === 'warning') demosLog.warn(e.message);
            else
              demosLog.info(
                { id: e.id },
                `made "${e.scenario}" (${e.id}): ${(e.bytes / 1e6).toFixed(1)} MB in ${(e.ms / 1000).toFixed(1)} s`,
              );
          },
        })
      : undefined;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    store,
    ingest,
    live,
    ticks,
    alerts,
    recorder,
    sim,
    backfill,
    storage,
    restored,
    demos,
    busHealth: () =>
      redisBus?.health() ?? { kind: 'in-process', connected: true, lastError: undefined, lagMs: 0 },
    cluster: redisBus
      ? {
          nodeId: redisBus.nodeId,
          bus: redisBus,
          isLeader: () => leader,
          halt() {
            stopSim();
            stopTicks();
            lease?.stop();
            leader = false;
            redisBus.halt();
            io.engine.close();
            httpServer.close();
            httpServer.closeAllConnections();
          },
        }
      : undefined,
    async close() {
      stopSim();
      stopTicks();
      filling?.cancel();
      clearInterval(checkpointTimer);
      // First: another node takes the singletons over within a second instead of when the lease expires.
      await lease?.release();
      await demos?.stop();
      // io.close() waits for every HTTP connection to end: a slow upload or download must not keep the
      // recordings and state from being finalized, so those close first and open requests get a second.
      const ioClosed = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeIdleConnections();
      const grace = setTimeout(() => httpServer.closeAllConnections(), 1000);
      await recorder?.close();
      await bus.close();
      await storage?.close(store);
      await ioClosed;
      clearTimeout(grace);
      httpServer.closeAllConnections();
    },
  };
}
