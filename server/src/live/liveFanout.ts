import {
  type Ack,
  type Alert,
  type AlertEvent,
  type ClientToServerEvents,
  type FleetConfig,
  hallRefSchema,
  liveAuthSchema,
  PROTOCOL_VERSION,
  parseWith,
  type RackWire,
  type ServerToClientEvents,
  type Tick,
} from '@gigawatt/shared';
import type { Namespace, Socket } from 'socket.io';
import { ackedHandler, answerUnknownEvents } from '../ackedEvents.ts';
import { tokenMatches } from '../auth.ts';
import { AuthFailureLimiter, rateLimitedError } from '../http/authFailureLimiter.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { broadcastEvent } from './broadcastEvent.ts';
import { TickRing } from './tickRing.ts';

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const TICKS_ROOM = 'ticks';
const MAX_HALL_SUBSCRIPTIONS = 16;
/** Ten minutes of ticks for gap-free resume; longer gaps are filled from /api/history by the client. */
const RESUME_TICKS = 600;

const racksRoom = (site: string, hall: string) => `racks:${site}:${hall}`;

export interface LiveFanoutOptions {
  viewerToken: string | undefined;
  /** Open alerts, sent in hello so a display that (re)connects shows them at once. */
  activeAlerts: () => Alert[];
  now?: () => number;
  clockRate?: number;
  /** Shared with the HTTP API and /ingest, so an address's wrong tokens count once wherever tried. */
  authLimiter?: AuthFailureLimiter;
}

/**
 * The /live namespace: hello on connect, one tick per second for the whole fleet (encoded once for all
 * the room's viewers), rack columns for subscribed halls, and resume by seq. It
 * delivers ticks; it does not decide when a second is due (TickDriver does).
 *
 * Scale-out: one node (the lease holder) builds the ticks and every node delivers the same ones (seq and
 * values), so a viewer can resume on any node. Ticks and racks go to this node's viewers only
 * (`nsp.local`: each node gets them from the bus); alerts go through the namespace's adapter, which
 * reaches every node's viewers.
 */
export class LiveFanout {
  private readonly ring = new TickRing(RESUME_TICKS);
  private readonly now: () => number;
  private readonly activeAlerts: () => Alert[];
  private readonly clockRate: number;
  ticksSent = 0;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly store: TelemetryStore,
    private readonly fleet: FleetConfig,
    opts: LiveFanoutOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.activeAlerts = opts.activeAlerts;
    this.clockRate = opts.clockRate ?? 1;
    const authLimiter = opts.authLimiter ?? new AuthFailureLimiter();
    nsp.use((socket, next) => {
      const auth = parseWith(liveAuthSchema, socket.handshake.auth ?? {});
      if (!auth.ok) return next(new Error(`invalid handshake: ${auth.error}`));
      if (!opts.viewerToken) return next();
      const { token } = auth.value;
      const verdict = authLimiter.attempt(
        socket.handshake.address,
        tokenMatches(token, opts.viewerToken),
        token !== undefined && token !== '',
      );
      if (verdict.outcome === 'limited') return next(rateLimitedError(verdict.retryAfterS));
      if (verdict.outcome === 'refused')
        return next(new Error('unauthorized: a valid viewer token is required'));
      next();
    });
    nsp.on('connection', (socket) => this.onConnection(socket));
  }

  get viewerCount(): number {
    return this.nsp.sockets.size;
  }

  get lastSeq(): number {
    return this.ring.last?.seq ?? 0;
  }

  private onConnection(socket: LiveSocket): void {
    const auth = liveAuthSchema.safeParse(socket.handshake.auth ?? {});
    const lastSeq = auth.success ? auth.data.lastSeq : undefined;
    socket.emit('hello', {
      protocol: PROTOCOL_VERSION,
      serverTime: this.now(),
      fleet: this.fleet,
      lastSeq: this.lastSeq,
      alerts: this.activeAlerts(),
      clockRate: this.clockRate,
    });
    // Missed ticks go out before the socket joins the broadcast room, so order by seq holds.
    if (lastSeq !== undefined) for (const tick of this.ring.since(lastSeq)) socket.emit('tick', tick);
    else if (this.ring.last) socket.emit('tick', this.ring.last);
    socket.join(TICKS_ROOM);

    const halls = new Set<string>();
    socket.on(
      'subscribe',
      ackedHandler('subscribe', (ref) => this.subscribe(socket, halls, ref)),
    );
    socket.on(
      'unsubscribe',
      ackedHandler('unsubscribe', (ref) => {
        const parsed = parseWith(hallRefSchema, ref);
        if (!parsed.ok) return { ok: false, error: `invalid unsubscribe: ${parsed.error}` };
        const room = racksRoom(parsed.value.site, parsed.value.hall);
        halls.delete(room);
        socket.leave(room);
        return { ok: true };
      }),
    );
    answerUnknownEvents(socket, ['subscribe', 'unsubscribe']);
  }

  private subscribe(socket: LiveSocket, halls: Set<string>, ref: unknown): Ack {
    const parsed = parseWith(hallRefSchema, ref);
    if (!parsed.ok) return { ok: false, error: `invalid subscribe: ${parsed.error}` };
    const { site, hall } = parsed.value;
    if (!this.store.idx.hall(site, hall)) return { ok: false, error: `unknown hall "${site}/${hall}"` };
    const room = racksRoom(site, hall);
    if (!halls.has(room) && halls.size >= MAX_HALL_SUBSCRIPTIONS) {
      return { ok: false, error: `at most ${MAX_HALL_SUBSCRIPTIONS} hall subscriptions per viewer` };
    }
    halls.add(room);
    socket.join(room);
    const latest = this.store.latestRacks(site, hall);
    if (latest) socket.emit('racks', latest);
    return { ok: true };
  }

  /** Whether anyone watches a hall's racks (the simulator computes racks only when asked, if so configured). */
  isWatched(site: string, hall: string): boolean {
    return (this.nsp.adapter.rooms.get(racksRoom(site, hall))?.size ?? 0) > 0;
  }

  /**
   * Alert changes go to every viewer (not only the tick room: a resuming viewer must not miss one): of
   * every node through the namespace's adapter, or (`localOnly`) of this node.
   */
  emitAlerts(events: readonly AlertEvent[], localOnly = false): void {
    const to = localOnly ? this.nsp.local : this.nsp;
    for (const e of events) to.emit('alert', e);
  }

  onRacks(wire: RackWire): void {
    if (this.isWatched(wire.site, wire.hall))
      this.nsp.local.to(racksRoom(wire.site, wire.hall)).emit('racks', wire);
  }

  /** Ticks this node has delivered with seq > afterSeq, oldest first (at most the resume ring). */
  ticksSince(afterSeq: number): Tick[] {
    return this.ring.since(afterSeq);
  }

  /**
   * A tick built here (TickDriver) or by another node (scale-out) goes to this node's viewers (encoded
   * once, see broadcastEvent) and the resume ring, unless this node already delivered that seq or a newer one.
   */
  deliverTick(tick: Tick): boolean {
    const last = this.ring.last;
    if (last && tick.seq <= last.seq) return false;
    this.ring.push(tick);
    broadcastEvent(this.nsp, TICKS_ROOM, 'tick' satisfies keyof ServerToClientEvents, tick);
    this.ticksSent++;
    return true;
  }
}
