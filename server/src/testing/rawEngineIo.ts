import { randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * Raw HTTP and WebSocket access to a server, below socket.io-client: hostile tests send what no
 * well-behaved client would (wrong methods, half bodies, garbage frames) and look at what comes back.
 */

export type RawResult =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: string }
  /** No answer within the time allowed (a long-poll with nothing to say is one). */
  | { kind: 'timeout' }
  /** The connection failed or was cut; `error` says how. */
  | { kind: 'error'; error: string };

export interface RawRequest {
  method: string;
  /** Path and query, sent as they are. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs?: number;
}

/** One request on its own connection; never rejects. */
export function rawHttp(baseUrl: string, req: RawRequest): Promise<RawResult> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: RawResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const r = request(
        {
          host: hostname.replace(/^\[|\]$/g, ''),
          port: Number(port),
          method: req.method,
          path: req.path,
          headers: req.headers ?? {},
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            finish({
              kind: 'response',
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('latin1'),
            }),
          );
          res.on('error', (e) => finish({ kind: 'error', error: e.message }));
        },
      );
      timer = setTimeout(() => {
        finish({ kind: 'timeout' });
        r.destroy();
      }, req.timeoutMs ?? 2000);
      r.on('error', (e) => finish({ kind: 'error', error: e.message }));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    } catch (e) {
      // Node's own client refuses some shapes (a method that is not a token, a path with spaces).
      finish({ kind: 'error', error: `client refused: ${(e as Error).message}` });
    }
  });
}

/** Writes bytes on a bare TCP connection and collects whatever comes back until close or timeout. */
export function rawSocket(
  baseUrl: string,
  chunks: readonly (string | Uint8Array)[],
  timeoutMs = 1000,
): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const end = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(got).toString('latin1'));
    };
    const timer = setTimeout(end, timeoutMs);
    socket.on('data', (d: Buffer) => got.push(d));
    socket.on('error', end);
    socket.on('close', end);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
  });
}

export const EIO_PATH = '/socket.io/';

/** Query string of an engine.io request (values are sent as given: they may be hostile on purpose). */
export function eioPath(params: Record<string, string>): string {
  return `${EIO_PATH}?${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')}`;
}

/** Opens an engine.io v4 polling session; the sid, or throws with what the server said. */
export async function pollingHandshake(baseUrl: string): Promise<string> {
  const r = await rawHttp(baseUrl, { method: 'GET', path: eioPath({ EIO: '4', transport: 'polling' }) });
  const m = r.kind === 'response' ? /^0(\{.*\})/.exec(r.body) : null;
  if (!m) throw new Error(`handshake failed: ${JSON.stringify(r)}`);
  return (JSON.parse(m[1]!) as { sid: string }).sid;
}

export const pollPath = (sid: string) => eioPath({ EIO: '4', transport: 'polling', sid });

/** engine.io v4 joins the packets of one polling payload with a record separator. */
export const PACKET_SEPARATOR = '\x1e';

/** Sends packets on a polling session, then polls once for what the server answered. */
export async function pollExchange(
  baseUrl: string,
  sid: string,
  packets: readonly string[],
  timeoutMs = 1500,
): Promise<{ post: RawResult; poll: RawResult }> {
  const post = await rawHttp(baseUrl, {
    method: 'POST',
    path: pollPath(sid),
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: packets.join(PACKET_SEPARATOR),
  });
  const poll = await rawHttp(baseUrl, { method: 'GET', path: pollPath(sid), timeoutMs });
  return { post, poll };
}

/** A masked WebSocket frame (RFC 6455 §5.2); `opts` make malformed ones on purpose. */
export function wsFrame(
  payload: string | Uint8Array,
  opts: { opcode?: number; fin?: boolean; mask?: boolean; rsv?: number; claimedLength?: bigint } = {},
): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const mask = opts.mask ?? true;
  const len = opts.claimedLength ?? BigInt(data.length);
  const head: number[] = [((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opts.opcode ?? 1)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push(m | Number(len));
  else if (len < 65536n) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

/** An HTTP upgrade request for a WebSocket on `path`; `headers` replace or remove (undefined) the usual ones. */
export function wsUpgradeRequest(path: string, headers: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = {
    Host: 'localhost',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Opens a WebSocket by hand and sends `frames` once the server switched protocols; returns what the
 * server sent (the 101 response, then its frames) until it closed or `timeoutMs` passed.
 */
export function wsSession(
  baseUrl: string,
  path: string,
  frames: readonly Uint8Array[],
  opts: { headers?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<{ upgraded: boolean; received: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    let upgraded = false;
    let closedByServer = false;
    const socket: Socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const end = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ upgraded, received: Buffer.concat(got).toString('latin1'), closedByServer });
    };
    const timer = setTimeout(end, opts.timeoutMs ?? 1500);
    socket.on('data', (d: Buffer) => {
      got.push(d);
      if (!upgraded && Buffer.concat(got).toString('latin1').startsWith('HTTP/1.1 101')) {
        upgraded = true;
        for (const f of frames) if (!socket.destroyed) socket.write(f);
      }
    });
    socket.on('error', end);
    socket.on('close', () => {
      closedByServer = true;
      end();
    });
    socket.on('connect', () => socket.write(wsUpgradeRequest(path, opts.headers)));
  });
}
