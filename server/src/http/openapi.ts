// The OpenAPI 3.1 document of the HTTP API (GET /api/openapi.json), generated from the zod schemas in
// shared/: JSON Schema 2020-12 (OpenAPI 3.1's dialect) from z.toJSONSchema, responses as the server
// sends them (zod's output types), request bodies as it accepts them (input types). Pure: no I/O.
// openapi.integration.test.ts holds every route of the app to it and every real answer to its schemas.
import {
  ackRequestSchema,
  ackResponseSchema,
  alertListResponseSchema,
  alertSchema,
  annotationCreatedResponseSchema,
  annotationListResponseSchema,
  annotationRequestSchema,
  errorBodySchema,
  fleetConfigSchema,
  healthResponseSchema,
  historyWireSchema,
  ingestRefusalSchema,
  ingestResultSchema,
  METRICS,
  readinessResponseSchema,
  recordingListResponseSchema,
  recordingResponseSchema,
  siteSampleSchema,
  versionInfoSchema,
} from '@gigawatt/shared';
import {
  annotationSchema,
  captureRequestSchema,
  recordingIdSchema,
  recordingInfoSchema,
  recordingLevelSchema,
  recordingNameSchema,
} from '@gigawatt/shared/recording';
import { z } from 'zod';
import { formatBytes } from './formatBytes.ts';
import { MAX_POINTS, MAX_RANGE_MS, MAX_SERIES_PER_QUERY } from './historyQuery.ts';
import { MAX_CONCURRENT_INGEST_BODIES, MAX_NDJSON_BYTES } from './ingestRoute.ts';

/** A JSON Schema (2020-12) or any other JSON object of the document. */
export type JsonObject = { [key: string]: unknown };

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, JsonObject>;
  content?: Record<string, { schema?: JsonObject }>;
}

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonObject;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, JsonObject> };
  responses: Record<string, OpenApiResponse>;
}

export type HttpMethod = 'get' | 'post' | 'delete';

export interface OpenApiDocument {
  openapi: '3.1.1';
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonObject>;
    securitySchemes: Record<string, JsonObject>;
  };
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** A date-time is said by its format; zod's spelled-out pattern for it only makes the document unreadable. */
const dropDateTimePattern = ({ jsonSchema }: { jsonSchema: JsonObject }) => {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
};

/**
 * Component schemas from a registry of zod schemas, in one direction: 'output' (what the server sends:
 * objects closed with additionalProperties false, defaults filled in) or 'input' (what it accepts: unknown
 * keys are ignored, defaulted fields optional). A schema used inside another registered one is a $ref.
 */
function components(entries: Record<string, [z.ZodType, string]>, io: 'input' | 'output') {
  const registry = z.registry<{ id: string; description: string }>();
  for (const [id, [schema, description]] of Object.entries(entries))
    registry.add(schema, { id, description });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: (id) => `#/components/schemas/${id}`,
    override: dropDateTimePattern,
  });
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // The document is the resource: each component is a subschema of it, not a schema with its own
    // $id ("#/…" would not be a valid one) or dialect (OpenAPI 3.1's default is 2020-12 based).
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    out[id] = rest;
  }
  return out;
}

/** A parameter's schema as the server takes it (a parameter with a default may be left out). */
const paramSchema = (schema: z.ZodType): JsonObject => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    override: dropDateTimePattern,
  });
  return rest as JsonObject;
};

const json = (schema: JsonObject) => ({ 'application/json': { schema } });
const error = (description: string): OpenApiResponse => ({ description, content: json(ref('Error')) });
const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
};
const withRetryAfter = (r: OpenApiResponse): OpenApiResponse => ({ ...r, headers: retryAfter });

/** Reading the API: open, or with GIGAWATT_VIEWER_TOKEN set, the viewer (or operator) token. */
type Security = OpenApiOperation['security'];
const VIEWER_SECURITY: Security = [{}, { viewerToken: [] }, { viewerQueryToken: [] }, { operatorToken: [] }];
const OPERATOR_SECURITY: Security = [{ operatorToken: [] }];
const INGEST_SECURITY: Security = [{ ingestToken: [] }];
const OPEN: Security = [];

const viewerRefusals = (): Record<string, OpenApiResponse> => ({
  '401': error('A viewer token is configured and none was given'),
  '403': error('The token given is neither the viewer nor the operator token'),
  '429': withRetryAfter(error('Too many wrong tokens from this address; wait Retry-After seconds')),
});
const operatorRefusals = (action: string): Record<string, OpenApiResponse> => ({
  '403': error(`${action} needs the operator token; missing and wrong tokens are both refused with 403`),
  '429': withRetryAfter(error('Too many wrong tokens from this address; wait Retry-After seconds')),
});
const bodyTimeout = (): Record<string, OpenApiResponse> => ({
  '408': error('The request body did not arrive in time (or, for an import, arrived too slowly)'),
});
const recordingOff = (): Record<string, OpenApiResponse> => ({
  '503': error('Recording is off on this server (GIGAWATT_RECORD=off)'),
});
const serverError = (): Record<string, OpenApiResponse> => ({
  '500': error('The recording could not be written or read (a disk error)'),
});

/** A time in the query: ms since epoch or RFC 3339 (DESIGN.md "Series ids"). */
const timeParam = z.union([
  z.number().describe('ms since epoch'),
  z.iso.datetime({ offset: true }).describe('RFC 3339 time, e.g. 2026-06-01T12:00:00Z'),
]);

const recordingIdParam: OpenApiParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'A recording id (generated: seg-, cap-, demo- or imp- then a UTC time and 8 hex digits)',
  schema: ref('RecordingId'),
};

const operation = (
  op: Omit<OpenApiOperation, 'security' | 'tags'> & {
    tags?: string[];
    security?: OpenApiOperation['security'];
  },
  tag: string,
  security: OpenApiOperation['security'],
): OpenApiOperation => ({ ...op, tags: op.tags ?? [tag], security: op.security ?? security });

/** Every documented path and method; the integration test checks it against the app's routes. */
export function openApiDocument(version: string): OpenApiDocument {
  const schemas = {
    ...components(
      {
        Error: [
          errorBodySchema,
          'Every refusal: a message that says what was wrong, with the status that fits',
        ],
        Health: [healthResponseSchema, 'The process answers'],
        Readiness: [
          readinessResponseSchema,
          'Whether this node should get viewers, and which part is not ready',
        ],
        VersionInfo: [versionInfoSchema, 'What is running'],
        FleetConfig: [
          fleetConfigSchema,
          'Sites, halls, rack counts, GPU models, power caps and rental prices',
        ],
        History: [
          historyWireSchema,
          'Downsampled series (min, max and mean per bucket of stepMs) from the tier that fits the range, ' +
            'format 2: one shared time column `t`; a series carries its own `t` only when its times differ ' +
            '(an answer without `format` is the older layout, every series with its own `t`)',
        ],
        Alert: [alertSchema, 'One alert: raised, acknowledged or cleared'],
        AlertList: [alertListResponseSchema, 'Open alerts (most severe first) and the log (newest first)'],
        AckResponse: [ackResponseSchema, 'The alert as acknowledged'],
        RecordingId: [recordingIdSchema, 'A generated recording id'],
        RecordingInfo: [recordingInfoSchema, 'One recording'],
        RecordingList: [recordingListResponseSchema, 'Every recording, newest first'],
        RecordingResponse: [recordingResponseSchema, 'The recording started, stopped or imported'],
        Annotation: [annotationSchema, 'A note pinned to a moment (t) or a span (t..end) of a recording'],
        AnnotationCreated: [
          annotationCreatedResponseSchema,
          'The annotation as stored and the recordings it was written to',
        ],
        AnnotationList: [annotationListResponseSchema, 'A recording’s annotations, sorted by t'],
        IngestResult: [
          ingestResultSchema,
          'Per-line outcomes: accepted = live + late + duplicates; rejected lines changed nothing',
        ],
        IngestRefusal: [ingestRefusalSchema, 'Nothing was accepted: an empty body, or every line refused'],
      },
      'output',
    ),
    ...components(
      {
        SiteSample: [
          siteSampleSchema,
          'One site’s telemetry at one second (one NDJSON line of POST /api/ingest)',
        ],
        AckRequest: [ackRequestSchema, 'Who acknowledges, and why'],
        CaptureRequest: [
          captureRequestSchema,
          'A named on-demand capture: its level and, optionally, the sites or halls it holds (absent: all)',
        ],
        AnnotationRequest: [
          annotationRequestSchema,
          'A note on a recording; t and end are ms since epoch or RFC 3339, inside the recording’s span',
        ],
      },
      'input',
    ),
  };

  const health = 'operations';
  const doc: OpenApiDocument = {
    openapi: '3.1.1',
    info: {
      title: 'Gigawatt HTTP API',
      version,
      description:
        'Telemetry history, alerts, recordings, NDJSON ingest and the server’s own health. Every error is ' +
        'JSON `{ "error": "…" }` with the status that fits; unknown /api paths answer 404. Reading the API ' +
        'is open unless GIGAWATT_VIEWER_TOKEN is set; changing anything needs the operator token; ingest ' +
        'needs the ingest token. Live data (ticks, rack detail, alert events) is on socket.io (/live), ' +
        'not described here.',
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    tags: [
      { name: health, description: 'Liveness, readiness, version, this document, metrics' },
      { name: 'telemetry', description: 'Fleet configuration and history' },
      { name: 'alerts', description: 'Alert log and acknowledgement' },
      {
        name: 'recordings',
        description: 'MCAP recordings: captures, files, CSV export, annotations, import',
      },
      { name: 'ingest', description: 'Producers sending samples over HTTP' },
    ],
    paths: {
      '/healthz': {
        get: operation(
          {
            operationId: 'getHealth',
            summary: 'The process is alive',
            responses: { '200': { description: 'Alive', content: json(ref('Health')) } },
          },
          health,
          OPEN,
        ),
      },
      '/readyz': {
        get: operation(
          {
            operationId: 'getReadiness',
            summary: 'History loaded, bus and state store reachable',
            responses: {
              '200': { description: 'Ready', content: json(ref('Readiness')) },
              '503': {
                description: 'Not ready: the failing check says why',
                content: json(ref('Readiness')),
              },
            },
          },
          health,
          OPEN,
        ),
      },
      '/api/version': {
        get: operation(
          {
            operationId: 'getVersion',
            summary: 'Package version, protocol version, Node.js version and start time',
            responses: { '200': { description: 'What is running', content: json(ref('VersionInfo')) } },
          },
          health,
          OPEN,
        ),
      },
      '/api/openapi.json': {
        get: operation(
          {
            operationId: 'getOpenApi',
            summary: 'This document',
            responses: {
              '200': {
                description: 'The OpenAPI 3.1 document (cacheable)',
                content: json({ type: 'object', required: ['openapi', 'info', 'paths'] }),
              },
              '304': { description: 'Not modified (If-None-Match)' },
            },
          },
          health,
          OPEN,
        ),
      },
      '/metrics': {
        get: operation(
          {
            operationId: 'getMetrics',
            summary: 'Prometheus text exposition: the server’s health and the fleet gauges',
            responses: {
              '200': {
                description: 'Prometheus text format 0.0.4',
                content: { 'text/plain': { schema: { type: 'string' } } },
              },
              ...viewerRefusals(),
            },
          },
          health,
          VIEWER_SECURITY,
        ),
      },
      '/api/fleet': {
        get: operation(
          {
            operationId: 'getFleet',
            summary: 'The fleet configuration',
            responses: {
              '200': { description: 'The fleet', content: json(ref('FleetConfig')) },
              ...viewerRefusals(),
            },
          },
          'telemetry',
          VIEWER_SECURITY,
        ),
      },
      '/api/history': {
        get: operation(
          {
            operationId: 'getHistory',
            summary: 'Downsampled series from the tier that fits the range',
            parameters: [
              {
                name: 'series',
                in: 'query',
                required: true,
                description:
                  `Comma-separated series ids (at most ${MAX_SERIES_PER_QUERY}): fleet:<metric>, ` +
                  `site:<siteId>:<metric>, hall:<siteId>:<hallId>:<metric>; metrics: ${METRICS.join(', ')}`,
                schema: { type: 'string', minLength: 1, examples: ['fleet:itPowerMw,site:ohio:pue'] },
              },
              {
                name: 'from',
                in: 'query',
                description: `Start (default: 15 minutes before to); the range is at most ${MAX_RANGE_MS / 86_400_000} days`,
                schema: paramSchema(timeParam),
              },
              { name: 'to', in: 'query', description: 'End (default: now)', schema: paramSchema(timeParam) },
              {
                name: 'maxPoints',
                in: 'query',
                description: 'At most this many buckets per series',
                schema: paramSchema(z.int().min(1).max(MAX_POINTS).default(1000)),
              },
              {
                name: 'format',
                in: 'query',
                description:
                  'Layout of the answer: 2 (default) sends one shared time column; 1 sends every series ' +
                  'with its own times (the layout before format 2)',
                schema: { type: 'string', enum: ['1', '2'], default: '2' },
              },
            ],
            responses: {
              '200': {
                description:
                  'The series, in the order asked (brotli or gzip when accepted; a weak ETag that changes ' +
                  'whenever history does)',
                content: json(ref('History')),
              },
              '304': { description: 'Not modified: If-None-Match holds the current ETag' },
              '400': error('A parameter is missing or wrong (the message names it)'),
              ...viewerRefusals(),
            },
          },
          'telemetry',
          VIEWER_SECURITY,
        ),
      },
      '/api/alerts': {
        get: operation(
          {
            operationId: 'listAlerts',
            summary: 'Open alerts and the alert log',
            parameters: [
              {
                name: 'limit',
                in: 'query',
                description: 'Alerts of the log to return (newest first)',
                schema: paramSchema(z.int().min(1).max(1000).default(200)),
              },
            ],
            responses: {
              '200': { description: 'Open alerts and the log', content: json(ref('AlertList')) },
              '400': error('limit is not an integer from 1 to 1000'),
              ...viewerRefusals(),
            },
          },
          'alerts',
          VIEWER_SECURITY,
        ),
      },
      '/api/alerts/{id}/ack': {
        post: operation(
          {
            operationId: 'ackAlert',
            summary: 'Acknowledge a raised alert with a comment (operator)',
            parameters: [
              {
                name: 'id',
                in: 'path',
                required: true,
                description: 'The alert’s id',
                schema: paramSchema(alertSchema.shape.id),
              },
            ],
            requestBody: { required: true, content: json(ref('AckRequest')) },
            responses: {
              '200': { description: 'Acknowledged (viewers are told)', content: json(ref('AckResponse')) },
              '400': error('The body is not JSON or not a valid acknowledgement'),
              ...operatorRefusals('Acknowledging'),
              '404': error('No such alert'),
              '409': error('The alert has cleared or was already acknowledged'),
              ...bodyTimeout(),
              '413': error('The body is larger than 16 KiB'),
            },
          },
          'alerts',
          OPERATOR_SECURITY,
        ),
      },
      '/api/recordings': {
        get: operation(
          {
            operationId: 'listRecordings',
            summary: 'Every recording: segments, captures, demos, imports',
            responses: {
              '200': { description: 'Newest first', content: json(ref('RecordingList')) },
              ...viewerRefusals(),
              ...recordingOff(),
            },
          },
          'recordings',
          VIEWER_SECURITY,
        ),
        post: operation(
          {
            operationId: 'startCapture',
            summary: 'Start a named capture of a scope at a level (operator)',
            requestBody: { required: true, content: json(ref('CaptureRequest')) },
            responses: {
              '201': { description: 'Recording', content: json(ref('RecordingResponse')) },
              '400': error('The body is not JSON or not a valid capture request'),
              ...operatorRefusals('Starting a capture'),
              '409': error('As many captures as allowed are running, or the server is shutting down'),
              ...bodyTimeout(),
              '413': error('The body is larger than 64 KiB'),
              ...serverError(),
              ...recordingOff(),
            },
          },
          'recordings',
          OPERATOR_SECURITY,
        ),
      },
      '/api/recordings/import': {
        post: operation(
          {
            operationId: 'importRecording',
            summary: 'Import an .mcap file (operator)',
            description:
              'The body is the file. It is checked chunk by chunk: a file cut short keeps its readable span ' +
              '(state "recovered"); a damaged or foreign file is refused with what is wrong. Kept under a ' +
              'generated imp- id; the name is metadata only.',
            parameters: [
              {
                name: 'name',
                in: 'query',
                description: 'Display name (default: from the file’s metadata)',
                schema: paramSchema(recordingNameSchema),
              },
            ],
            requestBody: {
              required: true,
              description: 'The .mcap file, at most GIGAWATT_IMPORT_MAX_BYTES (default 1 GiB)',
              content: { 'application/octet-stream': {}, 'application/x-mcap': {} },
            },
            responses: {
              '201': { description: 'Imported', content: json(ref('RecordingResponse')) },
              '400': error('A bad name, an empty body, or a file that is not a usable recording'),
              ...operatorRefusals('Importing a recording'),
              '409': error('The server is shutting down'),
              ...bodyTimeout(),
              '413': error('The file is larger than the import limit'),
              '415': error('The body is not sent as application/octet-stream or application/x-mcap'),
              '429': withRetryAfter(
                error('Other imports are under way (or too many wrong tokens from this address)'),
              ),
              ...serverError(),
              '503': error('Recording is off on this server (GIGAWATT_RECORD=off)'),
              '507': error('The server’s disk is full'),
            },
          },
          'recordings',
          OPERATOR_SECURITY,
        ),
      },
      '/api/recordings/{id}': {
        delete: operation(
          {
            operationId: 'deleteRecording',
            summary: 'Delete a recording (operator)',
            parameters: [recordingIdParam],
            responses: {
              '204': { description: 'Deleted' },
              '400': error('Not a recording id'),
              ...operatorRefusals('Deleting a recording'),
              '404': error('No such recording'),
              ...serverError(),
              ...recordingOff(),
            },
          },
          'recordings',
          OPERATOR_SECURITY,
        ),
      },
      '/api/recordings/{id}/stop': {
        post: operation(
          {
            operationId: 'stopCapture',
            summary: 'Stop a capture (operator)',
            parameters: [recordingIdParam],
            responses: {
              '200': { description: 'Stopped and finalized', content: json(ref('RecordingResponse')) },
              '400': error('Not a recording id'),
              ...operatorRefusals('Stopping a capture'),
              '404': error('No such recording'),
              '409': error('The recording is not a capture'),
              ...serverError(),
              ...recordingOff(),
            },
          },
          'recordings',
          OPERATOR_SECURITY,
        ),
      },
      '/api/recordings/{id}/annotations': {
        get: operation(
          {
            operationId: 'listAnnotations',
            summary: 'A recording’s annotations',
            parameters: [recordingIdParam],
            responses: {
              '200': { description: 'Sorted by t', content: json(ref('AnnotationList')) },
              '400': error('Not a recording id'),
              '404': error('No such recording'),
              '409': error('The recording cannot be read'),
              ...viewerRefusals(),
              ...serverError(),
              ...recordingOff(),
            },
          },
          'recordings',
          VIEWER_SECURITY,
        ),
        post: operation(
          {
            operationId: 'addAnnotation',
            summary: 'Annotate a recording, or "current": what is being recorded at t (operator)',
            parameters: [
              {
                ...recordingIdParam,
                description:
                  'A recording id, or "current": the always-on segment that covers t and every running capture',
                schema: { anyOf: [ref('RecordingId'), { const: 'current' }] },
              },
            ],
            requestBody: { required: true, content: json(ref('AnnotationRequest')) },
            responses: {
              '201': { description: 'Written', content: json(ref('AnnotationCreated')) },
              '400': error('Not JSON, a bad field, or t outside the recording’s span'),
              ...operatorRefusals('Annotating'),
              '404': error('No such recording (or, for "current", nothing being recorded)'),
              '409': error('The recording cannot be read'),
              ...bodyTimeout(),
              '413': error('The body is larger than 16 KiB'),
              ...serverError(),
              ...recordingOff(),
            },
          },
          'recordings',
          OPERATOR_SECURITY,
        ),
      },
      '/api/recordings/{id}/file': {
        get: operation(
          {
            operationId: 'getRecordingFile',
            summary: 'The .mcap file, with HTTP range requests',
            description:
              'A recording still being written is served up to its last flushed chunk, with a synthesized index: a complete MCAP file. Its Content-Location names that snapshot (?upTo=); later range requests of one reader go there, so the file does not change under it.',
            parameters: [
              recordingIdParam,
              {
                name: 'upTo',
                in: 'query',
                description: 'A snapshot of a running recording, as named by Content-Location',
                schema: { type: 'string', pattern: '^\\d{1,15}$' },
              },
              {
                name: 'Range',
                in: 'header',
                description: 'A byte range (RFC 9110), e.g. bytes=0-1023',
                schema: { type: 'string' },
              },
            ],
            responses: {
              '200': {
                description: 'The whole file',
                headers: { 'Accept-Ranges': { schema: { const: 'bytes' } } },
                content: { 'application/x-mcap': {} },
              },
              '206': {
                description: 'The range asked for',
                headers: { 'Content-Range': { schema: { type: 'string' } } },
                content: { 'application/x-mcap': {} },
              },
              '304': { description: 'Not modified (If-None-Match or If-Modified-Since)' },
              '400': error('Not a recording id'),
              '404': error('No such recording, or its file is gone'),
              '409': error(
                'Nothing of the running recording is on disk yet, or the snapshot asked for (upTo) is gone',
              ),
              '416': {
                ...error('The range is outside the file'),
                headers: { 'Content-Range': { schema: { type: 'string' } } },
              },
              ...viewerRefusals(),
              ...recordingOff(),
            },
          },
          'recordings',
          VIEWER_SECURITY,
        ),
      },
      '/api/recordings/{id}/export.csv': {
        get: operation(
          {
            operationId: 'exportRecordingCsv',
            summary: 'A window of a recording as CSV',
            parameters: [
              recordingIdParam,
              {
                name: 'from',
                in: 'query',
                description: 'Start (default: the recording’s)',
                schema: paramSchema(timeParam),
              },
              {
                name: 'to',
                in: 'query',
                description: 'End (default: the recording’s)',
                schema: paramSchema(timeParam),
              },
              {
                name: 'level',
                in: 'query',
                description: 'Rows per site, per hall or per rack',
                schema: paramSchema(recordingLevelSchema.default('site')),
              },
            ],
            responses: {
              '200': {
                description: 'CSV with a header row (an attachment)',
                content: { 'text/csv': { schema: { type: 'string' } } },
              },
              '400': error('Not a recording id, or a bad level, from or to'),
              '404': error('No such recording, or its file is gone'),
              '409': error('The recording is still being written, or cannot be read'),
              ...viewerRefusals(),
              ...serverError(),
              ...recordingOff(),
            },
          },
          'recordings',
          VIEWER_SECURITY,
        ),
      },
      '/api/ingest': {
        post: operation(
          {
            operationId: 'ingestSamples',
            summary: 'Samples as NDJSON: one SiteSample per line',
            description:
              'Each line is validated alone, so one bad line loses nothing else. The body is read as NDJSON ' +
              `whatever its Content-Type; at most ${formatBytes(MAX_NDJSON_BYTES)}; at most ` +
              `${MAX_CONCURRENT_INGEST_BODIES} bodies are read at once. What is live, late or a duplicate ` +
              'follows the ingest policy (server/src/ingest/INGEST_POLICY.md).',
            requestBody: {
              required: true,
              content: {
                'application/x-ndjson': {
                  schema: {
                    type: 'string',
                    description: 'Lines separated by \\n, each a JSON SiteSample; blank lines are skipped',
                  },
                  // OpenAPI 3.2's itemSchema, as an extension: the schema of each line.
                  'x-itemSchema': ref('SiteSample'),
                },
              },
            },
            responses: {
              '200': {
                description: 'At least one line accepted; counts per outcome and the first refused lines',
                content: json(ref('IngestResult')),
              },
              '400': {
                description: 'Nothing accepted: an empty body, or every line refused',
                content: json(ref('IngestRefusal')),
              },
              '401': error('No ingest token (Authorization: Bearer …)'),
              '403': error('Wrong ingest token'),
              ...bodyTimeout(),
              '413': error(`The body is larger than ${formatBytes(MAX_NDJSON_BYTES)}`),
              '415': error('No body, or one in a charset other than UTF-8'),
              '429': withRetryAfter(
                error('Too many wrong tokens from this address; wait Retry-After seconds'),
              ),
              '503': withRetryAfter(error('Too many ingest bodies are being read at once; retry shortly')),
            },
          },
          'ingest',
          INGEST_SECURITY,
        ),
      },
    },
    components: {
      schemas,
      securitySchemes: {
        ingestToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'GIGAWATT_INGEST_TOKEN: producers (POST /api/ingest)',
        },
        operatorToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'GIGAWATT_OPERATOR_TOKEN: acknowledging alerts and managing recordings; also reads what viewers read',
        },
        viewerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'GIGAWATT_VIEWER_TOKEN: reading the API, when configured (otherwise reading is open)',
        },
        viewerQueryToken: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'The viewer (or operator) token in the URL, for shareable links to the read-only API',
        },
      },
    },
  };
  return doc;
}
