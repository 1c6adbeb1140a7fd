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

/** How the test server mishandles one sample: lose it unseen, or keep it and lose only the ack. */
export type SampleFault = 'lose' | 'lose-ack' | undefined;

/** What a test ingest server received, and switches to make it refuse, lose or go away. */
export interface TestIngestServer {
  url: string;
  /** Samples kept, in arrival order: one per site and second (repeats are answered as duplicates). */
  samples: SiteSample[];
  /** Every sample event that arrived, repeats included. */
  received: SiteSample[];
  /** Rack blocks kept (newer than the hall's newest; older ones are answered as stale). */
  racks: RackWire[];
  refuseSites: Set<string>;
  /** Consulted for every sample event that arrives; undefined handles it normally. */
  fault: (sample: SiteSample) => SampleFault;
  /** Producers connected to /ingest now. */
  readonly connections: number;
  /** Drops every producer connection and refuses new ones (as a server that is down) until up(). */
  down(): void;
  up(): void;
  /** Forgets everything received (and which seconds it holds) and is up again, for the next test. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A minimal stand-in for the Gigawatt server's /ingest namespace (token check at the handshake,
 * schema-validated events, acks with the ingest gate's outcomes: one sample per site and second, rack
 * blocks live only), for testing producers without depending on the server package.
 */
export async function startTestIngestServer(token: string): Promise<TestIngestServer> {
  let isDown = false;
  const http = createServer();
  const io = new Server<IngestClientToServerEvents, IngestServerToClientEvents>(http, {
    // Refused at the engine.io handshake, so the client keeps retrying (unlike a refused token).
    allowRequest: (_req, callback) => callback(isDown ? 'server down' : null, !isDown),
  });
  const nsp = io.of('/ingest');
  const seen = new Set<string>();
  const newest = new Map<string, number>();
  const server: TestIngestServer = {
    url: '',
    samples: [],
    received: [],
    racks: [],
    refuseSites: new Set(),
    fault: () => undefined,
    get connections() {
      return nsp.sockets.size;
    },
    down() {
      isDown = true;
      for (const socket of nsp.sockets.values()) socket.conn.close();
    },
    up() {
      isDown = false;
    },
    reset() {
      isDown = false;
      for (const list of [server.samples, server.received, server.racks]) list.length = 0;
      seen.clear();
      newest.clear();
      server.fault = () => undefined;
    },
    close: () => io.close().then(() => undefined),
  };
  nsp.use((socket, next) => {
    if (socket.handshake.auth.token !== token) return next(new Error('unauthorized: invalid ingest token'));
    next();
  });
  nsp.on('connection', (socket) => {
    socket.on('sample', (payload, ack: (a: Ack) => void) => {
      const parsed = siteSampleSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: 'invalid sample' });
      const s = parsed.data;
      server.received.push(s);
      const fault = server.fault(s);
      if (fault === 'lose') return;
      if (server.refuseSites.has(s.site)) return ack({ ok: false, error: `site ${s.site} is paused` });
      const key = `${s.site}@${Math.floor(s.t / 1000)}`;
      let answer: Ack;
      if (seen.has(key)) answer = { ok: true, outcome: 'duplicate' };
      else {
        seen.add(key);
        server.samples.push(s);
        const late = s.t < (newest.get(s.site) ?? Number.NEGATIVE_INFINITY);
        if (!late) newest.set(s.site, s.t);
        answer = { ok: true, outcome: late ? 'late' : 'live' };
      }
      if (fault !== 'lose-ack') ack(answer);
    });
    socket.on('racks', (payload, ack: (a: Ack) => void) => {
      const parsed = rackWireSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: 'invalid racks' });
      const key = `${parsed.data.site}/${parsed.data.hall}`;
      if (parsed.data.t <= (newest.get(key) ?? Number.NEGATIVE_INFINITY)) {
        return ack({ ok: true, outcome: 'stale' });
      }
      newest.set(key, parsed.data.t);
      server.racks.push(parsed.data);
      ack({ ok: true, outcome: 'live' });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return server;
}
