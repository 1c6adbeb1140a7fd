import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Ack,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  type RackWire,
  rackWireSchema,
  type SiteSample,
  siteSampleSchema,
} from '@gigawatt/shared';
import { Server } from 'socket.io';

/** What a test ingest server received, and a switch to make it refuse a site's samples. */
export interface TestIngestServer {
  url: string;
  samples: SiteSample[];
  racks: RackWire[];
  refuseSites: Set<string>;
  close(): Promise<void>;
}

/**
 * A minimal stand-in for the Gigawatt server's /ingest namespace (token check at the handshake,
 * schema-validated events, acks), for testing producers without depending on the server package.
 */
export async function startTestIngestServer(token: string): Promise<TestIngestServer> {
  const http = createServer();
  const io = new Server<IngestClientToServerEvents, IngestServerToClientEvents>(http);
  const state: Omit<TestIngestServer, 'url' | 'close'> = { samples: [], racks: [], refuseSites: new Set() };
  const nsp = io.of('/ingest');
  nsp.use((socket, next) => {
    if (socket.handshake.auth.token !== token) return next(new Error('unauthorized: invalid ingest token'));
    next();
  });
  nsp.on('connection', (socket) => {
    socket.on('sample', (payload, ack: (a: Ack) => void) => {
      const parsed = siteSampleSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: 'invalid sample' });
      if (state.refuseSites.has(parsed.data.site)) {
        return ack({ ok: false, error: `site ${parsed.data.site} is paused` });
      }
      state.samples.push(parsed.data);
      ack({ ok: true });
    });
    socket.on('racks', (payload, ack: (a: Ack) => void) => {
      const parsed = rackWireSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: 'invalid racks' });
      state.racks.push(parsed.data);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    ...state,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => io.close().then(() => undefined),
  };
}
