import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The route label of a request no express route took (static files, refusals before routing, 404s). */
export const UNMATCHED_ROUTE = 'unmatched';
const MAX_LOGGED_PATH = 200;

export interface RequestObserverOptions {
  log: Logger;
  /** One answered request, for the duration histogram. */
  onDone?: (method: string, route: string, status: number, seconds: number) => void;
}

/** What express leaves on the request it routed (the same object the listener was given). */
interface Routed {
  baseUrl?: unknown;
  route?: { path?: unknown };
}

/** The express route pattern that answered (`/api/recordings/:id`), never the path with its ids. */
export function routeOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & Routed;
  const pattern = r.route?.path;
  if (pattern === undefined) return UNMATCHED_ROUTE;
  const base = typeof r.baseUrl === 'string' ? r.baseUrl : '';
  return `${base}${typeof pattern === 'string' ? pattern : String(pattern)}`;
}

/**
 * The path of a request without its query string: a `?token=` (viewer links to the read-only API) never
 * reaches a log line. Cut at 200 characters.
 */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/**
 * Observes every HTTP request the app answers (socket.io's own requests never reach it): one log line per
 * request when it ends — method, path without query, status, milliseconds and bytes sent — and one
 * observation for the duration histogram. Headers are never logged (no Authorization, no cookie). Call it
 * with each request before the app handles it.
 */
export function requestObserver(opts: RequestObserverOptions) {
  const log = opts.log.child({ component: 'http' });
  return (req: IncomingMessage, res: ServerResponse): void => {
    const start = process.hrtime.bigint();
    // Taken now: express rewrites req.url while a mounted router handles the request.
    const path = loggedPath(req.url);
    let bytes = 0;
    // Bytes of the body as sent (after compression, which wraps these from inside the app).
    const write = res.write;
    const end = res.end;
    const count = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string')
        bytes += Buffer.byteLength(
          chunk,
          typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
        );
      else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
    };
    // Overloads of write and end differ only in their optional arguments: forwarded as given.
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      count(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      if (typeof args[0] !== 'function') count(args[0], args[1]);
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const method = METHODS.has(req.method ?? '') ? req.method! : 'OTHER';
      const route = routeOf(req);
      const status = res.statusCode;
      const aborted = !res.writableFinished;
      opts.onDone?.(method, route, status, seconds);
      const ms = Math.round(seconds * 1e4) / 10;
      const fields = { method, path, route, status, ms, bytes, ...(aborted ? { aborted: true } : {}) };
      const line = `${method} ${path} ${status} ${ms} ms ${bytes} B${aborted ? ' (aborted)' : ''}`;
      if (status >= 500) log.error(fields, line);
      else log.info(fields, line);
    });
  };
}
