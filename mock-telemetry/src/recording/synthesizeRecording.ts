import {
  type AlertEvent,
  type AlertRule,
  createAlertEngine,
  defaultAlertRules,
  defaultFleet,
  type FleetConfig,
  type HallRef,
  indexFleet,
} from '@gigawatt/shared';
import {
  type Annotation,
  type ByteSink,
  DEFAULT_CHUNK_SIZE,
  type RecordingLevel,
  type RecordingMetadata,
  restrictFleet,
} from '@gigawatt/shared/recording';
import { createSimulator } from '../model/createSimulator.ts';
import { DEFAULT_SEED } from '../model/defaultSeed.ts';
import type { Incident } from '../model/incidentSchema.ts';
import { incidentLabel } from './incidentLabel.ts';
import { SCENARIOS, type ScenarioName } from './scenarios.ts';
import { createTrustedRecordingWriter } from './trustedRecordingWriter.ts';

/**
 * Chunk size for synthesized files: shared's default (256 KiB). Larger chunks were measured and do not
 * pay off offline either: 1 MiB chunks made a 6 h file only 2 % smaller, took ~15 % more CPU to write
 * (bigger buffers to allocate and copy per chunk) and made a 1 s seek inflate 4× more (p50 7 → 44 ms).
 */
export const SYNTH_CHUNK_SIZE = DEFAULT_CHUNK_SIZE;
/** Work between yields to the event loop, so a server synthesizing at start-up keeps serving. */
const SLICE_MS = 15;

export interface SynthesizeOptions {
  /** First second of the recording (ms since epoch, floored to a whole second). */
  from: number;
  /** Default: the scenario's length, else 24 h. */
  durationMs?: number;
  /** Default 20261123, the server's default GIGAWATT_SEED. */
  seed?: number;
  fleet?: FleetConfig;
  /** A ready-made story (incidents, length, level, rack halls, name); explicit options override it. */
  scenario?: ScenarioName;
  /** site: samples without halls; hall (default): with halls; rack: also rack blocks of `rackHalls`. */
  level?: RecordingLevel;
  /** Sites recorded (default: the whole fleet). */
  sites?: readonly string[];
  /** Halls recorded at rack level; default every hall of `sites` (only used at level "rack"). */
  rackHalls?: readonly HallRef[];
  /** Added to the scenario's incidents. Each one inside the recording gets an annotation at its start. */
  incidents?: readonly Incident[];
  name?: string;
  /**
   * The rules run over the synthesized data, whose alerts go on /alerts as the live recorder writes
   * them (default: the server's defaults; [] for none). An incident drill then finds its alerts.
   */
  alertRules?: readonly AlertRule[];
  /** The metadata's creation time and the annotations' createdAt (default now). */
  created?: number;
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: { seconds: number; totalSeconds: number }) => void;
}

/** What a synthesis will write, with every default resolved. */
export interface SynthesisPlan {
  name: string;
  from: number;
  seconds: number;
  seed: number;
  level: RecordingLevel;
  sites: string[];
  rackHalls: HallRef[];
  incidents: Incident[];
  annotations: Annotation[];
  metadata: RecordingMetadata;
  fleet: FleetConfig;
}

export interface SynthesisResult {
  plan: SynthesisPlan;
  messages: number;
  chunks: number;
  bytes: number;
  /** First and last message time (ms). */
  startTime: number | undefined;
  endTime: number | undefined;
}

const hallsOf = (fleet: FleetConfig, sites: readonly string[]): HallRef[] =>
  fleet.sites
    .filter((s) => sites.includes(s.id))
    .flatMap((s) => s.halls.map((h) => ({ site: s.id, hall: h.id })));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Resolves defaults and checks sites and halls against the fleet; throws with a clear message. */
export function planSynthesis(options: SynthesizeOptions): SynthesisPlan {
  const fleet = options.fleet ?? defaultFleet;
  const scenario = options.scenario === undefined ? undefined : SCENARIOS[options.scenario];
  if (options.scenario !== undefined && !scenario) throw new Error(`unknown scenario "${options.scenario}"`);
  if (!Number.isFinite(options.from)) throw new Error(`from must be ms since epoch (got ${options.from})`);
  const from = Math.floor(options.from / 1000) * 1000;
  const durationMs = options.durationMs ?? scenario?.durationMs ?? 86_400_000;
  if (!Number.isFinite(durationMs) || durationMs < 1000) {
    throw new Error(`duration must be at least 1 s (got ${durationMs} ms)`);
  }
  const seconds = Math.ceil(durationMs / 1000);
  const known = fleet.sites.map((s) => s.id);
  const sites = [...new Set(options.sites ?? known)];
  const unknown = sites.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`unknown site ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (sites.length === 0) throw new Error('no sites to record');
  const level = options.level ?? scenario?.level ?? 'hall';

  let rackHalls: HallRef[] = [];
  if (level === 'rack') {
    const scenarioRacks = scenario?.rackHalls.filter((r) => sites.includes(r.site)) ?? [];
    const wanted = options.rackHalls ?? (scenarioRacks.length > 0 ? scenarioRacks : hallsOf(fleet, sites));
    for (const r of wanted) {
      const site = fleet.sites.find((s) => s.id === r.site);
      if (!site?.halls.some((h) => h.id === r.hall)) throw new Error(`unknown hall "${r.site}/${r.hall}"`);
      if (!sites.includes(r.site))
        throw new Error(`rack hall "${r.site}/${r.hall}" is outside the recorded sites`);
    }
    rackHalls = wanted.map((r) => ({ site: r.site, hall: r.hall }));
  }

  const incidents = [...(scenario?.incidents(from) ?? []), ...(options.incidents ?? [])];
  const created = options.created ?? Date.now();
  const end = from + seconds * 1000;
  const annotations = incidents
    .map((incident, i): Annotation | undefined => {
      const t = Math.floor(incident.start / 1000) * 1000;
      if (t < from || t >= end || !sites.includes(incident.site)) return undefined;
      return {
        id: `incident-${i + 1}`,
        t,
        end: t + incident.durationMs,
        text: `${incidentLabel(incident, fleet)} (scenario)`,
        author: 'mock-telemetry',
        createdAt: created,
      };
    })
    .filter((a): a is Annotation => a !== undefined)
    .sort((a, b) => a.t - b.t);

  const name = options.name ?? scenario?.name ?? 'Synthesized recording';
  const allSites = sites.length === known.length;
  const allRacks = rackHalls.length === hallsOf(fleet, sites).length;
  return {
    name,
    from,
    seconds,
    seed: options.seed ?? DEFAULT_SEED,
    level,
    sites,
    rackHalls,
    incidents,
    annotations,
    metadata: {
      name,
      level,
      sites,
      ...(level === 'rack' && !allRacks ? { halls: rackHalls } : {}),
      created,
      source: `mock-telemetry synthesize${scenario ? ` (${options.scenario})` : ''}${allSites ? '' : ` ${plural(sites.length, 'site')}`}`,
      // The file then renders on its own (a dropped file, a server with another fleet).
      fleet: restrictFleet(fleet, sites),
    },
    fleet,
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes a simulated recording (indexed, chunked MCAP, as the server's recorder writes) to `sink`: one
 * SiteSample per site per second, rack blocks of the chosen halls at level "rack", and an annotation at
 * the start of each incident on /annotations. The simulator jumps, so the time span costs the same
 * wherever it lies. Yields to the event loop every few ms and waits for the sink (backpressure), so a
 * server can call it while it serves. Does not close the sink.
 */
export async function synthesizeRecording(
  options: SynthesizeOptions,
  sink: ByteSink,
): Promise<SynthesisResult> {
  const plan = planSynthesis(options);
  const sim = createSimulator({ seed: plan.seed, fleet: plan.fleet, incidents: plan.incidents });
  const writer = createTrustedRecordingWriter({
    writable: sink,
    metadata: plan.metadata,
    chunkSize: options.chunkSize ?? SYNTH_CHUNK_SIZE,
  });
  const racksOf = new Map(
    plan.sites.map((s) => [s, plan.rackHalls.filter((r) => r.site === s).map((r) => r.hall)]),
  );
  const siteLevel = plan.level === 'site';
  const alertRules = (options.alertRules ?? defaultAlertRules).filter(
    // A synthesized feed never goes quiet, and sites outside the recording are not fed at all.
    (r) => r.kind !== 'feedStale',
  );
  // Sample time is the engine's clock: the recording's own time, as if received the moment it was made.
  const alerts = createAlertEngine({ rules: alertRules, idx: indexFleet(plan.metadata.fleet ?? plan.fleet) });
  const writeAlerts = (events: readonly AlertEvent[], t: number) => {
    for (const e of events) writer.writeAlert(e, t);
  };
  let nextNote = 0;
  let sliceStart = performance.now();
  for (let i = 0; i < plan.seconds; i++) {
    const t = plan.from + i * 1000;
    while (nextNote < plan.annotations.length && plan.annotations[nextNote]!.t <= t) {
      writer.writeAnnotation(plan.annotations[nextNote++]!);
    }
    for (const site of plan.sites) {
      const sample = sim.sampleSite(site, t);
      writer.writeSample(siteLevel ? { ...sample, halls: [] } : sample);
      // The engine sees what the live server would: halls even when only site level is recorded.
      writeAlerts(alerts.onSample(sample, t), t);
      for (const hall of racksOf.get(site)!) {
        const block = sim.racks(site, hall, t);
        writer.writeRacks(block);
        writeAlerts(alerts.onRacks(block, t), t);
      }
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      await writer.drain();
      await nextTurn();
      if (options.signal?.aborted) throw new Error('synthesis aborted');
      options.onProgress?.({ seconds: i + 1, totalSeconds: plan.seconds });
      sliceStart = performance.now();
    }
  }
  await writer.end();
  options.onProgress?.({ seconds: plan.seconds, totalSeconds: plan.seconds });
  const stats = writer.stats;
  return {
    plan,
    messages: stats.messages,
    chunks: stats.chunks,
    bytes: stats.bytes,
    startTime: stats.startTime,
    endTime: stats.endTime,
  };
}
