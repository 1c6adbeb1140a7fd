import { PROTOCOL_HEADER, PROTOCOL_VERSION, protocolMismatch } from '@gigawatt/shared';
import type { NextFunction, Request, Response } from 'express';
import { refuse } from './refuse.ts';

/**
 * The server's half of the two-sided version check on the REST API: every answer names the server's
 * protocol version (so a page can see it was upgraded under it), and a request naming another version
 * is refused with 400 and a sentence that says to reload. A request naming none (curl, a producer, an
 * older page) is served: the check turns a silent mismatch into a message, it does not lock out tools.
 * GET /api/version always answers, so a mismatched page can still learn what it is talking to.
 */
export function protocolGate() {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    const why = protocolMismatch(req.get(PROTOCOL_HEADER), 'server');
    if (why && req.path !== '/version') refuse(req, res, 400, why);
    else next();
  };
}
