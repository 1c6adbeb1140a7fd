import type { Server } from 'node:http';
import { type BodyPolicy, watchBody } from './bodyDeadline.ts';

export interface HardenOptions {
  /** All request headers must arrive within this long (slowloris on headers). */
  headersTimeoutMs?: number;
  /** Default deadline for any request body, engine.io's polling POSTs included; routes may set their own. */
  bodyTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs?: number;
  maxHeadersCount?: number;
}

export const DEFAULT_BODY_POLICY: BodyPolicy = { withinMs: 30_000 };

/**
 * Server-wide limits against clients that hold connections open: a deadline for headers, a default
 * deadline for every body, a short keep-alive, a cap on the number of headers, and no "100 Continue"
 * for a body nobody has agreed to read.
 *
 * Call it after socket.io is attached and before listen(): engine.io takes over the 'request' listeners
 * it finds when it attaches (and calls them only for paths that are not its own), and Node reads
 * `connectionsCheckingInterval` when it starts listening.
 *
 * Node's own `requestTimeout` is off: it is one number for every request, and no one number fits a 16 KiB
 * ack (seconds) and a 1 GiB import (a minimum rate instead). Every request with a body has a deadline
 * through watchBody(); a request without one is complete when its headers are, which headersTimeout
 * bounds.
 */
export function hardenHttpServer(server: Server, opts: HardenOptions = {}): void {
  const headersTimeout = opts.headersTimeoutMs ?? 10_000;
  const policy: BodyPolicy = { withinMs: opts.bodyTimeoutMs ?? DEFAULT_BODY_POLICY.withinMs };
  server.headersTimeout = headersTimeout;
  server.requestTimeout = 0;
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 5_000;
  server.maxHeadersCount = opts.maxHeadersCount ?? 100;
  // Node checks the header deadline on this interval (30 s by default, which would triple a 10 s limit);
  // a documented option of createServer, read at listen(), that @types/node does not declare on Server.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    250,
    Math.min(1000, Math.floor(headersTimeout / 4)),
  );
  server.prependListener('request', (req, res) => watchBody(req, res, policy));
  // `Expect: 100-continue` (curl for large bodies, many HTTP libraries): Node would say "continue" before
  // any route has looked at the request, and the client would send a body it is about to be refused
  // for. Here "continue" is said only once something starts reading the body; a refusal comes first.
  server.on('checkContinue', (req, res) => {
    req.once('resume', () => {
      if (!res.headersSent && !res.writableEnded) res.writeContinue();
    });
    server.emit('request', req, res);
  });
}
