import { statfs } from 'node:fs/promises';
import {
  type Alert,
  type FleetIndex,
  type FleetTotals,
  fleetMetric,
  hallMetric,
  METRIC_REGISTRY,
  type MetricDef,
  PROTOCOL_VERSION,
  rollupFleet,
  type Severity,
  type SiteSample,
  siteMetric,
} from '@gigawatt/shared';
import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  type Histogram,
  Histogram as HistogramMetric,
  Registry,
} from 'prom-client';
import type { IngestStats } from '../ingest/ingestService.ts';
import { REJECT_REASONS } from '../ingest/ingestService.ts';
import type { RecorderStats } from '../recorder/createRecorder.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { type SocketIoClients, sendBacklogBytes } from './sendBacklog.ts';

/**
 * GET /metrics: Prometheus exposition through prom-client, named as Prometheus and dcgm-exporter users
 * expect (base units in the name, `_total` counters, `site` and `hall` labels).
 *
 * Fleet telemetry: the newest sample of each site, read at scrape time. Site series have a `site`
 * label, hall series `site` and `hall`. Quantities that add up are not exported for the fleet: the
 * fleet is `sum(gigawatt_site_…)`; the fleet's utilization and PUE, which do not add up, are. Names,
 * help, scale and levels of these gauges live in the shared metric registry (metricRegistry.ts), so a
 * new metric is exported without touching this file; the table lists what it holds today.
 *
 * | name                                                   | type    | labels                   | what |
 * | ------------------------------------------------------ | ------- | ------------------------ | ---- |
 * | gigawatt_site_facility_power_watts                     | gauge   | site                     | facility power draw |
 * | gigawatt_site_it_power_watts                           | gauge   | site                     | IT power draw |
 * | gigawatt_hall_it_power_watts                           | gauge   | site, hall               | IT power draw of a hall |
 * | gigawatt_site_power_cap_watts                          | gauge   | site                     | facility power cap (fleet config) |
 * | gigawatt_site_pue_ratio                                | gauge   | site                     | facility ÷ IT power (NaN without IT load) |
 * | gigawatt_fleet_pue_ratio                               | gauge   |                          | the fleet's facility ÷ IT power |
 * | gigawatt_site_gpu_utilization_percent                  | gauge   | site                     | mean utilization of allocated GPUs, 0–100 (as DCGM_FI_DEV_GPU_UTIL) |
 * | gigawatt_hall_gpu_utilization_percent                  | gauge   | site, hall               | the same for a hall |
 * | gigawatt_fleet_gpu_utilization_percent                 | gauge   |                          | the fleet's, weighted by allocated (rented + internal) GPUs |
 * | gigawatt_site_inlet_temperature_celsius                | gauge   | site                     | mean rack inlet temperature |
 * | gigawatt_hall_inlet_temperature_celsius                | gauge   | site, hall               | the same for a hall |
 * | gigawatt_site_gpus                                     | gauge   | site, state              | GPUs by state: rented, internal, idle, failed |
 * | gigawatt_hall_gpus                                     | gauge   | site, hall, state        | the same for a hall |
 * | gigawatt_site_gpus_rented_ratio                        | gauge   | site                     | rented ÷ all GPUs, 0–1 |
 * | gigawatt_hall_gpus_rented_ratio                        | gauge   | site, hall               | the same for a hall |
 * | gigawatt_site_rental_revenue_usd_per_hour              | gauge   | site                     | rental run-rate: rented GPUs × price per GPU-hour |
 * | gigawatt_hall_rental_revenue_usd_per_hour              | gauge   | site, hall               | the same for a hall |
 * | gigawatt_hall_coolant_supply_temperature_celsius       | gauge   | site, hall               | coolant the CDUs send to the racks (liquid-cooled halls only) |
 * | gigawatt_hall_coolant_return_temperature_celsius       | gauge   | site, hall               | coolant coming back from the racks (liquid-cooled halls only) |
 * | gigawatt_hall_coolant_flow_cubic_meters_per_second     | gauge   | site, hall               | the loop's flow (liquid-cooled halls only) |
 * | gigawatt_hall_cdu_power_watts                          | gauge   | site, hall               | the CDUs' electrical draw (liquid-cooled halls only) |
 * | gigawatt_site_last_sample_timestamp_seconds            | gauge   | site                     | time of the newest sample (age: `time() - …`) |
 * | gigawatt_alerts_active                                 | gauge   | rule, severity           | open alerts (raised or acknowledged); 0 for every configured rule |
 *
 * The server:
 *
 * | name                                                   | type      | labels                 | what |
 * | ------------------------------------------------------ | --------- | ---------------------- | ---- |
 * | gigawatt_build_info                                    | gauge     | version, node, protocol| always 1 |
 * | gigawatt_ticks_sent_total                              | counter   |                        | fleet ticks broadcast to /live |
 * | gigawatt_tick_delay_seconds                            | histogram |                        | a tick's second → its broadcast leaving this node (what every viewer waits at least) |
 * | gigawatt_ingest_samples_total                          | counter   | outcome                | samples judged by the gate: live, late (history only), duplicate (already held), rejected |
 * | gigawatt_ingest_rack_blocks_total                      | counter   | outcome                | rack blocks: live, stale (older than the hall's newest), rejected |
 * | gigawatt_ingest_rejected_total                         | counter   | kind, reason           | kind sample or rack_block: reason invalid, unparsable, too_old, too_new; kind request: reason unauthorized (a producer's POST or handshake refused for its token) |
 * | gigawatt_ingest_seq_resets_total                       | counter   |                        | live samples whose seq went backwards (a producer restarted) |
 * | gigawatt_socketio_clients                              | gauge     | namespace              | connected clients: /live viewers, /ingest producers |
 * | gigawatt_socketio_send_backlog_bytes                   | gauge     | namespace              | bytes queued for all clients, not yet handed to the kernel |
 * | gigawatt_socketio_send_backlog_max_bytes               | gauge     | namespace              | the largest single client's queue: a slow viewer |
 * | http_request_duration_seconds                          | histogram | method, route, status  | HTTP requests (route: the express pattern, never a raw path) |
 * | gigawatt_recorder_recordings                           | gauge     | kind                   | recordings kept: segment, capture, demo, import |
 * | gigawatt_recorder_disk_bytes                           | gauge     | kind                   | their bytes on disk |
 * | gigawatt_recorder_active_recordings                    | gauge     |                        | recordings being written |
 * | gigawatt_recorder_write_errors_total                   | counter   |                        | writes that failed (each stops its recording) |
 * | gigawatt_recorder_dropped_messages_total               | counter   |                        | messages dropped because the disk could not keep up |
 * | gigawatt_data_dir_free_bytes                           | gauge     |                        | free bytes (for this user) on the data folder's file system |
 * | gigawatt_data_dir_size_bytes                           | gauge     |                        | size of that file system |
 * | gigawatt_bus_connected                                 | gauge     |                        | 1 while the scale-out bus is up (always 1 in-process) |
 * | gigawatt_bus_lag_seconds                               | gauge     |                        | how far this node is behind the shared streams |
 *
 * Plus prom-client's process and Node metrics (process_cpu_seconds_total, process_resident_memory_bytes,
 * process_open_fds, nodejs_eventloop_lag_seconds, nodejs_gc_duration_seconds, nodejs_heap_size_used_bytes
 * …), collected once per process.
 */

/** What the metrics read; everything at scrape time except the HTTP histogram. */
export interface ServerMetricsSources {
  store: TelemetryStore;
  ingest: { readonly stats: IngestStats };
  ticksSent: () => number;
  alerts: { active(): Alert[] };
  /** Configured rules: each has a series from the start, at 0. */
  rules: readonly { id: string; severity: Severity }[];
  recorder: { stats(): RecorderStats; list(): readonly { kind: string; size: number }[] } | undefined;
  /** Namespaces whose clients are counted (/live, /ingest). */
  socketIo: () => SocketIoClients;
  /** The data folder, for free disk; undefined when the server keeps nothing on disk. */
  dataDir: string | undefined;
  bus: () => { connected: boolean; lagMs: number };
  version: string;
}

export interface ServerMetrics {
  readonly contentType: string;
  /** The exposition text: this server's metrics and the process's. */
  render(): Promise<string>;
  /** One HTTP request answered (route: the express pattern, or a fixed word when none matched). */
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  /** One tick delivered to this node's viewers, `seconds` after the start of its second. */
  observeTickDelay(seconds: number): void;
}

const RECORDING_KINDS = ['segment', 'capture', 'demo', 'import'] as const;
const MW = 1e6;

type Labels<L extends string> = Partial<Record<L, string | number>>;
type Rows<L extends string> = Iterable<readonly [Labels<L>, number]>;
type GaugeOf = (
  name: string,
  help: string,
  labelNames: readonly string[],
  read: () => Rows<string>,
) => unknown;

/**
 * The fleet telemetry gauges, one per registry gauge name, in registry order. Metrics sharing a name
 * (the GPU states) become one gauge told apart by their fixed labels.
 */
function fleetGauges(
  gauge: GaugeOf,
  samples: () => readonly SiteSample[],
  fleetTotals: () => FleetTotals,
  idx: FleetIndex,
): void {
  const byName = new Map<string, { level: 'fleet' | 'site' | 'hall'; help: string; members: MetricDef[] }>();
  for (const def of METRIC_REGISTRY) {
    for (const level of ['site', 'hall', 'fleet'] as const) {
      const g = def.prometheus.gauges[level];
      if (!g) continue;
      const entry = byName.get(g.name);
      if (entry) entry.members.push(def);
      else byName.set(g.name, { level, help: g.help, members: [def] });
    }
  }
  for (const [name, { level, help, members }] of byName) {
    const fixed = Object.keys(members[0]!.prometheus.labels ?? {});
    const scaled = (def: MetricDef, v: number) =>
      def.prometheus.scale === undefined ? v : v * def.prometheus.scale;
    const labelsOf = (def: MetricDef) => def.prometheus.labels ?? {};
    if (level === 'site') {
      gauge(name, help, ['site', ...fixed], () =>
        samples().flatMap((s) =>
          members.map(
            (def) => [{ site: s.site, ...labelsOf(def) }, scaled(def, siteMetric(s, def.id, idx))] as const,
          ),
        ),
      );
    } else if (level === 'hall') {
      // A hall without the measurement (the coolant loop of an air-cooled hall reads NaN) has no series
      // rather than a NaN line: "no loop" is not a reading, and sum() over halls must not turn NaN.
      gauge(name, help, ['site', 'hall', ...fixed], () =>
        samples().flatMap((s) =>
          s.halls.flatMap((h) =>
            members.flatMap((def) => {
              const v = hallMetric(s.site, h, def.id, idx);
              return Number.isNaN(v)
                ? []
                : [[{ site: s.site, hall: h.hall, ...labelsOf(def) }, scaled(def, v)] as const];
            }),
          ),
        ),
      );
    } else {
      // No series before the first sample: a fleet of nothing has no utilization or PUE.
      gauge(name, help, fixed, () =>
        samples().length === 0
          ? []
          : members.map((def) => [labelsOf(def), scaled(def, fleetMetric(fleetTotals(), def.id))] as const),
      );
    }
  }
}

const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];
let processRegistry: Registry | undefined;
/**
 * Process and Node metrics belong to the process, not to a server: collected once, into a registry of
 * their own, however many servers a process runs (tests run several).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters (promtool refuses them); nodejs_active_handles{type} etc. carry the same.
    for (const name of MISNAMED_DEFAULTS) processRegistry.removeSingleMetric(name);
  }
  return processRegistry;
}

export function createServerMetrics(src: ServerMetricsSources): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];

  /** A gauge whose series are read at scrape time (series that are gone disappear). */
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Rows<L> | Promise<Rows<L>>,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const rows = await read();
        this.reset();
        for (const [labels, v] of rows) this.set(labels, v);
      },
    });
  /** A counter mirrored from a count kept elsewhere (the gate's stats, the recorder's). */
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Rows<L>,
  ) =>
    new Counter<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, v] of read()) this.inc(labels, v);
      },
    });

  // The newest sample of each site, read once per scrape (every fleet gauge reads it).
  let scrape: { samples: SiteSample[]; fleet?: FleetTotals } | undefined;
  const samples = () => {
    scrape ??= { samples: src.store.latestSamples() };
    return scrape.samples;
  };
  const fleetTotals = (): FleetTotals => {
    const all = samples();
    scrape!.fleet ??= rollupFleet(all, idx);
    return scrape!.fleet;
  };
  const idx = src.store.idx;
  const perSite = (f: (s: SiteSample) => number): Rows<'site'> =>
    samples().map((s) => [{ site: s.site }, f(s)]);

  gauge(
    'gigawatt_build_info',
    'Version of the server, Node.js and the viewer protocol (always 1).',
    ['version', 'node', 'protocol'],
    () => [[{ version: src.version, node: process.version, protocol: PROTOCOL_VERSION }, 1]],
  );

  fleetGauges(gauge, samples, fleetTotals, idx);
  gauge(
    'gigawatt_site_power_cap_watts',
    'Facility power cap of a site (fleet config), in watts.',
    ['site'],
    () => perSite((s) => (idx.site(s.site)?.powerCapMw ?? Number.NaN) * MW),
  );
  gauge(
    'gigawatt_site_last_sample_timestamp_seconds',
    'Time of the newest sample of a site, in seconds since the epoch.',
    ['site'],
    () => perSite((s) => s.t / 1000),
  );
  gauge(
    'gigawatt_alerts_active',
    'Open alerts (raised or acknowledged) by rule and severity.',
    ['rule', 'severity'],
    () => {
      const counts = new Map<string, { rule: string; severity: string; n: number }>();
      const add = (rule: string, severity: string, n: number) => {
        const key = `${rule}\u0000${severity}`;
        const c = counts.get(key) ?? { rule, severity, n: 0 };
        c.n += n;
        counts.set(key, c);
      };
      for (const r of src.rules) add(r.id, r.severity, 0);
      for (const a of src.alerts.active()) add(a.rule, a.severity, 1);
      return [...counts.values()].map((c) => [{ rule: c.rule, severity: c.severity }, c.n] as const);
    },
  );

  counter('gigawatt_ticks_sent_total', 'Fleet ticks broadcast to /live viewers.', [], () => [
    [{}, src.ticksSent()],
  ]);
  const stats = () => src.ingest.stats;
  counter(
    'gigawatt_ingest_samples_total',
    'Site samples judged by the ingest gate, by outcome (live, late, duplicate, rejected).',
    ['outcome'],
    () => [
      [{ outcome: 'live' }, stats().accepted],
      [{ outcome: 'late' }, stats().late],
      [{ outcome: 'duplicate' }, stats().duplicates],
      [{ outcome: 'rejected' }, stats().rejected],
    ],
  );
  counter(
    'gigawatt_ingest_rack_blocks_total',
    'Rack blocks judged by the ingest gate, by outcome (live, stale, rejected).',
    ['outcome'],
    () => [
      [{ outcome: 'live' }, stats().racksAccepted],
      [{ outcome: 'stale' }, stats().racksStale],
      [{ outcome: 'rejected' }, stats().racksRejected],
    ],
  );
  counter(
    'gigawatt_ingest_rejected_total',
    'Ingest refusals by kind (sample, rack_block, request) and reason (invalid, unparsable, too_old, too_new, unauthorized).',
    ['kind', 'reason'],
    () => [
      ...REJECT_REASONS.map((reason) => [{ kind: 'sample', reason }, stats().rejectedBy[reason]] as const),
      ...REJECT_REASONS.filter((r) => r !== 'unparsable').map(
        (reason) => [{ kind: 'rack_block', reason }, stats().racksRejectedBy[reason]] as const,
      ),
      [{ kind: 'request', reason: 'unauthorized' }, stats().unauthorized],
    ],
  );
  counter(
    'gigawatt_ingest_seq_resets_total',
    'Live samples whose seq was not above the last one (a producer restarted its counter).',
    [],
    () => [[{}, stats().seqResets]],
  );

  // One pass over the sockets per scrape, for the three socket.io gauges.
  let sockets: Map<string, { clients: number; backlog: number; max: number }> | undefined;
  const socketStats = () => {
    if (sockets) return sockets;
    sockets = new Map();
    for (const [name, clients] of src.socketIo()) {
      const s = { clients: 0, backlog: 0, max: 0 };
      for (const conn of clients) {
        const bytes = sendBacklogBytes(conn);
        s.clients++;
        s.backlog += bytes;
        s.max = Math.max(s.max, bytes);
      }
      sockets.set(name, s);
    }
    return sockets;
  };
  gauge(
    'gigawatt_socketio_clients',
    'Connected socket.io clients by namespace (/live viewers, /ingest producers).',
    ['namespace'],
    () => [...socketStats()].map(([namespace, s]) => [{ namespace }, s.clients] as const),
  );
  gauge(
    'gigawatt_socketio_send_backlog_bytes',
    'Bytes queued for the clients of a namespace and not yet handed to the kernel.',
    ['namespace'],
    () => [...socketStats()].map(([namespace, s]) => [{ namespace }, s.backlog] as const),
  );
  gauge(
    'gigawatt_socketio_send_backlog_max_bytes',
    'Bytes queued for the slowest single client of a namespace.',
    ['namespace'],
    () => [...socketStats()].map(([namespace, s]) => [{ namespace }, s.max] as const),
  );

  const http: Histogram<'method' | 'route' | 'status'> = new HistogramMetric({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route (the express route pattern) and status, in seconds.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const tickDelay: Histogram = new HistogramMetric({
    name: 'gigawatt_tick_delay_seconds',
    help: "From a tick's second to its broadcast leaving this node for its /live viewers, in seconds.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });

  const recorder = src.recorder;
  if (recorder) {
    const byKind = () => {
      const out = new Map<string, { n: number; bytes: number }>(
        RECORDING_KINDS.map((k) => [k, { n: 0, bytes: 0 }]),
      );
      for (const r of recorder.list()) {
        const c = out.get(r.kind) ?? { n: 0, bytes: 0 };
        c.n++;
        c.bytes += r.size;
        out.set(r.kind, c);
      }
      return out;
    };
    gauge(
      'gigawatt_recorder_recordings',
      'Recordings kept, by kind (segment, capture, demo, import).',
      ['kind'],
      () => [...byKind()].map(([kind, c]) => [{ kind }, c.n] as const),
    );
    gauge('gigawatt_recorder_disk_bytes', 'Bytes on disk of the recordings kept, by kind.', ['kind'], () =>
      [...byKind()].map(([kind, c]) => [{ kind }, c.bytes] as const),
    );
    gauge('gigawatt_recorder_active_recordings', 'Recordings being written.', [], () => [
      [{}, recorder.stats().active],
    ]);
    counter(
      'gigawatt_recorder_write_errors_total',
      'Recording writes that failed (each stops its recording).',
      [],
      () => [[{}, recorder.stats().writeErrors]],
    );
    counter(
      'gigawatt_recorder_dropped_messages_total',
      'Messages not recorded because the disk could not keep up.',
      [],
      () => [[{}, recorder.stats().dropped]],
    );
  }

  // One statfs per scrape for both gauges; a folder that does not exist (yet) has no series.
  let disk: Promise<{ free: number; size: number } | undefined> | undefined;
  const dataDir = src.dataDir;
  if (dataDir !== undefined) {
    const diskStats = () => {
      disk ??= statfs(dataDir).then(
        (s) => ({ free: s.bavail * s.bsize, size: s.blocks * s.bsize }),
        () => undefined,
      );
      return disk;
    };
    gauge(
      'gigawatt_data_dir_free_bytes',
      'Free bytes (available to the server) on the file system of the data folder.',
      [],
      async () => {
        const d = await diskStats();
        return d ? [[{}, d.free]] : [];
      },
    );
    gauge(
      'gigawatt_data_dir_size_bytes',
      'Size of the file system of the data folder, in bytes.',
      [],
      async () => {
        const d = await diskStats();
        return d ? [[{}, d.size]] : [];
      },
    );
  }

  gauge(
    'gigawatt_bus_connected',
    'Whether the scale-out bus is connected (1), always 1 in-process.',
    [],
    () => [[{}, src.bus().connected ? 1 : 0]],
  );
  gauge('gigawatt_bus_lag_seconds', 'How far this node is behind the shared streams, in seconds.', [], () => [
    [{}, src.bus().lagMs / 1000],
  ]);

  return {
    contentType: registry.contentType,
    async render() {
      // Each scrape reads the store and the sockets afresh.
      scrape = undefined;
      sockets = undefined;
      disk = undefined;
      return Registry.merge([processMetrics(), registry]).metrics();
    },
    observeHttp(method, route, status, seconds) {
      http.observe({ method, route, status }, seconds);
    },
    observeTickDelay(seconds) {
      tickDelay.observe(seconds);
    },
  };
}
