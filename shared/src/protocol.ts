import { z } from 'zod';
import { type AlertEvent, alertSchema } from './alerts.ts';
import { fleetConfigSchema, idSchema } from './fleetSchema.ts';
import type { RackWire } from './rackCodec.ts';
import { epochMsSchema, type SiteSample, siteSampleSchema } from './sampleSchema.ts';

/** Bumped on any incompatible change to an event or payload below; clients refuse a mismatched server. */
export const PROTOCOL_VERSION = 1;

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
