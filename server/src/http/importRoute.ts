import { rm } from 'node:fs/promises';
import { recordingNameSchema } from '@gigawatt/shared/recording';
import type { Request, Response } from 'express';
import { errorFields, type Logger } from '../log.ts';
import type { Recorder } from '../recorder/createRecorder.ts';
import { formatBytes } from './formatBytes.ts';
import { receiveUpload } from './receiveUpload.ts';

export interface ImportRouteDeps {
  recorder: Recorder;
  /** Largest accepted upload (GIGAWATT_IMPORT_MAX_BYTES). */
  maxBytes: number;
  log: Logger;
}

/** Uploads at once; each holds a temporary file of up to maxBytes on the data disk. */
const MAX_CONCURRENT_IMPORTS = 2;
const ACCEPTED_TYPES = ['application/octet-stream', 'application/x-mcap'];

const fail = (res: Response, status: number, error: string) => res.status(status).json({ error });

/**
 * POST /api/recordings/import?name=… (operator): an engineer hands the team a recording file. The body
 * is streamed into a temporary file inside the data folder (never held in memory, stopped at the size
 * limit), read through chunk by chunk (inspectIncoming: a damaged file keeps the readable span before
 * its first damage as "recovered" and says so, or is refused naming the damaged chunk), and kept under
 * a generated "imp-" id. The name is metadata only: it never becomes part of a path.
 */
export function importRoute(deps: ImportRouteDeps) {
  let running = 0;
  return async (req: Request, res: Response) => {
    // Everything that can be refused without reading the body is refused first: nothing is written.
    const q = req.query as Record<string, unknown>;
    let name: string | undefined;
    if (q.name !== undefined) {
      const parsed = typeof q.name === 'string' ? recordingNameSchema.safeParse(q.name) : undefined;
      if (!parsed?.success) {
        return fail(
          res,
          400,
          `name must be one line of printable text, 1 to 120 characters (${parsed?.error.issues[0]?.message ?? 'given more than once'})`,
        );
      }
      name = parsed.data;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) {
      return fail(res, 415, `send the .mcap file as the body with Content-Type: application/octet-stream`);
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > deps.maxBytes) {
      res.setHeader('Connection', 'close');
      return fail(
        res,
        413,
        `the file is ${formatBytes(declared)}; imports are limited to ${formatBytes(deps.maxBytes)} (GIGAWATT_IMPORT_MAX_BYTES)`,
      );
    }
    if (running >= MAX_CONCURRENT_IMPORTS) {
      res.setHeader('Connection', 'close');
      return fail(res, 429, 'other imports are under way; try again when they are done');
    }
    running++;
    try {
      const path = deps.recorder.incomingPath();
      const upload = await receiveUpload(req, path, deps.maxBytes);
      if (!upload.ok) {
        if (upload.reason === 'aborted') return; // nobody to answer
        // The unread rest of the body is not worth reading: answer, then close the connection.
        res.setHeader('Connection', 'close');
        if (upload.reason === 'too-large') {
          return fail(
            res,
            413,
            `the file is larger than the import limit of ${formatBytes(deps.maxBytes)} (GIGAWATT_IMPORT_MAX_BYTES)`,
          );
        }
        const full = upload.error.code === 'ENOSPC' || upload.error.code === 'EDQUOT';
        if (!full) deps.log.error(errorFields(upload.error), 'import: the upload could not be stored');
        return fail(
          res,
          full ? 507 : 500,
          full ? 'the server’s disk is full' : 'the upload could not be stored',
        );
      }
      if (upload.bytes === 0) {
        await rm(path, { force: true });
        return fail(res, 400, 'the body is empty: send the .mcap file as the request body');
      }
      // A file that is not a usable recording is a RecorderError 'invalid': 400 with what is wrong.
      const recording = await deps.recorder.adopt(path, { kind: 'import', ...(name ? { name } : {}) });
      res.status(201).json({ recording });
    } finally {
      running--;
    }
  };
}
