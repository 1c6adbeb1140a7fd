import {
  type AlertEvent,
  defaultFleet,
  type FleetConfig,
  type HallRef,
  type RackBlock,
  type SiteSample,
} from '@gigawatt/shared';
import {
  type Annotation,
  type ChunkCompression,
  createRecordingWriter,
  restrictFleet,
} from '@gigawatt/shared/recording';
import type { PlaybackScheduler } from '../sources/playbackScheduler.ts';
import { makeTick } from './testTicks.ts';

/*
 * Test helpers (nothing but tests imports them): small recordings of the default fleet, built with the
 * shared writer exactly as the server's recorder writes them, and a clock tests advance by hand.
 */

export interface FixtureOptions {
  /** First second (ms since epoch, whole second). */
  start: number;
  seconds: number;
  /** Default: every site of the fleet. */
  sites?: readonly string[];
  /** Halls written at rack level, one block per second. */
  rackHalls?: readonly HallRef[];
  /** Seconds (offsets from start) with no site samples at all. */
  gaps?: readonly number[];
  /** Raised at `raise`, cleared at `clear` (offsets in seconds). */
  alerts?: readonly { id: string; raise: number; clear?: number; severity?: 'critical' | 'warning' }[];
  /** Annotations at these offsets. */
  annotations?: readonly number[];
  chunkSize?: number;
  /** Chunk compression (default: the writers' default, zstd). */
  compression?: ChunkCompression;
  /** False: no markers index, as a file written before it (or cut short) has none. */
  markerIndex?: boolean;
  fleet?: FleetConfig;
  /** Write the recorded sites' fleet into the metadata, as current recorders do. */
  ownFleet?: boolean;
}

export interface Fixture {
  bytes: Uint8Array;
  /** The site samples written, by second. */
  samples: Map<number, SiteSample[]>;
  racks: RackBlock[];
  fleet: FleetConfig;
}

/** A sample that differs from second to second, so tests can tell seconds apart by value. */
function varied(sample: SiteSample, i: number, k: number): SiteSample {
  const util = 40 + ((i * 7 + k * 11) % 50);
  return {
    ...sample,
    gpuUtilPct: util,
    inletTempC: 22 + ((i + k) % 9) / 3,
    halls: sample.halls.map((h, j) => ({ ...h, gpuUtilPct: 30 + ((i * 3 + j * 5 + k) % 60) })),
  };
}

export function fixtureAlert(
  id: string,
  t: number,
  kind: AlertEvent['kind'],
  severity = 'warning',
): AlertEvent {
  return {
    kind,
    alert: {
      id,
      rule: 'power-cap-80',
      severity: severity === 'critical' ? 'critical' : 'warning',
      scope: { site: 'ohio' },
      title: `${id} at ${new Date(t).toISOString()}`,
      value: 81,
      threshold: 80,
      unit: '%',
      start: t,
      ...(kind === 'cleared' ? { end: t } : {}),
      state: kind === 'cleared' ? 'cleared' : 'raised',
    },
  };
}

export function fixtureAnnotation(t: number, n: number): Annotation {
  return { id: `note-${n}`, t, text: `note ${n}`, author: 'ana', createdAt: t };
}

export async function buildRecording(options: FixtureOptions): Promise<Fixture> {
  const fleet = options.fleet ?? defaultFleet;
  const sites = options.sites ?? fleet.sites.map((s) => s.id);
  const parts: Uint8Array[] = [];
  const w = createRecordingWriter({
    writable: { write: async (b) => void parts.push(b) },
    metadata: {
      name: 'fixture',
      level: options.rackHalls?.length ? 'rack' : 'hall',
      sites: [...sites],
      created: options.start,
      source: 'client tests',
      ...(options.ownFleet ? { fleet: restrictFleet(fleet, sites) } : {}),
    },
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(options.compression ? { compression: options.compression } : {}),
    ...(options.markerIndex === false ? { markerIndex: false } : {}),
  });
  const samples = new Map<number, SiteSample[]>();
  const racks: RackBlock[] = [];
  const gaps = new Set(options.gaps ?? []);
  for (let i = 0; i < options.seconds; i++) {
    const t = options.start + i * 1000;
    if (!gaps.has(i)) {
      const tick = makeTick(fleet, t / 1000, t, 1 + (i % 7) / 10);
      const written = tick.sites.filter((s) => sites.includes(s.site)).map((s, k) => varied(s, i, k));
      for (const s of written) w.writeSample(s);
      samples.set(t, written);
    }
    for (const ref of options.rackHalls ?? []) {
      const n = 6;
      const col = (f: (r: number) => number) => Float32Array.from({ length: n }, (_, r) => f(r));
      const block: RackBlock = {
        site: ref.site,
        hall: ref.hall,
        t,
        powerKw: col((r) => 100 + r + i),
        utilPct: col((r) => (r * 10 + i) % 100),
        inletTempC: col(() => 24),
      };
      w.writeRacks(block);
      racks.push(block);
    }
    for (const a of options.alerts ?? []) {
      if (a.raise === i) w.writeAlert(fixtureAlert(a.id, t, 'raised', a.severity));
      if (a.clear === i) w.writeAlert(fixtureAlert(a.id, t, 'cleared', a.severity));
    }
    if (options.annotations?.includes(i)) w.writeAnnotation(fixtureAnnotation(t, i));
  }
  await w.end();
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return { bytes, samples, racks, fleet };
}

export interface ManualClock {
  now: () => number;
  scheduler: PlaybackScheduler;
  /** Moves time on by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void;
  pending(): number;
}

export function manualClock(start = 0): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    scheduler: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => {
        timers.delete(id);
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= until && (!due || e[1].at < due[1].at)) due = e;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
