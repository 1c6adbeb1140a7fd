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
  type SiteSample,
  type Tick,
} from '@gigawatt/shared';
import type { Namespace, Socket } from 'socket.io';
import { ackedHandler, answerUnknownEvents } from '../ackedEvents.ts';
import { tokenMatches } from '../auth.ts';
import { AuthFailureLimiter, rateLimitedError } from '../http/authFailureLimiter.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { TickRing } from './tickRing.ts';

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const TICKS_ROOM = 'ticks';
const MAX_HALL_SUBSCRIPTIONS = 16;
/** Ten minutes of ticks for gap-free resume; longer gaps are filled from /api/history by the client. */
const RESUME_TICKS = 600;
/** A site with no sample for this long no longer holds back an early tick. */
const ACTIVE_SITE_MS = 5000;

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
 * The /live namespace: hello on connect, one tick per second for the whole fleet (socket.io encodes a
 * room broadcast once for all its members), rack columns for subscribed halls, and resume by seq.
 */
export class LiveFanout {
  private readonly ring = new TickRing(RESUME_TICKS);
  private lastEmittedSecond = -1;
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

  /** Alert changes go to every viewer (not only the tick room: a resuming viewer must not miss one). */
  emitAlerts(events: readonly AlertEvent[]): void {
    for (const e of events) this.nsp.emit('alert', e);
  }

  onRacks(wire: RackWire): void {
    if (this.isWatched(wire.site, wire.hall))
      this.nsp.to(racksRoom(wire.site, wire.hall)).emit('racks', wire);
  }

  /**
   * Called after each accepted sample: once every active site has reported second S, tick S goes out
   * at once instead of waiting for the timer, keeping sample-to-viewer latency low.
   */
  onSample(sample: SiteSample): void {
    const second = Math.floor(sample.t / 1000);
    if (second <= this.lastEmittedSecond) return;
    const now = this.now();
    if (second > Math.floor(now / 1000)) return;
    for (const s of this.store.latestSamples()) {
      if (s.t >= sample.t - ACTIVE_SITE_MS && Math.floor(s.t / 1000) < second) return;
    }
    this.emitTick(second);
  }

  /** Timer path: emits the tick of `second` if the early path has not. */
  emitTick(second: number): Tick | undefined {
    if (second <= this.lastEmittedSecond) return undefined;
    this.lastEmittedSecond = second;
    const sites = this.store.latestSamples();
    const tick: Tick = { t: second * 1000, seq: second, sites };
    this.ring.push(tick);
    this.nsp.to(TICKS_ROOM).emit('tick', tick);
    this.ticksSent++;
    return tick;
  }
}
