import { open } from 'node:fs/promises';
import { describeZodError } from '@gigawatt/shared';
import {
  annotationSchema,
  captureRequestSchema,
  openRecording,
  RECORDING_ID_PATTERN,
} from '@gigawatt/shared/recording';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Recorder } from '../recorder/createRecorder.ts';
import { RecorderError } from '../recorder/recorderError.ts';
import { exportCsv } from './exportCsv.ts';
import { importRoute } from './importRoute.ts';
import { parseTime } from './parseTime.ts';
import { requireOperator } from './requireOperator.ts';

const STATUS: Record<RecorderError['code'], number> = {
  'bad-id': 400,
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  io: 500,
};

const annotationRequestSchema = z.object({
  t: z.union([z.number(), z.string()]),
  end: z.union([z.number(), z.string()]).optional(),
  text: z.string().trim().min(1, 'text is required').max(2000),
  author: z.string().trim().min(1, 'author is required').max(80),
});

/** Maps recorder errors to their status; anything else is a 500 handled by the app. */
const handle =
  (fn: (req: Request, res: Response) => Promise<unknown>) =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch((e: unknown) => {
      if (e instanceof RecorderError) return res.status(STATUS[e.code]).json({ error: e.message });
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
}

/**
 * The recordings API of DESIGN.md: list, capture start/stop, delete, the file with ranges, CSV export;
 * plus annotations (read and write) and importing a file.
 */
export function recordingRoutes(deps: RecordingRoutesDeps): Router {
  const { recorder } = deps;
  const r = express.Router();
  const operator = (action: string) => requireOperator(deps.operatorToken, action);

  r.get('/api/recordings', (_req, res) => {
    res.json({ recordings: recorder.list() });
  });

  r.post(
    '/api/recordings',
    operator('starting a capture'),
    express.json({ limit: '64kb' }),
    handle(async (req, res) => {
      const body = captureRequestSchema.safeParse(req.body ?? {});
      if (!body.success) return res.status(400).json({ error: describeZodError(body.error) });
      const id = await recorder.startCapture(body.data);
      res.status(201).json({ recording: recorder.get(id) });
    }),
  );

  r.post(
    '/api/recordings/import',
    operator('importing a recording'),
    handle(importRoute({ recorder, maxBytes: deps.importMaxBytes })),
  );

  r.post(
    '/api/recordings/:id/stop',
    operator('stopping a capture'),
    handle(async (req, res) => {
      const info = await recorder.stopCapture(checkId(req.params.id as string));
      res.json({ recording: info });
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
    express.json({ limit: '16kb' }),
    handle(async (req, res) => {
      const id = req.params.id === 'current' ? 'current' : checkId(req.params.id as string);
      const body = annotationRequestSchema.safeParse(req.body ?? {});
      if (!body.success) return res.status(400).json({ error: describeZodError(body.error) });
      const t = typeof body.data.t === 'number' ? body.data.t : parseTime(body.data.t);
      const end =
        body.data.end === undefined
          ? undefined
          : typeof body.data.end === 'number'
            ? body.data.end
            : parseTime(body.data.end);
      if (t === undefined || (body.data.end !== undefined && end === undefined)) {
        return res.status(400).json({ error: 't and end must be ms since epoch or RFC 3339' });
      }
      if (end !== undefined && end < t) return res.status(400).json({ error: 'end must not be before t' });
      const annotation = annotationSchema.parse({
        id: `ann-${deps.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        t,
        ...(end !== undefined ? { end } : {}),
        text: body.data.text,
        author: body.data.author,
        createdAt: deps.now(),
      });
      const written = await recorder.addAnnotation(id, annotation);
      res.status(201).json({ annotation, recordings: written });
    }),
  );

  r.get(
    '/api/recordings/:id/annotations',
    handle(async (req, res) => {
      const annotations = await recorder.annotations(checkId(req.params.id as string));
      res.json({ annotations });
    }),
  );

  r.get(
    '/api/recordings/:id/file',
    handle(async (req, res) => {
      const id = checkId(req.params.id as string);
      const info = recorder.get(id);
      if (!info) throw new RecorderError('not-found', `recording "${id}" not found`);
      if (info.state === 'recording') {
        return res.status(409).json({
          error: 'the recording is still being written; stop it (or wait for the segment to end) to open it',
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
      if (info.state === 'recording')
        return res.status(409).json({ error: 'the recording is still being written' });
      const q = req.query as Record<string, unknown>;
      const level = q.level === undefined ? 'site' : q.level;
      if (level !== 'site' && level !== 'hall' && level !== 'rack') {
        return res.status(400).json({ error: 'level must be site, hall or rack' });
      }
      const from =
        q.from === undefined ? undefined : typeof q.from === 'string' ? parseTime(q.from) : undefined;
      const to = q.to === undefined ? undefined : typeof q.to === 'string' ? parseTime(q.to) : undefined;
      if ((q.from !== undefined && from === undefined) || (q.to !== undefined && to === undefined)) {
        return res.status(400).json({ error: 'from and to must be ms since epoch or RFC 3339' });
      }
      if (from !== undefined && to !== undefined && from > to)
        return res.status(400).json({ error: 'from must be before to' });
      const handleFile = await open(recorder.filePath(id), 'r');
      try {
        const size = (await handleFile.stat()).size;
        const rec = await openRecording({
          size: async () => BigInt(size),
          read: async (offset, length) => {
            const buf = Buffer.alloc(Number(length));
            await handleFile.read(buf, 0, Number(length), Number(offset));
            return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
          },
        });
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${id}-${level}.csv"`);
        await exportCsv(rec, { level, from, to }, (chunk) => {
          res.write(chunk);
        });
        res.end();
      } finally {
        await handleFile.close();
      }
    }),
  );

  return r;
}
