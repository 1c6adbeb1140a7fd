import {
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  ingestAuthSchema,
} from '@gigawatt/shared';
import type { Namespace } from 'socket.io';
import { tokenMatches } from '../auth.ts';
import type { IngestService } from './ingestService.ts';

/** Producers: token checked at the handshake, every event validated and acknowledged. */
export function attachIngestNamespace(
  nsp: Namespace<IngestClientToServerEvents, IngestServerToClientEvents>,
  ingest: IngestService,
  ingestToken: string,
): void {
  nsp.use((socket, next) => {
    const auth = ingestAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(new Error('unauthorized: an ingest token is required (auth: { token })'));
    if (!tokenMatches(auth.data.token, ingestToken))
      return next(new Error('unauthorized: invalid ingest token'));
    next();
  });
  nsp.on('connection', (socket) => {
    socket.on('sample', (payload, ack) => {
      const r = ingest.sample(payload);
      if (typeof ack === 'function') ack(r);
    });
    socket.on('racks', (payload, ack) => {
      const r = ingest.racks(payload);
      if (typeof ack === 'function') ack(r);
    });
  });
}
