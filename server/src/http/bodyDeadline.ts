import type { IncomingMessage, ServerResponse } from 'node:http';
import { declaresBody } from './refuse.ts';

/** How long a request body may take to arrive. */
export interface BodyPolicy {
  /** The whole body must have arrived this long after the request started (ms). */
  withinMs: number;
  /**
   * For large uploads: instead of a fixed deadline, after the first `withinMs` the body must keep
   * arriving at this average rate (bytes per second, counted from the start less `withinMs`).
   */
  minBytesPerS?: number;
}

/** Once a refusal is sent, the socket is cut this long after at the latest (a client that does not read). */
const CLOSE_GRACE_MS = 1000;
/** How often an upload's rate is checked after its grace period. */
const RATE_CHECK_MS = 1000;

interface Watch {
  policy: BodyPolicy;
  startedAt: number;
  startBytes: number;
  timer: NodeJS.Timeout | undefined;
}

const watches = new WeakMap<IncomingMessage, Watch>();

/**
 * Puts a deadline on a request's body: a client that sends it too slowly (slowloris) is answered 408 and
 * its socket destroyed, so it cannot hold a connection and a parser's buffer for minutes. Calling it
 * again for the same request replaces the policy (the server sets a default for every request, a route
 * its own) and keeps the start time. Requests without a body are not watched.
 */
export function watchBody(req: IncomingMessage, res: ServerResponse, policy: BodyPolicy): void {
  if (!declaresBody(req)) return;
  let watch = watches.get(req);
  if (watch) {
    clearTimeout(watch.timer);
    watch.policy = policy;
  } else {
    watch = { policy, startedAt: Date.now(), startBytes: req.socket.bytesRead, timer: undefined };
    watches.set(req, watch);
    const stop = () => {
      const w = watches.get(req);
      if (w) clearTimeout(w.timer);
    };
    req.once('end', stop);
    req.once('close', stop);
    // A body still arriving after the answer (a route that refused without Connection: close) is drained
    // by Node; the deadline still holds for it, so only a complete body ends the watch here.
    res.once('close', () => {
      if (req.complete) stop();
    });
  }
  schedule(req, res, watch, watch.startedAt + policy.withinMs - Date.now());
}

function schedule(req: IncomingMessage, res: ServerResponse, watch: Watch, delayMs: number): void {
  watch.timer = setTimeout(() => check(req, res, watch), Math.max(0, delayMs));
  watch.timer.unref();
}

function check(req: IncomingMessage, res: ServerResponse, watch: Watch): void {
  if (req.complete || req.socket.destroyed) return;
  const { policy } = watch;
  const elapsedMs = Date.now() - watch.startedAt;
  if (policy.minBytesPerS !== undefined) {
    const received = req.socket.bytesRead - watch.startBytes;
    const required = (policy.minBytesPerS * (elapsedMs - policy.withinMs)) / 1000;
    if (received >= required) {
      schedule(req, res, watch, RATE_CHECK_MS);
      return;
    }
  }
  expire(req, res, policy);
}

function expire(req: IncomingMessage, res: ServerResponse, policy: BodyPolicy): void {
  const socket = req.socket;
  if (res.headersSent) {
    req.destroy();
    socket.destroy();
    return;
  }
  const error =
    policy.minBytesPerS === undefined
      ? `request body not received within ${policy.withinMs / 1000} s`
      : `request body arriving too slowly (under ${Math.round(policy.minBytesPerS / 1024)} KiB/s)`;
  const body = JSON.stringify({ error });
  res.writeHead(408, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
  // Once the answer is out, the request is ended too: Node closes the socket but leaves a request it has
  // stopped tracking open, and a reader waiting on it (an import's temporary file, its slot) would wait
  // for ever. A client that does not read its answer is cut off after a grace period.
  const done = () => {
    req.destroy();
    socket.destroy();
  };
  res.once('close', done);
  setTimeout(done, CLOSE_GRACE_MS).unref();
}
