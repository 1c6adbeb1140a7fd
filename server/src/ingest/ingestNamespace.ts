import {
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  ingestAuthSchema,
} from '@gigawatt/shared';
import type { Namespace } from 'socket.io';
import { ackedHandler, answerUnknownEvents } from '../ackedEvents.ts';
import { tokenMatches } from '../auth.ts';
import { AuthFailureLimiter, rateLimitedError } from '../http/authFailureLimiter.ts';
import type { IngestService } from './ingestService.ts';

/** Producers: token checked at the handshake, every event validated and acknowledged. */
export function attachIngestNamespace(
  nsp: Namespace<IngestClientToServerEvents, IngestServerToClientEvents>,
  ingest: IngestService,
  ingestToken: string,
  /** Shared with the HTTP API, so an address's wrong tokens count once wherever they are tried. */
  authLimiter: AuthFailureLimiter = new AuthFailureLimiter(),
): void {
  nsp.use((socket, next) => {
    const auth = ingestAuthSchema.safeParse(socket.handshake.auth ?? {});
    const valid = auth.success && tokenMatches(auth.data.token, ingestToken);
    const presented = auth.success && auth.data.token !== '';
    const verdict = authLimiter.attempt(socket.handshake.address, valid, presented);
    if (verdict.outcome === 'ok') return next();
    ingest.countUnauthorized();
    if (verdict.outcome === 'limited') return next(rateLimitedError(verdict.retryAfterS));
    if (!presented) return next(new Error('unauthorized: an ingest token is required (auth: { token })'));
    next(new Error('unauthorized: invalid ingest token'));
  });
  nsp.on('connection', (socket) => {
    socket.on(
      'sample',
      ackedHandler('sample', (payload) => ingest.sample(payload)),
    );
    socket.on(
      'racks',
      ackedHandler('racks', (payload) => ingest.racks(payload)),
    );
    answerUnknownEvents(socket, ['sample', 'racks']);
  });
}
