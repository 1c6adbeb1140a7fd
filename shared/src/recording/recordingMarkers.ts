import { z } from 'zod';
import { type AlertEvent, alertEventSchema } from '../alerts.ts';
import { describeZodError } from '../validation.ts';
import { type Annotation, annotationSchema } from './annotationSchema.ts';
import type { OpenedRecording } from './openRecording.ts';
import { asRecordingError, RecordingError } from './recordingError.ts';

/**
 * The name of the metadata record that indexes a finished recording's alerts and annotations: a copy
 * of every message on /alerts and /annotations, so a player reads its markers with one range request
 * instead of every chunk holding one (the normal-day demo: 773 alerts in 705 of 3,457 chunks, 48 MB).
 * Written when a file is ended and again after annotations are appended; a file without one (still
 * being written, cut short, or written before the index) is read the old way. The last record wins.
 */
export const MARKERS_METADATA_NAME = 'gigawatt.markers';
export const MARKERS_INDEX_VERSION = '1';

/**
 * Characters of marker JSON a writer keeps for the index: past this (an alert storm) the file gets no
 * index rather than a big one held in memory for the whole recording, and players read the chunks.
 */
export const MAX_MARKER_INDEX_CHARS = 4 * 1024 * 1024;

export interface MarkerIndex {
  /** Each alert event at its log time (ms), in the order they were written. */
  alerts: { t: number; event: AlertEvent }[];
  annotations: Annotation[];
}

/** Collects a writer's markers as it writes them (their JSON as written), for its index at the end. */
export interface MarkerCollector {
  add(kind: 'alert' | 'annotation', tMs: number, json: string): void;
  /** The index record's content; undefined once the collected JSON passed MAX_MARKER_INDEX_CHARS. */
  toMap(): Map<string, string> | undefined;
}

export function createMarkerCollector(maxChars = MAX_MARKER_INDEX_CHARS): MarkerCollector {
  const alerts: string[] = [];
  const annotations: string[] = [];
  let chars = 0;
  return {
    add(kind, tMs, json) {
      if (chars > maxChars) return;
      chars += json.length + 16;
      if (chars > maxChars) {
        alerts.length = 0;
        annotations.length = 0;
        return;
      }
      if (kind === 'alert') alerts.push(`[${tMs},${json}]`);
      else annotations.push(json);
    },
    toMap() {
      if (chars > maxChars) return undefined;
      return indexMap(`[${alerts.join(',')}]`, `[${annotations.join(',')}]`);
    },
  };
}

/**
 * A marker message's JSON as a reader decodes it (schema-checked), or undefined when a reader would
 * refuse it: a copy of a file from elsewhere gets an index only when every marker in it is valid.
 */
export function checkedMarkerJson(kind: 'alert' | 'annotation', text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = (kind === 'alert' ? alertEventSchema : annotationSchema).safeParse(json);
  return r.success ? JSON.stringify(r.data) : undefined;
}

/** The index record's content for markers already parsed (what appending annotations rewrites). */
export function markerIndexToMap(index: MarkerIndex): Map<string, string> {
  return indexMap(JSON.stringify(index.alerts.map((a) => [a.t, a.event])), JSON.stringify(index.annotations));
}

function indexMap(alerts: string, annotations: string): Map<string, string> {
  return new Map([
    ['version', MARKERS_INDEX_VERSION],
    ['alerts', alerts],
    ['annotations', annotations],
  ]);
}

const alertsSchema = z.array(z.tuple([z.number().finite().nonnegative(), alertEventSchema]));
const annotationsSchema = z.array(annotationSchema);

/** Parses an index record; a RecordingError ('corrupt') says what is wrong with it. */
export function markerIndexFromMap(map: ReadonlyMap<string, string>): MarkerIndex {
  const version = map.get('version');
  if (version !== MARKERS_INDEX_VERSION) {
    throw new RecordingError(
      'corrupt',
      `the markers index has version ${JSON.stringify(version ?? null)}; this Gigawatt reads version ${MARKERS_INDEX_VERSION}`,
    );
  }
  const part = <T>(key: string, schema: z.ZodType<T>): T => {
    let json: unknown;
    try {
      json = JSON.parse(map.get(key) ?? '');
    } catch {
      throw new RecordingError('corrupt', `the markers index's ${key} are not JSON`);
    }
    const r = schema.safeParse(json);
    if (!r.success)
      throw new RecordingError('corrupt', `the markers index's ${key}: ${describeZodError(r.error)}`);
    return r.data;
  };
  const alerts = part('alerts', alertsSchema).map(([t, event]) => ({ t, event }));
  return { alerts, annotations: part('annotations', annotationsSchema) };
}

/**
 * A recording's markers from its index record (the last one), or undefined when it has none. Rejects
 * with a RecordingError when the record is there but unreadable; the caller can read the chunks.
 */
export async function readMarkerIndex(opened: OpenedRecording): Promise<MarkerIndex | undefined> {
  // Each append of notes adds a whole new record: only the newest is read.
  const last = opened.reader.metadataIndexes.filter((m) => m.name === MARKERS_METADATA_NAME).at(-1);
  if (!last) return undefined;
  let map: ReadonlyMap<string, string>;
  try {
    map = await opened.readMetadataAt(last);
  } catch (error) {
    throw asRecordingError(error, 'corrupt', 'cannot read the markers index');
  }
  return markerIndexFromMap(map);
}
