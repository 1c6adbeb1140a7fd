import type { Server } from 'socket.io';

/** Each namespace's name and the engine.io connections of its clients (`socket.conn`). */
export type SocketIoClients = Iterable<readonly [string, Iterable<unknown>]>;

/** The clients of some namespaces of a socket.io server, for the socket.io gauges. */
export function socketIoClients(io: Server, namespaces: readonly string[]): SocketIoClients {
  return namespaces.map((name) => [name, [...io.of(name).sockets.values()].map((s) => s.conn)] as const);
}

/**
 * What engine.io keeps private but a slow client shows in: packets in the connection's write buffer (not
 * yet handed to the transport: a polling client between two polls, a websocket still sending the last
 * batch) and, on websocket, the bytes ws has queued but the kernel has not taken.
 */
interface EngineConnInternals {
  writeBuffer?: readonly { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: unknown } };
}

const sizeOf = (data: unknown): number => {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
};

/** Bytes queued for one client (`socket.conn`) and not yet handed to the kernel. */
export function sendBacklogBytes(conn: unknown): number {
  // engine.io declares both fields private; read them structurally, tolerating their absence.
  const c = conn as EngineConnInternals;
  let bytes = 0;
  for (const packet of c.writeBuffer ?? []) bytes += sizeOf(packet.data);
  const buffered = c.transport?.socket?.bufferedAmount;
  if (typeof buffered === 'number') bytes += buffered;
  return bytes;
}
