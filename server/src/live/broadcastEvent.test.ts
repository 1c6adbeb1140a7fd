import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { connected, waitFor } from '../testing/socketHelpers.ts';
import { broadcastEvent, eventPacket, textFrameHeader } from './broadcastEvent.ts';

describe('textFrameHeader', () => {
  it("is ws's own header for an unmasked final text frame, at every length class", () => {
    const wsHeader = (n: number): Buffer =>
      // ws's Sender.frame(): [header, data] for a server's (unmasked) frame; its types omit the class.
      (ws as unknown as { Sender: { frame(d: Buffer, o: object): Buffer[] } }).Sender.frame(Buffer.alloc(n), {
        readOnly: false,
        mask: false,
        rsv1: false,
        opcode: 1,
        fin: true,
      })[0]!;
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000])
      expect(textFrameHeader(n)).toEqual(wsHeader(n));
    fc.assert(
      fc.property(fc.nat(200_000), (n) => {
        expect(textFrameHeader(n)).toEqual(wsHeader(n));
      }),
      { numRuns: 200 },
    );
  });
});

describe('broadcastEvent', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  async function serve() {
    const http = createServer();
    const ioServer = new Server(http, { serveClient: false });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const nsp = ioServer.of('/live');
    nsp.on('connection', (s) => {
      if (s.handshake.auth.join !== false) s.join('ticks');
    });
    cleanup.push(() => {
      ioServer.close();
      http.close();
    });
    const viewer = async (transport: 'websocket' | 'polling', join = true) => {
      const socket: Socket = io(`${url}/live`, {
        transports: [transport],
        forceNew: true,
        reconnection: false,
        auth: { join },
      });
      cleanup.push(() => socket.close());
      const got: { event: string; args: unknown[] }[] = [];
      socket.onAny((event: string, ...args: unknown[]) => got.push({ event, args }));
      await connected(socket);
      await waitFor(() => (nsp.sockets.size > 0 ? true : undefined));
      return { socket, got };
    };
    return { nsp, viewer };
  }

  it('reaches every viewer of the room once, over WebSocket (written directly) and long-polling (through engine.io), in order', async () => {
    const { nsp, viewer } = await serve();
    const ws = await viewer('websocket');
    const polling = await viewer('polling');
    const outside = await viewer('websocket', false);
    await waitFor(() => (nsp.adapter.rooms.get('ticks')?.size === 2 ? true : undefined));
    const payload = { t: 1_800_000_000_000, seq: 7, sites: [{ site: 'ohio', note: 'é ✓ "quoted"' }] };
    // Something sent to a viewer just before stays ahead of the broadcast.
    for (const s of nsp.sockets.values()) s.emit('alert', { first: true });
    expect(broadcastEvent(nsp, 'ticks', 'tick', payload)).toEqual({ direct: 1, viaEngine: 1 });
    expect(broadcastEvent(nsp, 'ticks', 'tick', { ...payload, seq: 8 })).toEqual({ direct: 1, viaEngine: 1 });
    for (const v of [ws, polling]) {
      await waitFor(() => (v.got.length === 3 ? true : undefined));
      expect(v.got).toEqual([
        { event: 'alert', args: [{ first: true }] },
        { event: 'tick', args: [payload] },
        { event: 'tick', args: [{ ...payload, seq: 8 }] },
      ]);
    }
    expect(ws.socket.io.engine.transport.name).toBe('websocket');
    expect(polling.socket.io.engine.transport.name).toBe('polling');
    await waitFor(() => (outside.got.length === 1 ? true : undefined));
    expect(outside.got).toEqual([{ event: 'alert', args: [{ first: true }] }]);
  });

  it('goes through engine.io behind whatever engine.io still holds for a viewer', async () => {
    const { nsp, viewer } = await serve();
    const ws = await viewer('websocket');
    const socket = [...nsp.sockets.values()][0]!;
    const conn = socket.conn as unknown as { transport: { writable: boolean } };
    // A transport still writing: engine.io keeps the next packet in its buffer until it has written.
    conn.transport.writable = false;
    socket.emit('alert', { held: true });
    expect(broadcastEvent(nsp, 'ticks', 'tick', { seq: 1 })).toEqual({ direct: 0, viaEngine: 1 });
    conn.transport.writable = true;
    (socket.conn as unknown as { flush(): void }).flush();
    await waitFor(() => (ws.got.length === 2 ? true : undefined));
    expect(ws.got).toEqual([
      { event: 'alert', args: [{ held: true }] },
      { event: 'tick', args: [{ seq: 1 }] },
    ]);
  });

  it("writes socket.io's own packet", () => {
    expect(eventPacket('/live', 'tick', { a: [1, 'x'] })).toBe('2/live,["tick",{"a":[1,"x"]}]');
    expect(eventPacket('/', 'tick', 1)).toBe('2["tick",1]');
  });
});
