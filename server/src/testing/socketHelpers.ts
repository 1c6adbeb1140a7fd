import type {
  ClientToServerEvents,
  IngestClientToServerEvents,
  ServerToClientEvents,
} from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
// biome-ignore lint/complexity/noBannedTypes: a producer receives no events
export type IngestClient = Socket<{}, IngestClientToServerEvents>;

export function connectLive(url: string, auth: Record<string, unknown> = {}): LiveClient {
  return io(`${url}/live`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
}

export function connectIngest(url: string, token: string | undefined): IngestClient {
  return io(`${url}/ingest`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
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
