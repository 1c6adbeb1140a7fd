import type { Request, Response } from 'express';
import { bearerToken, tokenMatches } from '../auth.ts';
import type { IngestService } from '../ingest/ingestService.ts';

export const MAX_NDJSON_BYTES = 4 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 20;

/** POST /api/ingest: one SiteSample per line; each line is validated alone so one bad line loses nothing else. */
export function ingestRoute(ingest: IngestService, ingestToken: string) {
  return (req: Request, res: Response) => {
    const token = bearerToken(req.header('authorization'));
    if (!token) return res.status(401).json({ error: 'missing Authorization: Bearer <ingest token>' });
    if (!tokenMatches(token, ingestToken)) return res.status(403).json({ error: 'invalid ingest token' });
    if (typeof req.body !== 'string') {
      return res.status(415).json({ error: 'send NDJSON with Content-Type: application/x-ndjson' });
    }
    let accepted = 0;
    let rejected = 0;
    const errors: { line: number; error: string }[] = [];
    const lines = req.body.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let payload: unknown;
      try {
        payload = JSON.parse(line);
      } catch {
        rejected++;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line: i + 1, error: 'not valid JSON' });
        return;
      }
      const ack = ingest.sample(payload);
      if (ack.ok) accepted++;
      else {
        rejected++;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line: i + 1, error: ack.error });
      }
    });
    if (accepted === 0 && rejected === 0) return res.status(400).json({ error: 'empty body: no samples' });
    if (accepted === 0) {
      return res
        .status(400)
        .json({ error: `all ${rejected} lines rejected: ${errors[0]?.error}`, accepted, rejected, errors });
    }
    return res.status(200).json({ accepted, rejected, errors });
  };
}
