import { API_PATHS, annotationListResponseSchema, type FleetConfig } from '@gigawatt/shared';
import {
  type Annotation,
  asRecordingError,
  type OpenedRecording,
  openRecording,
  RecordingError,
  type RecordingLevel,
  type RecordingMetadata,
  readMarkerIndex,
  restrictFleet,
} from '@gigawatt/shared/recording';
import { apiFetch, ensureOk, parseBody } from '../api/apiClient.ts';
import { fleetOfRecording } from './fleetOfRecording.ts';
import {
  HttpRangeError,
  type HttpRangeReadable,
  httpRangeReadable,
  type RecordingReadable,
} from './httpRangeReadable.ts';
import type { RecordingSummary } from './PlaybackController.ts';
import { type TimedAlertEvent, wholeSecond } from './playbackMarkers.ts';
import { type ChannelTopics, channelTopics, readRecordedMessages } from './readRecordedMessages.ts';

/** A recording on the server (read with range requests) or a file dropped on the page. */
export type RecordingInput =
  | { kind: 'url'; url: string; id?: string; token?: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string };

export interface LoadRecordingOptions {
  /** The fleet to render with when the file carries none (normally the server's /api/fleet). */
  fallbackFleet?: FleetConfig;
  fetch?: typeof fetch;
  /** Viewer token (a URL input's own token wins). */
  token?: string;
  /** Range-reader tuning (tests, bench). */
  blockSize?: number;
  maxBlocks?: number;
}

/** The alerts and annotations of a recording: the player's markers and the alerts it replays. */
export interface RecordingMarkers {
  /** In time order. */
  alerts: TimedAlertEvent[];
  annotations: Annotation[];
}

/** An opened recording and what is read up front: its fleet and summary; its markers as they come. */
export interface LoadedRecording {
  opened: OpenedRecording;
  channels: ChannelTopics;
  /** The range reader of a URL input (undefined for bytes in memory). */
  readable: HttpRangeReadable | undefined;
  fleet: FleetConfig;
  summary: RecordingSummary;
  /** The markers, when they were read within MARKERS_WAIT_MS of the open (small recordings). */
  markersAtOpen: RecordingMarkers | undefined;
  /** The markers, read in the background (never rejects: unreadable markers are none). */
  markers: Promise<RecordingMarkers>;
}

/**
 * How long an open waits for the markers. A finished recording indexes them in one metadata record
 * (readMarkerIndex: one range request). Without it (a file still being written, cut short, or older)
 * they are read from the data chunks of their moment, and a day with hundreds of alerts spreads them
 * over hundreds of chunks (the normal-day demo: 773 alerts in 705 of 3,457 chunks, 48 MB, 2.5 s). A
 * recording whose markers come within this wait opens with them; another opens at once and gets them
 * when read.
 */
export const MARKERS_WAIT_MS = 100;

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(resolve, ms, undefined));

/**
 * The fleet to render with (fleetOfRecording: the file's own, else the fallback cut to the recorded
 * sites), cut to the sites the file has data for when the file has no metadata to name them.
 */
function fleetFor(
  metadata: RecordingMetadata | undefined,
  fileSites: readonly string[],
  fallback: FleetConfig | undefined,
): FleetConfig {
  const resolved = fleetOfRecording(metadata, fallback);
  if (!resolved.fleet) throw new RecordingError('invalid-input', resolved.reason);
  const fleet = metadata ? resolved.fleet : restrictFleet(resolved.fleet, fileSites);
  if (fleet.sites.length === 0) {
    throw new RecordingError(
      'invalid-input',
      `the recording's sites (${fileSites.join(', ')}) are not in the fleet configuration`,
    );
  }
  return fleet;
}

/** A file problem stays a RecordingError (its code kept) naming the file; a server problem says so. */
function openError(error: unknown, name: string): Error {
  if (error instanceof HttpRangeError) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof HttpRangeError) return cause;
  return asRecordingError(error, 'corrupt', `cannot open "${name}"`);
}

function nameOf(input: RecordingInput, metadata: RecordingMetadata | undefined): string {
  if (metadata) return metadata.name;
  if (input.kind === 'bytes') return input.name;
  if (input.id) return input.id;
  const last = input.url.split(/[?#]/)[0]?.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || input.url;
  } catch {
    return last || input.url;
  }
}

async function openInput(
  input: RecordingInput,
  opts: LoadRecordingOptions,
): Promise<{ opened: OpenedRecording; readable: HttpRangeReadable | undefined; sizeBytes: number }> {
  let data: RecordingReadable | Uint8Array = input.kind === 'bytes' ? input.bytes : new Uint8Array(0);
  let readable: HttpRangeReadable | undefined;
  let sizeBytes = input.kind === 'bytes' ? input.bytes.byteLength : 0;
  if (input.kind === 'url') {
    const token = input.token ?? opts.token;
    readable = httpRangeReadable(input.url, {
      ...(token ? { token } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.blockSize ? { blockSize: opts.blockSize } : {}),
      ...(opts.maxBlocks ? { maxBlocks: opts.maxBlocks } : {}),
    });
    data = readable;
    sizeBytes = Number(await readable.size());
  }
  if (sizeBytes === 0) throw new RecordingError('truncated', 'the file is empty (0 bytes)');
  const opened = await openRecording(data);
  if (opened.indexed) return { opened, readable, sizeBytes };
  // Valid MCAP whose messages the index cannot reach (written without chunks or message indexes).
  const { openIndexedCopy } = await import('./indexedCopy.ts');
  return { opened: await openIndexedCopy(data), readable, sizeBytes };
}

/** Alerts and annotations: few messages, read whole for the markers and the alerts at the playhead. */
async function readMarkers(
  opened: OpenedRecording,
  channels: ChannelTopics,
  from: number,
  to: number,
): Promise<RecordingMarkers> {
  const indexed = await readMarkerIndex(opened).catch((error: unknown) => {
    // An unreadable index costs a slower read of the same markers, not the markers themselves.
    if (error instanceof RecordingError)
      console.warn(`[gigawatt] ${error.message}; reading the chunks instead`);
    else throw error;
    return undefined;
  });
  if (indexed) {
    const byTime = <T extends { t: number }>(list: T[]) => list.sort((a, b) => a.t - b.t);
    return {
      alerts: byTime(indexed.alerts.map((a) => ({ t: wholeSecond(a.t), event: a.event }))),
      annotations: byTime(indexed.annotations),
    };
  }
  const alerts: TimedAlertEvent[] = [];
  const annotations: Annotation[] = [];
  const topics = opened.topics
    .filter((t) => t.kind === 'alert' || t.kind === 'annotation')
    .map((t) => t.topic);
  const warn = (e: RecordingError) => console.warn(`[gigawatt] ${e.message}`);
  try {
    for await (const m of readRecordedMessages(opened, channels, { from, to, topics }, warn)) {
      if (m.kind === 'alert') alerts.push({ t: wholeSecond(m.t), event: m.event });
      else if (m.kind === 'annotation') annotations.push(m.annotation);
    }
  } catch (error) {
    // One damaged chunk costs the markers after it, not the whole recording; playback reports it
    // again if the playhead gets there. A server that stops answering is another matter.
    if (!(error instanceof RecordingError) || error.cause instanceof HttpRangeError) throw error;
    console.warn(`[gigawatt] some alerts and notes of the recording are unreadable: ${error.message}`);
  }
  return { alerts, annotations };
}

/**
 * Opens a recording: its header, index and metadata (a few range requests for a URL), then its alerts
 * and annotations, and resolves the fleet to render it with. Rejects with a RecordingError naming the
 * file when it is not a usable recording (not MCAP, cut short, empty, no telemetry, no fleet) and with
 * an HttpRangeError when the server cannot serve it (404, 401/403, no range support, offline).
 */
export async function loadRecording(
  input: RecordingInput,
  opts: LoadRecordingOptions = {},
): Promise<LoadedRecording> {
  const label = input.kind === 'bytes' ? input.name : (input.id ?? input.url);
  let readable: HttpRangeReadable | undefined;
  try {
    const o = await openInput(input, opts);
    readable = o.readable;
    const { opened } = o;
    if (opened.startTime === undefined || opened.endTime === undefined) {
      throw new RecordingError(
        'truncated',
        'the recording holds no messages (stopped before its first second?)',
      );
    }
    const fileSites = opened.topics.flatMap((t) => (t.kind === 'site' && t.site ? [t.site] : []));
    if (fileSites.length === 0) {
      throw new RecordingError(
        'invalid-input',
        'the file holds no Gigawatt site telemetry (no /site/<id> channel)',
      );
    }
    const meta = opened.metadata;
    const fleet = fleetFor(meta, fileSites, opts.fallbackFleet);
    const channels = channelTopics(opened);
    const markers = readMarkers(opened, channels, opened.startTime, opened.endTime).catch(
      (error: unknown): RecordingMarkers => {
        // The file plays without them; a server that stopped answering is reported by playback.
        if (!readable?.aborted) console.warn(`[gigawatt] the recording's alerts and notes: ${error}`);
        return { alerts: [], annotations: [] };
      },
    );
    const markersAtOpen = await Promise.race([markers, delay(MARKERS_WAIT_MS)]);
    const level: RecordingLevel =
      meta?.level ?? (opened.topics.some((t) => t.kind === 'racks') ? 'rack' : 'hall');
    const summary: RecordingSummary = {
      id: input.kind === 'url' ? input.id : undefined,
      name: nameOf(input, meta),
      start: wholeSecond(opened.startTime),
      end: wholeSecond(opened.endTime),
      level,
      sites: fleet.sites.map((s) => s.id),
      sizeBytes: o.sizeBytes,
      rackHalls: opened.topics.flatMap((t) =>
        t.kind === 'racks' && t.site && t.hall ? [`${t.site}/${t.hall}`] : [],
      ),
    };
    return { opened, channels, readable, fleet, summary, markers, markersAtOpen };
  } catch (error) {
    readable?.abort();
    throw openError(error, label);
  }
}

export interface AnnotationsRequest {
  /** The server's recording id. */
  id: string;
  /** Origin of the server; empty for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Viewer token. */
  token?: string;
  signal?: AbortSignal;
}

/**
 * The annotations the server lists for a recording (GET /api/recordings/:id/annotations), which include
 * those its file holds. Undefined for a 404: a server without the annotations API, or one that no
 * longer lists the recording. Rejects on any other error answer or a malformed body.
 */
export async function fetchRecordingAnnotations(req: AnnotationsRequest): Promise<Annotation[] | undefined> {
  const res = await apiFetch(API_PATHS.recordingAnnotations(req.id), {
    ...(req.baseUrl !== undefined ? { baseUrl: req.baseUrl } : {}),
    ...(req.fetch ? { fetch: req.fetch } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    token: req.token,
  });
  if (res.status === 404) return undefined;
  await ensureOk(res, 'annotations request');
  const body: unknown = await res.json().catch(() => null);
  return parseBody(body, annotationListResponseSchema, 'annotations', res.status).annotations;
}
