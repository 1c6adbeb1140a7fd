import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** A Host header that is only a host name or address and a port: anything else is left out of the CSP. */
const PLAIN_HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/**
 * socket.io's WebSocket, same origin. CSP level 3 lets 'self' cover ws:/wss: to the page's own host, but
 * older browsers (Safari before 15.4, still on some wall displays) need the scheme spelled out.
 */
const sameHostSockets = (req: IncomingMessage): string => {
  const host = req.headers.host;
  return host && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : "'self'";
};

/**
 * The Content-Security-Policy the built dashboard runs under (checked in a real browser by the e2e
 * suites, which fail on any violation): scripts and styles only from the app's own files (Vite emits no
 * inline script or style; ECharts and React set styles through the CSSOM, which style-src does not
 * govern), charts on canvas, the favicon as a data: URL, CSV downloads as blob: URLs, socket.io on the
 * same host. 'wasm-unsafe-eval' lets WebAssembly compile (a zstd decoder for recordings) without
 * allowing eval of JavaScript. No upgrade-insecure-requests: a server on a plain-HTTP LAN address
 * would have every request of its page turned into HTTPS and fail.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", sameHostSockets],
  workerSrc: ["'self'", 'blob:'],
  manifestSrc: ["'self'"],
  mediaSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameSrc: ["'none'"],
  frameAncestors: ["'self'"],
  formAction: ["'self'"],
};

/**
 * helmet on every response of the app (page, assets and JSON alike). HSTS is sent without
 * includeSubDomains: it only takes effect behind a TLS proxy, and must not decide for the other hosts
 * of the operator's domain.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
