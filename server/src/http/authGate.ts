import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import { bearerToken, tokenMatches } from '../auth.ts';
import { AuthFailureLimiter } from './authFailureLimiter.ts';
import { refuse } from './refuse.ts';

const limiters = new WeakMap<Application, AuthFailureLimiter>();

/**
 * The app's one failed-authentication limiter. Every gate finds it through the request's app, so routers
 * made elsewhere (recordings, alerts) share it without being handed it.
 */
export function useAuthFailureLimiter(app: Application, limiter: AuthFailureLimiter): void {
  limiters.set(app, limiter);
}

export interface AuthGateOptions {
  /** Tokens that pass; undefined entries (a token that is not configured) never match. */
  tokens: readonly (string | undefined)[];
  /** Also take the token from `?token=` (shareable links to the read-only API). */
  queryToken?: boolean;
  /** Answers for no token and for a wrong one. */
  missing: { status: 401 | 403; error: string };
  invalid: { status: 401 | 403; error: string };
  /** Told of every refusal (missing, wrong or rate-limited token): the ingest metrics count them. */
  onRefused?: () => void;
}

/**
 * Checks the token before anything reads the request body: mount it ahead of the body parser. A refusal
 * never reads the body and closes the connection (see refuse()); wrong tokens count against the client's
 * address, which is answered 429 with Retry-After once it has had too many.
 */
export function authGate(opts: AuthGateOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = opts.queryToken && typeof req.query.token === 'string' ? req.query.token : '';
    const given = bearerToken(req.header('authorization')) ?? (query === '' ? undefined : query);
    const valid = given !== undefined && opts.tokens.some((t) => t !== undefined && tokenMatches(given, t));
    const limiter = limiters.get(req.app);
    const verdict = limiter
      ? limiter.attempt(req.ip ?? req.socket.remoteAddress, valid, given !== undefined)
      : { outcome: valid ? ('ok' as const) : ('refused' as const) };
    if (verdict.outcome === 'ok') return next();
    opts.onRefused?.();
    if (verdict.outcome === 'limited') {
      return refuse(req, res, 429, AuthFailureLimiter.message(verdict.retryAfterS), {
        'Retry-After': String(verdict.retryAfterS),
      });
    }
    const { status, error } = given === undefined ? opts.missing : opts.invalid;
    refuse(req, res, status, error);
  };
}
