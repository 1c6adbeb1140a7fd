import { z } from 'zod';
import { type AlertEvent, alertSchema } from './alerts.ts';
import { fleetConfigSchema, idSchema } from './fleetSchema.ts';
import type { RackWire } from './rackCodec.ts';
import { epochMsSchema, type SiteSample, siteSampleSchema } from './sampleSchema.ts';

/**
 * Bumped on any incompatible change to an event, payload or endpoint below. Checked on both sides: the
 * client sends it (the /live handshake's `auth.protocol`, the PROTOCOL_HEADER on API calls) and the
 * server refuses another; the server sends its own (hello's `protocol`, the PROTOCOL_HEADER on every API
 * answer, GET /api/version) and the client refuses another.
 */
export const PROTOCOL_VERSION = 1;

/** Request and response header carrying the sender's PROTOCOL_VERSION on /api calls. */
export const PROTOCOL_HEADER = 'x-gigawatt-protocol';

/**
 * Why a peer speaking `theirs` cannot talk to this side, or null when it can. A peer that names no
 * version (an older client, curl, a producer) is not refused for that alone: the check is there to turn
 * a silent mismatch into a sentence, not to lock out tools.
 */
export function protocolMismatch(theirs: unknown, side: 'client' | 'server'): string | null {
  if (theirs === undefined || theirs === null || theirs === '') return null;
  const n = typeof theirs === 'string' ? Number(theirs.trim()) : theirs;
  if (n === PROTOCOL_VERSION) return null;
  const shown =
    typeof n === 'number' && Number.isFinite(n) ? String(n) : JSON.stringify(String(theirs)).slice(0, 40);
  return side === 'server'
    ? `the server was upgraded: it speaks protocol version ${PROTOCOL_VERSION}, this page speaks version ${shown}; reload the page`
    : `the server was upgraded: it speaks protocol version ${shown}, this page speaks version ${PROTOCOL_VERSION}; reload the page`;
}

const seg = (id: string): string => encodeURIComponent(id);

/**
 * Every REST path of the public contract (DESIGN.md "HTTP" and "Operations"), built in one place so the
 * client, the CLI and the tests cannot drift from the server. Ids are URL-encoded here.
 */
export const API_PATHS = {
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  version: '/api/version',
  openapi: '/api/openapi.json',
  fleet: '/api/fleet',
  history: '/api/history',
  ingest: '/api/ingest',
  alerts: '/api/alerts',
  alertAck: (id: string): string => `/api/alerts/${seg(id)}/ack`,
  recordings: '/api/recordings',
  recordingsImport: '/api/recordings/import',
  recording: (id: string): string => `/api/recordings/${seg(id)}`,
  recordingStop: (id: string): string => `/api/recordings/${seg(id)}/stop`,
  recordingFile: (id: string): string => `/api/recordings/${seg(id)}/file`,
  recordingExportCsv: (id: string): string => `/api/recordings/${seg(id)}/export.csv`,
  recordingAnnotations: (id: string): string => `/api/recordings/${seg(id)}/annotations`,
} as const;

/** A path with its query string; undefined values are left out. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  // Built by hand: shared/ stays free of DOM and Node APIs (URLSearchParams is neither's in its lib).
  const text = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return text === '' ? path : `${path}?${text}`;
}

export const helloSchema = z.object({
  protocol: z.number().int(),
  serverTime: z.number(),
  fleet: fleetConfigSchema,
  /** Seq of the newest tick the server has, so a client can tell whether a resume will be complete. */
  lastSeq: z.number().int().nonnegative(),
  /** Alerts open at connect time (raised or acknowledged), most severe first. */
  alerts: z.array(alertSchema),
  /** Server seconds per wall second: 1 live; more when the server runs a fast clock (soak tests, demos). */
  clockRate: z.number().positive().default(1),
});
export type Hello = z.infer<typeof helloSchema>;

export const tickSchema = z.object({
  t: epochMsSchema,
  seq: z.number().int().nonnegative(),
  sites: z.array(siteSampleSchema).max(64),
});
export type Tick = z.infer<typeof tickSchema>;

export const hallRefSchema = z.object({ site: idSchema, hall: idSchema });
export type HallRef = z.infer<typeof hallRefSchema>;

/**
 * What the ingest gate did with an accepted payload (see the time and sequence policy in
 * server/src/ingest/INGEST_POLICY.md): `live` went to viewers, alerts, recordings and history; `late` was
 * older than the live window (or than the site's newest sample) and filled history only; `duplicate` was
 * already held for that site and second and changed nothing; `stale` (rack blocks) was valid but older
 * than the hall's newest block, so nothing was kept. A dropped payload is never acknowledged as plain ok.
 */
export const INGEST_OUTCOMES = ['live', 'late', 'duplicate', 'stale'] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

/** `outcome` is absent only in answers that are not about ingested data (viewer subscribe/unsubscribe). */
export type Ack = { ok: true; outcome?: IngestOutcome } | { ok: false; error: string };
export const ackSchema = z.union([
  z.object({ ok: z.literal(true), outcome: z.enum(INGEST_OUTCOMES).optional() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Handshake of a /live viewer: `lastSeq` asks for the ticks it missed while disconnected. */
export const liveAuthSchema = z.object({
  token: z.string().max(512).optional(),
  lastSeq: z.number().int().nonnegative().optional(),
  /**
   * The viewer's PROTOCOL_VERSION. Another version fails the handshake's validation, so the server's
   * refusal ("invalid handshake: protocol: the server was upgraded …") reaches the viewer's connect_error.
   */
  protocol: z
    .number()
    .int()
    .superRefine((v, ctx) => {
      const why = protocolMismatch(v, 'server');
      if (why) ctx.addIssue({ code: 'custom', message: why });
    })
    .optional(),
});
export type LiveAuth = z.infer<typeof liveAuthSchema>;

export const ingestAuthSchema = z.object({ token: z.string().max(512) });

/** Server → viewer events on `/live`. */
export interface ServerToClientEvents {
  hello: (hello: Hello) => void;
  tick: (tick: Tick) => void;
  racks: (racks: RackWire) => void;
  alert: (event: AlertEvent) => void;
}

/** Viewer → server events on `/live`. */
export interface ClientToServerEvents {
  subscribe: (ref: HallRef, ack?: (ack: Ack) => void) => void;
  unsubscribe: (ref: HallRef, ack?: (ack: Ack) => void) => void;
}

/** Producer → server events on `/ingest`; every event is acknowledged. */
export interface IngestClientToServerEvents {
  sample: (sample: SiteSample, ack: (ack: Ack) => void) => void;
  racks: (racks: RackWire, ack: (ack: Ack) => void) => void;
}

// biome-ignore lint/complexity/noBannedTypes: socket.io's event map type for "no events"
export type IngestServerToClientEvents = {};

export const TIERS = ['1s', '10s', '1m'] as const;
export type TierName = (typeof TIERS)[number];

export const historySeriesSchema = z.object({
  id: z.string(),
  unit: z.string(),
  t: z.array(z.number()),
  mean: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
});
export type HistorySeries = z.infer<typeof historySeriesSchema>;

/**
 * History per series, each with its own times: what a source's fetchHistory returns, and the layout 1 of
 * GET /api/history (the wire now sends layout 2, historyWireSchema in api.ts).
 */
export const historyResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  tier: z.enum(TIERS),
  stepMs: z.number().positive(),
  series: z.array(historySeriesSchema),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

export const errorBodySchema = z.object({ error: z.string() });
