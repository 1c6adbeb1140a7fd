import {
  type IngestLineError,
  type IngestRefusal,
  type IngestResult,
  MAX_REPORTED_INGEST_ERRORS,
} from '@gigawatt/shared';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { IngestService } from '../ingest/ingestService.ts';
import { authGate } from './authGate.ts';
import { limitConcurrentBodies } from './limitConcurrentBodies.ts';

export const MAX_NDJSON_BYTES = 4 * 1024 * 1024;
/** NDJSON bodies parsed at once: each may hold up to MAX_NDJSON_BYTES (twice that as a string). */
export const MAX_CONCURRENT_INGEST_BODIES = 8;

/**
 * POST /api/ingest: the token is checked first, then the number of bodies in flight, and only then is
 * the body read: a refused request costs no more than its headers.
 */
export function ingestRoute(
  ingest: IngestService,
  ingestToken: string,
  maxConcurrent = MAX_CONCURRENT_INGEST_BODIES,
): RequestHandler[] {
  return [
    authGate({
      tokens: [ingestToken],
      missing: { status: 401, error: 'missing Authorization: Bearer <ingest token>' },
      invalid: { status: 403, error: 'invalid ingest token' },
      onRefused: () => ingest.countUnauthorized(),
    }),
    limitConcurrentBodies(maxConcurrent, 'ingest bodies'),
    express.text({ type: () => true, limit: MAX_NDJSON_BYTES }),
    ingestLines(ingest),
  ];
}

/** One SiteSample per line; each line is validated alone so one bad line loses nothing else. */
function ingestLines(ingest: IngestService) {
  return (req: Request, res: Response) => {
    if (typeof req.body !== 'string') {
      return res.status(415).json({ error: 'send NDJSON with Content-Type: application/x-ndjson' });
    }
    // Truthful per line: kept live, kept as late history, already held, or refused (with why).
    const counts = { live: 0, late: 0, duplicates: 0 };
    let rejected = 0;
    const errors: IngestLineError[] = [];
    const lines = req.body.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let payload: unknown;
      try {
        payload = JSON.parse(line);
      } catch {
        rejected++;
        ingest.countUnparsable();
        if (errors.length < MAX_REPORTED_INGEST_ERRORS) errors.push({ line: i + 1, error: 'not valid JSON' });
        return;
      }
      const ack = ingest.sample(payload);
      if (ack.ok) {
        if (ack.outcome === 'late') counts.late++;
        else if (ack.outcome === 'duplicate') counts.duplicates++;
        else counts.live++;
      } else {
        rejected++;
        if (errors.length < MAX_REPORTED_INGEST_ERRORS) errors.push({ line: i + 1, error: ack.error });
      }
    });
    const accepted = counts.live + counts.late + counts.duplicates;
    if (accepted === 0 && rejected === 0) return res.status(400).json({ error: 'empty body: no samples' });
    if (accepted === 0) {
      const refusal: IngestRefusal = {
        error: `all ${rejected} lines rejected: ${errors[0]?.error}`,
        accepted: 0,
        rejected,
        errors,
      };
      return res.status(400).json(refusal);
    }
    const result: IngestResult = { accepted, ...counts, rejected, errors };
    return res.status(200).json(result);
  };
}
