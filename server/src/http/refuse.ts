import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request declares a body (Content-Length above 0, or chunked). */
export function declaresBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

/**
 * Answers `{ error }` with `status` without reading the request body. A body still on its way would
 * otherwise be read to its end (Node drains it to keep the connection alive): `Connection: close` makes
 * Node close the socket once the answer is sent, so a refused client cannot make the server read
 * megabytes (or hold the connection with a trickle).
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (declaresBody(req) && !req.complete) res.setHeader('Connection', 'close');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // A length, not chunks: a client that is still sending can read the answer whole, and no middleware
  // (compression) turns it into a stream.
  const body = JSON.stringify({ error });
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
