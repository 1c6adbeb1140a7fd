import type {
  ClientToServerEvents,
  IngestClientToServerEvents,
  ServerToClientEvents,
} from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
// biome-ignore lint/complexity/noBannedTypes: a producer receives no events
export type IngestClient = Socket<{}, IngestClientToServerEvents>;

/**
 * The transports socket.io offers. Contract tests run over each one alone: a browser behind a proxy that
 * blocks upgrades stays on long-polling, and the server must serve it as well as a WebSocket.
 */
export const TRANSPORTS = ['websocket', 'polling'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface ConnectOptions {
  /** The only transport the client may use (default websocket); no upgrade, no fallback. */
  transport?: Transport;
}

const clientOptions = (opts: ConnectOptions) => ({
  transports: [opts.transport ?? 'websocket'],
  upgrade: false,
  reconnection: false,
  forceNew: true,
});

export function connectLive(
  url: string,
  auth: Record<string, unknown> = {},
  opts: ConnectOptions = {},
): LiveClient {
  return io(`${url}/live`, { auth, ...clientOptions(opts) });
}

export function connectIngest(
  url: string,
  token: string | undefined,
  opts: ConnectOptions = {},
): IngestClient {
  return io(`${url}/ingest`, { auth: token === undefined ? {} : { token }, ...clientOptions(opts) });
}

// biome-ignore lint/suspicious/noExplicitAny: the helpers only use reserved events, which every event map has
type AnySocket = Socket<any, any>;

export function connected(socket: AnySocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err: Error) => reject(err));
  });
}

export function connectError(socket: AnySocket): Promise<Error> {
  return new Promise((resolve) => socket.once('connect_error', (err: Error) => resolve(err)));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('waitFor timed out');
    await sleep(20);
  }
}
