import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { refuse } from './refuse.ts';

/**
 * At most `max` requests of one route in flight at once; more are answered 503 with Retry-After before
 * their body is read (and their connection closed). Mount it after the auth gate and before the body
 * parser. A slot is free again when the response is done or the connection is gone.
 */
export function limitConcurrentBodies(max: number, what: string, retryAfterS = 1): RequestHandler {
  let active = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    if (active >= max) {
      return refuse(req, res, 503, `too many ${what} at once (at most ${max}); retry in ${retryAfterS} s`, {
        'Retry-After': String(retryAfterS),
      });
    }
    active++;
    res.once('close', () => {
      active--;
    });
    next();
  };
}
