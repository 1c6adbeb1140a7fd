import {
  type AnnotationCreatedResponse,
  type AnnotationListResponse,
  annotationRequestSchema,
  describeZodError,
  epochMsSchema,
  parseInstant,
  type RecordingListResponse,
  type RecordingResponse,
} from '@gigawatt/shared';
import {
  annotationSchema,
  captureRequestSchema,
  openRecording,
  RECORDING_ID_PATTERN,
  RecordingError,
} from '@gigawatt/shared/recording';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { errorFields, type Logger } from '../log.ts';
import type { Recorder } from '../recorder/createRecorder.ts';
import { openFileReadable } from '../recorder/fileReadable.ts';
import { RecorderError } from '../recorder/recorderError.ts';
import { openSnapshotReadable } from '../recorder/snapshotReadable.ts';
import { exportCsv } from './exportCsv.ts';
import { importRoute } from './importRoute.ts';
import { requireOperator } from './requireOperator.ts';
import { sendSnapshot } from './sendSnapshot.ts';

const STATUS: Record<RecorderError['code'], number> = {
  'bad-id': 400,
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  io: 500,
};

/** The span the shared schemas allow for a time (epochMsSchema), for a message that names the field. */
const EARLIEST = epochMsSchema.minValue ?? 0;
const LATEST = epochMsSchema.maxValue ?? Number.MAX_SAFE_INTEGER;

/** A time given as a number or text → ms, or why it is not one. */
function timeOf(field: string, v: number | string): number | string {
  // A fractional ms (a playhead) is floored, as parseInstant floors one given as text.
  const ms = typeof v === 'number' ? Math.floor(v) : parseInstant(v);
  const given = JSON.stringify(v).slice(0, 40);
  if (ms === undefined) return `${field} must be ms since epoch or an RFC 3339 time (given ${given})`;
  if (!(ms >= EARLIEST && ms <= LATEST)) {
    return `${field} must be a time from ${new Date(EARLIEST).toISOString()} to ${new Date(LATEST).toISOString()} (given ${given})`;
  }
  return ms;
}

const ANNOTATION_BODY_LIMIT = 16 * 1024;

/**
 * express.json whose refusals say what was wrong with the body, answered here rather than by the
 * app's error handler (which would name the limit in bytes, or echo the parser's message).
 */
function jsonBody(limit: number, what: string) {
  const parse = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      // A body deadline may have answered already (body-parser reports a refused body only once the
      // rest of it is drained): setting a header now would throw outside any handler and end the process.
      if (res.headersSent) return next(error);
      const type = (error as { type?: unknown }).type;
      if (type === 'entity.too.large') {
        res.setHeader('Connection', 'close');
        return res.status(413).json({ error: `${what} is larger than its limit of ${limit / 1024} KiB` });
      }
      if (type === 'entity.parse.failed')
        return res.status(400).json({ error: `${what} must be a JSON object (the body is not one)` });
      next(error);
    });
  };
}

const isErrno = (e: unknown, code: string) => (e as NodeJS.ErrnoException | undefined)?.code === code;

/**
 * Maps recorder errors to their status; a recording file that cannot be read is a 409 (its state, not
 * the request, is the problem) and one deleted under the request a 404. Anything else is a 500 handled
 * by the app. Once a streamed answer has begun, the connection is cut instead: a client must never take
 * a response that broke off midway for a whole one.
 */
const handleWith =
  (log: Logger) =>
  (fn: (req: Request, res: Response) => Promise<unknown>) =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        log.error({ ...errorFields(e), path: req.path }, 'response broken off');
        res.destroy();
        return;
      }
      if (e instanceof RecorderError) return res.status(STATUS[e.code]).json({ error: e.message });
      if (e instanceof RecordingError)
        return res.status(409).json({ error: `the recording cannot be read: ${e.message}` });
      if (isErrno(e, 'ENOENT')) return res.status(404).json({ error: 'the recording’s file is gone' });
      next(e);
    });
  };

function checkId(id: string | undefined): string {
  if (!id || !RECORDING_ID_PATTERN.test(id))
    throw new RecorderError('bad-id', `not a recording id: "${String(id).slice(0, 80)}"`);
  return id;
}

export interface RecordingRoutesDeps {
  recorder: Recorder;
  operatorToken: string;
  now: () => number;
  /** Largest accepted import (bytes). */
  importMaxBytes: number;
  log: Logger;
}

/**
 * The recordings API of DESIGN.md: list, capture start/stop, delete, the file with ranges, CSV export;
 * plus annotations (read and write) and importing a file.
 */
export function recordingRoutes(deps: RecordingRoutesDeps): Router {
  const { recorder } = deps;
  const handle = handleWith(deps.log);
  const r = express.Router();
  const operator = (action: string) => requireOperator(deps.operatorToken, action);

  r.get('/api/recordings', (_req, res) => {
    res.json({ recordings: recorder.list() } satisfies RecordingListResponse);
  });

  r.post(
    '/api/recordings',
    operator('starting a capture'),
    jsonBody(64 * 1024, 'the capture request'),
    handle(async (req, res) => {
      const body = captureRequestSchema.safeParse(req.body ?? {});
      if (!body.success) return res.status(400).json({ error: describeZodError(body.error) });
      const id = await recorder.startCapture(body.data);
      const recording = recorder.get(id);
      // Listed from the moment startCapture resolves; anything else is the server's fault (500).
      if (!recording) throw new Error(`capture ${id} started but is not listed`);
      res.status(201).json({ recording } satisfies RecordingResponse);
    }),
  );

  r.post(
    '/api/recordings/import',
    operator('importing a recording'),
    handle(importRoute({ recorder, maxBytes: deps.importMaxBytes, log: deps.log })),
  );

  r.post(
    '/api/recordings/:id/stop',
    operator('stopping a capture'),
    handle(async (req, res) => {
      const info = await recorder.stopCapture(checkId(req.params.id as string));
      res.json({ recording: info } satisfies RecordingResponse);
    }),
  );

  r.delete(
    '/api/recordings/:id',
    operator('deleting a recording'),
    handle(async (req, res) => {
      await recorder.remove(checkId(req.params.id as string));
      res.status(204).end();
    }),
  );

  r.post(
    '/api/recordings/:id/annotations',
    operator('annotating'),
    jsonBody(ANNOTATION_BODY_LIMIT, 'the annotation'),
    handle(async (req, res) => {
      const id = req.params.id === 'current' ? 'current' : checkId(req.params.id as string);
      if (req.body === undefined)
        return res
          .status(400)
          .json({ error: 'send the annotation as JSON (Content-Type: application/json)' });
      const body = annotationRequestSchema.safeParse(req.body);
      if (!body.success) return res.status(400).json({ error: describeZodError(body.error) });
      const t = timeOf('t', body.data.t);
      const end = body.data.end === undefined ? undefined : timeOf('end', body.data.end);
      if (typeof t === 'string') return res.status(400).json({ error: t });
      if (typeof end === 'string') return res.status(400).json({ error: end });
      // Range, whole milliseconds, end ≥ t: the shared schema decides, so nothing it refuses gets further.
      const now = Math.floor(deps.now());
      const annotation = annotationSchema.safeParse({
        id: `ann-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        t,
        ...(end !== undefined ? { end } : {}),
        text: body.data.text,
        author: body.data.author,
        createdAt: now,
      });
      if (!annotation.success) return res.status(400).json({ error: describeZodError(annotation.error) });
      // The recorder refuses a t outside the recording's span (RecorderError 'invalid': 400).
      const written = await recorder.addAnnotation(id, annotation.data);
      res
        .status(201)
        .json({ annotation: annotation.data, recordings: written } satisfies AnnotationCreatedResponse);
    }),
  );

  r.get(
    '/api/recordings/:id/annotations',
    handle(async (req, res) => {
      const annotations = await recorder.annotations(checkId(req.params.id as string));
      res.json({ annotations } satisfies AnnotationListResponse);
    }),
  );

  r.get(
    '/api/recordings/:id/file',
    handle(async (req, res) => {
      const id = checkId(req.params.id as string);
      const info = recorder.get(id);
      if (!info) throw new RecorderError('not-found', `recording "${id}" not found`);
      const pinned = req.query.upTo;
      const upTo = typeof pinned === 'string' && /^\d{1,15}$/.test(pinned) ? Number(pinned) : undefined;
      if (pinned !== undefined && upTo === undefined)
        return res.status(400).json({ error: 'upTo must be a byte count (from Content-Location)' });
      if (info.state === 'recording') {
        // Still being written: the chunks on disk plus a synthesized index, up to the last flushed second.
        const snap = recorder.snapshot(id, upTo);
        if (!snap) {
          return res.status(409).json({
            error:
              upTo === undefined
                ? 'nothing of the recording is on disk yet; try again in a second'
                : 'this view of the running recording is gone; open the recording again',
          });
        }
        const self = req.originalUrl.split('?')[0] ?? '';
        return sendSnapshot(req, res, snap, {
          'Content-Type': 'application/x-mcap',
          'Content-Disposition': `inline; filename="${id}.mcap"`,
          // A reader pins this one snapshot for its later range requests; the plain URL moves on.
          'Content-Location': `${self}?upTo=${snap.dataLength}`,
          'Cache-Control': upTo === undefined ? 'no-store' : 'no-cache',
        });
      }
      if (upTo !== undefined) {
        return res.status(409).json({
          error: 'the recording has finished since it was opened; open it again to read all of it',
        });
      }
      // express/send implements Range (206, 416) and conditional requests on the file.
      res.sendFile(recorder.filePath(id), {
        headers: {
          'Content-Type': 'application/x-mcap',
          'Content-Disposition': `inline; filename="${id}.mcap"`,
          'Cache-Control': 'no-cache',
        },
      });
    }),
  );

  r.get(
    '/api/recordings/:id/export.csv',
    handle(async (req, res) => {
      const id = checkId(req.params.id as string);
      const info = recorder.get(id);
      if (!info) throw new RecorderError('not-found', `recording "${id}" not found`);
      // Still being written: exported from its snapshot, up to the last flushed second.
      const snap = info.state === 'recording' ? recorder.snapshot(id) : undefined;
      if (info.state === 'recording' && !snap)
        return res
          .status(409)
          .json({ error: 'nothing of the recording is on disk yet; try again in a second' });
      const q = req.query as Record<string, unknown>;
      const level = q.level === undefined ? 'site' : q.level;
      if (level !== 'site' && level !== 'hall' && level !== 'rack') {
        return res.status(400).json({ error: 'level must be site, hall or rack' });
      }
      const from =
        q.from === undefined ? undefined : typeof q.from === 'string' ? parseInstant(q.from) : undefined;
      const to = q.to === undefined ? undefined : typeof q.to === 'string' ? parseInstant(q.to) : undefined;
      if ((q.from !== undefined && from === undefined) || (q.to !== undefined && to === undefined)) {
        return res.status(400).json({ error: 'from and to must be ms since epoch or RFC 3339' });
      }
      if (from !== undefined && to !== undefined && from > to)
        return res.status(400).json({ error: 'from must be before to' });
      const file = snap ? await openSnapshotReadable(snap) : await openFileReadable(recorder.filePath(id));
      try {
        // Opened before the first byte is sent: a file that cannot be read is still a JSON error.
        const rec = await openRecording(file);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${id}-${level}.csv"`);
        await exportCsv(rec, { level, from, to }, (chunk) => {
          res.write(chunk);
        });
        res.end();
      } finally {
        await file.close();
      }
    }),
  );

  return r;
}
