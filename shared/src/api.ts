// Bodies of the HTTP API (DESIGN.md "HTTP") that have no schema elsewhere: the server builds its answers
// with the types inferred here, and the OpenAPI document (GET /api/openapi.json) is generated from these
// and the payload schemas they reuse. Imports recording schemas by file, not through the recording index,
// so nothing here pulls in the MCAP reader.
import { z } from 'zod';
import { alertSchema } from './alerts.ts';
import { errorBodySchema, type HistoryResponse, historyResponseSchema, TIERS } from './protocol.ts';
import { annotationSchema } from './recording/annotationSchema.ts';
import { recordingIdSchema, recordingInfoSchema } from './recording/recordingInfoSchema.ts';
import type { Parsed } from './validation.ts';
import { describeZodError } from './validation.ts';

/** Every refusal: `{ "error": "…" }` with the status that says why (400, 401/403, 404, 413, 429 …). */
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** GET /healthz: the process answers. */
export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  /** Seconds since the process started. */
  uptimeS: z.number().int().nonnegative(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const readinessCheckSchema = z.object({ ok: z.boolean(), detail: z.string() });
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

/** GET /readyz: 200 when every check is ok, 503 naming the one that is not. */
export const readinessResponseSchema = z.object({
  status: z.enum(['ready', 'not ready']),
  ready: z.boolean(),
  /** history (loaded), bus (in-process, or Redis reachable), storage (state store reachable). */
  checks: z.record(z.string(), readinessCheckSchema),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;

/** GET /api/version: what is running, for support and for clients checking compatibility. */
export const versionInfoSchema = z.object({
  /** The product's package version ("unknown" when it could not be read). */
  version: z.string(),
  /** PROTOCOL_VERSION of the socket.io payloads. */
  protocol: z.number().int(),
  /** Node.js version (process.version). */
  node: z.string(),
  startedAt: z.iso.datetime(),
});
export type VersionInfo = z.infer<typeof versionInfoSchema>;

/** GET /api/alerts: open alerts (most severe first) and the log (newest first, at most `limit`). */
export const alertListResponseSchema = z.object({
  active: z.array(alertSchema),
  log: z.array(alertSchema),
});
export type AlertListResponse = z.infer<typeof alertListResponseSchema>;

/** POST /api/alerts/:id/ack: the alert as acknowledged. */
export const ackResponseSchema = z.object({ alert: alertSchema });
export type AckResponse = z.infer<typeof ackResponseSchema>;

/** GET /api/recordings: newest first. */
export const recordingListResponseSchema = z.object({ recordings: z.array(recordingInfoSchema) });
export type RecordingListResponse = z.infer<typeof recordingListResponseSchema>;

/** POST /api/recordings (201), POST /api/recordings/import (201), POST /api/recordings/:id/stop. */
export const recordingResponseSchema = z.object({ recording: recordingInfoSchema });
export type RecordingResponse = z.infer<typeof recordingResponseSchema>;

/** A time as the API takes it in a JSON body: ms since epoch or RFC 3339 text. */
export const apiTimeInputSchema = z.union([z.number(), z.string().max(64)], {
  error: (issue) =>
    issue.input === undefined
      ? 'is required (ms since epoch or RFC 3339)'
      : 'must be ms since epoch or an RFC 3339 time',
});
const textInput = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/**
 * Body of POST /api/recordings/:id/annotations. The server turns the times into ms (and checks their
 * range and order) before the annotation is held to annotationSchema.
 */
export const annotationRequestSchema = z.object(
  {
    t: apiTimeInputSchema,
    end: apiTimeInputSchema.optional(),
    text: textInput(annotationSchema.shape.text.maxLength ?? 2000),
    author: textInput(annotationSchema.shape.author.maxLength ?? 80),
  },
  { error: 'the body must be a JSON object' },
);
export type AnnotationRequest = z.infer<typeof annotationRequestSchema>;

/** POST /api/recordings/:id/annotations (201): the annotation and the recordings it was written to. */
export const annotationCreatedResponseSchema = z.object({
  annotation: annotationSchema,
  recordings: z.array(recordingIdSchema),
});
export type AnnotationCreatedResponse = z.infer<typeof annotationCreatedResponseSchema>;

/** GET /api/recordings/:id/annotations: sorted by t. */
export const annotationListResponseSchema = z.object({ annotations: z.array(annotationSchema) });
export type AnnotationListResponse = z.infer<typeof annotationListResponseSchema>;

/** At most this many refused lines are reported per NDJSON body (the counts cover them all). */
export const MAX_REPORTED_INGEST_ERRORS = 20;

/** One refused NDJSON line: its 1-based number and why. */
export const ingestLineErrorSchema = z.object({
  line: z.number().int().positive(),
  error: z.string(),
});
export type IngestLineError = z.infer<typeof ingestLineErrorSchema>;

const lineCount = z.number().int().nonnegative();

/**
 * POST /api/ingest (200): per-line outcomes. `accepted` = live + late + duplicates (see
 * server/src/ingest/INGEST_POLICY.md): live went to viewers, late filled history only, duplicates were
 * already held; `rejected` lines changed nothing, and the first of them are listed in `errors`.
 */
export const ingestResultSchema = z.object({
  accepted: lineCount,
  live: lineCount,
  late: lineCount,
  duplicates: lineCount,
  rejected: lineCount,
  errors: z.array(ingestLineErrorSchema).max(MAX_REPORTED_INGEST_ERRORS),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

/** POST /api/ingest (400): nothing accepted. When every line was refused it says which and why. */
export const ingestRefusalSchema = errorBodySchema.extend({
  accepted: z.literal(0).optional(),
  rejected: lineCount.optional(),
  errors: z.array(ingestLineErrorSchema).max(MAX_REPORTED_INGEST_ERRORS).optional(),
});
export type IngestRefusal = z.infer<typeof ingestRefusalSchema>;

/**
 * The layout of a GET /api/history answer, in its `format` field. Layout 1 (no `format` field) repeated
 * every bucket time in every series; layout 2 sends one shared time column.
 */
export const HISTORY_FORMAT = 2;

const historyColumnSchema = z.object({
  id: z.string(),
  unit: z.string(),
  /**
   * This series' own bucket times, only when they differ from the answer's shared `t` (a series with
   * holes, or from a table bucketed differently); otherwise its values line up with the shared `t`.
   */
  t: z.array(z.number()).optional(),
  mean: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
});

/**
 * GET /api/history (format 2): downsampled series (min, max and mean per bucket of stepMs) from the tier
 * that fits, in the order asked, on one shared time column. Every series of one tier and bucketing has
 * the same bucket times, so sending them once saves about a quarter of the bytes.
 */
export const historyWireSchema = z
  .object({
    format: z.literal(HISTORY_FORMAT),
    from: z.number(),
    to: z.number(),
    tier: z.enum(TIERS),
    stepMs: z.number().positive(),
    /** Bucket start times (ms since epoch), oldest first, shared by every series without its own `t`. */
    t: z.array(z.number()),
    series: z.array(historyColumnSchema),
  })
  .superRefine((a, ctx) => {
    // Values are matched to times by position: a column of another length would shift a chart.
    a.series.forEach((s, i) => {
      const n = (s.t ?? a.t).length;
      for (const key of ['mean', 'min', 'max'] as const) {
        if (s[key].length !== n)
          ctx.addIssue({
            code: 'custom',
            path: ['series', i, key],
            message: `has ${s[key].length} values for ${n} times`,
          });
      }
    });
  });
export type HistoryWire = z.infer<typeof historyWireSchema>;

/** The per-series form of an answer (each series with its own copy of its times, safe to change). */
export function decodeHistoryWire(wire: HistoryWire): HistoryResponse {
  return {
    from: wire.from,
    to: wire.to,
    tier: wire.tier,
    stepMs: wire.stepMs,
    series: wire.series.map((s) => ({
      id: s.id,
      unit: s.unit,
      t: (s.t ?? wire.t).slice(),
      mean: s.mean,
      min: s.min,
      max: s.max,
    })),
  };
}

/**
 * Validates a GET /api/history body of either layout (a node of an older version behind the same load
 * balancer still answers in layout 1) and returns it per series.
 */
export function parseHistoryWire(body: unknown): Parsed<HistoryResponse> {
  if (body !== null && typeof body === 'object' && 'format' in body) {
    const r = historyWireSchema.safeParse(body);
    return r.success
      ? { ok: true, value: decodeHistoryWire(r.data) }
      : { ok: false, error: describeZodError(r.error) };
  }
  const r = historyResponseSchema.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeZodError(r.error) };
}
