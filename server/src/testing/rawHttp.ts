import { connect, type Socket } from 'node:net';

export interface RawResponse {
  /** 0 when the connection ended before a status line arrived. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  socket: Socket;
  /** The first response on the connection, as soon as it is complete (or the connection ends). */
  response: Promise<RawResponse>;
  /** When the server closed the connection (ms after the request was opened). */
  closed: Promise<number>;
  /** Sends more of the body; errors (a connection the server closed) are ignored. */
  write(chunk: Buffer | string): void;
}

/**
 * An HTTP/1.1 request written by hand on a TCP socket: the test decides exactly which bytes go out and
 * when (headers only, part of a body, a trickle), which fetch does not allow.
 */
export function rawRequest(opts: {
  port: number;
  localAddress?: string;
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  /** Written right after the headers (all of it, as fast as the socket takes it). */
  body?: Buffer | string;
  /** Raw header block instead of `method path` + `headers` (for malformed requests). */
  head?: string;
}): RawRequest {
  const started = Date.now();
  const socket = connect({
    port: opts.port,
    host: '127.0.0.1',
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
  });
  socket.on('error', () => {});
  const head =
    opts.head ??
    `${opts.method ?? 'POST'} ${opts.path} HTTP/1.1\r\nHost: 127.0.0.1:${opts.port}\r\n${Object.entries(
      opts.headers ?? {},
    )
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;
  const write = (chunk: Buffer | string) => {
    if (!socket.destroyed && socket.writable) socket.write(chunk, () => {});
  };
  write(head);
  if (opts.body !== undefined) write(opts.body);

  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  const response = new Promise<RawResponse>((resolve) => {
    let received = Buffer.alloc(0);
    const tryParse = (ended: boolean) => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (ended) resolve({ status: 0, headers: {}, body: received.toString('latin1') });
        return;
      }
      const [statusLine = '', ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? Number.NaN);
      const body = received.subarray(end + 4);
      if (Number.isFinite(length) ? body.byteLength >= length : ended) {
        socket.off('data', onData);
        resolve({
          status: Number(statusLine.split(' ')[1] ?? 0),
          headers,
          body: body.subarray(0, Number.isFinite(length) ? length : undefined).toString('utf8'),
        });
      }
    };
    const onData = (d: Buffer) => {
      received = Buffer.concat([received, d]);
      tryParse(false);
    };
    socket.on('data', onData);
    socket.once('close', () => tryParse(true));
  });
  return { socket, response, closed, write };
}
