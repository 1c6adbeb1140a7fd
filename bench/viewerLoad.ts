import { Agent } from 'node:http';
import type { ClientToServerEvents, ServerToClientEvents } from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';

/** What the swarm and the probes need of a viewer (of the product's /live, or of the raw `ws` baseline). */
export interface Viewer {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  bytes: { tick: number; racks: number; other: number };
  latencies: number[];
  connected(): boolean;
  close(): void;
}

/**
 * A viewer that counts what arrives on the wire: engine.io hands every frame to the 'data' listener
 * as the text or binary payload, so this is the socket.io payload size (WebSocket framing, 2–10 bytes a
 * frame, not included). `localAddress` binds the connection to a loopback source address of its own
 * (behind nginx's `hash $remote_addr`, that is what spreads viewers over the nodes).
 */
export async function connectViewer(
  url: string,
  hall?: { site: string; hall: string },
  localAddress?: string,
): Promise<Viewer> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}/live`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    // engine.io-client types `agent` as string | boolean (for browser builds); in Node ws takes an http.Agent.
    ...(localAddress ? { agent: new Agent({ localAddress }) as unknown as boolean } : {}),
  });
  const v: Viewer = {
    socket,
    bytes: { tick: 0, racks: 0, other: 0 },
    latencies: [],
    connected: () => socket.connected,
    close: () => socket.close(),
  };
  let pendingBinaryFor: 'racks' | 'other' = 'other';
  // On connect the server re-sends its newest tick (a resuming viewer's catch-up), which is as old as the
  // moment in the second the viewer connected at: not a delivery latency. Live ticks have a higher seq.
  let helloSeq = Number.POSITIVE_INFINITY;
  socket.on('hello', (h) => {
    helloSeq = h.lastSeq;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const engine = socket.io.engine;
  engine.on('data', (data: string | ArrayBuffer | Buffer) => {
    if (typeof data === 'string') {
      const n = Buffer.byteLength(data) + 1; // + engine.io packet type
      if (data.includes('"tick"')) v.bytes.tick += n;
      else if (data.includes('"racks"')) {
        v.bytes.racks += n;
        pendingBinaryFor = 'racks';
      } else v.bytes.other += n;
    } else {
      v.bytes[pendingBinaryFor] += data.byteLength;
    }
  });
  socket.on('tick', (t) => {
    if (t.seq > helloSeq) v.latencies.push(Date.now() - t.t);
  });
  if (hall) {
    const ack = await socket.emitWithAck('subscribe', hall);
    if (!ack.ok) throw new Error(ack.error);
  }
  return v;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
