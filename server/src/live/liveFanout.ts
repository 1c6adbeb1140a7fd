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
/** Recent live samples kept per site, so a tick built late (a new lease holder catching up) shows its own second. */
const RECENT_PER_SITE = 64;

const racksRoom = (site: string, hall: string) => `racks:${site}:${hall}`;

export interface LiveFanoutOptions {
  viewerToken: string | undefined;
  /** Open alerts, sent in hello so a display that (re)connects shows them at once. */
  activeAlerts: () => Alert[];
  now?: () => number;
  clockRate?: number;
  /** Shared with the HTTP API and /ingest, so an address's wrong tokens count once wherever tried. */
  authLimiter?: AuthFailureLimiter;
  /** Scale-out: every tick built here also goes to the other nodes, which deliver it with acceptTick. */
  onTickBuilt?: (tick: Tick) => void;
}

/**
 * The /live namespace: hello on connect, one tick per second for the whole fleet (socket.io encodes a
 * room broadcast once for all its members), rack columns for subscribed halls, and resume by seq.
 *
 * Scale-out: one node (the lease holder) builds the ticks and every node delivers the same ones (seq and
 * values), so a viewer can resume on any node. Ticks and racks go to this node's viewers only
 * (`nsp.local`: each node gets them from the bus); alerts go through the namespace's adapter, which
 * reaches every node's viewers.
 */
export class LiveFanout {
  private readonly ring = new TickRing(RESUME_TICKS);
  private lastBuiltSecond = -1;
  private readonly now: () => number;
  private readonly activeAlerts: () => Alert[];
  private readonly clockRate: number;
  private readonly onTickBuilt: ((tick: Tick) => void) | undefined;
  private readonly recent = new Map<string, SiteSample[]>();
  ticksSent = 0;
  /**
   * Whether this node builds ticks: always on a single node; in a cluster, the lease holder, and a node
   * cut off from Redis (its viewers keep getting its own ticks).
   */
  building = true;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly store: TelemetryStore,
    private readonly fleet: FleetConfig,
    opts: LiveFanoutOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.activeAlerts = opts.activeAlerts;
    this.clockRate = opts.clockRate ?? 1;
    this.onTickBuilt = opts.onTickBuilt;
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

  /**
   * Called after each accepted sample: once every active site has reported second S, tick S goes out
   * at once instead of waiting for the timer, keeping sample-to-viewer latency low.
   */
  onSample(sample: SiteSample): void {
    this.remember(sample);
    if (!this.building) return;
    const second = Math.floor(sample.t / 1000);
    if (second <= this.lastBuiltSecond) return;
    const now = this.now();
    if (second > Math.floor(now / 1000)) return;
    for (const s of this.store.latestSamples()) {
      if (s.t >= sample.t - ACTIVE_SITE_MS && Math.floor(s.t / 1000) < second) return;
    }
    this.emitTick(second);
  }

  /** Timer path: emits the tick of `second` if the early path has not. */
  emitTick(second: number): Tick | undefined {
    if (!this.building || second <= this.lastBuiltSecond) return undefined;
    return this.build(second, this.store.latestSamples());
  }

  /**
   * A new lease holder: builds the ticks of the seconds from `from` to `to` that no node built (its
   * predecessor died), each from the samples of its own second. Returns how many it built.
   */
  catchUp(from: number, to: number): number {
    let built = 0;
    for (let s = Math.max(from, this.lastBuiltSecond + 1); s <= to; s++) {
      this.build(s, this.sitesAsOf(s));
      built++;
    }
    return built;
  }

  /** Ticks this node has delivered with seq > afterSeq, oldest first (at most the resume ring). */
  ticksSince(afterSeq: number): Tick[] {
    return this.ring.since(afterSeq);
  }

  /** A tick another node built (scale-out): delivered unless this node already has its seq. */
  acceptTick(tick: Tick): boolean {
    this.lastBuiltSecond = Math.max(this.lastBuiltSecond, tick.seq);
    return this.deliver(tick);
  }

  private build(second: number, sites: SiteSample[]): Tick {
    this.lastBuiltSecond = second;
    const tick: Tick = { t: second * 1000, seq: second, sites };
    // To the other nodes first: their viewers should not wait for this node's own fan-out.
    this.onTickBuilt?.(tick);
    this.deliver(tick);
    return tick;
  }

  private deliver(tick: Tick): boolean {
    const last = this.ring.last;
    if (last && tick.seq <= last.seq) return false;
    this.ring.push(tick);
    this.nsp.local.to(TICKS_ROOM).emit('tick', tick);
    this.ticksSent++;
    return true;
  }

  private remember(sample: SiteSample): void {
    let list = this.recent.get(sample.site);
    if (!list) {
      list = [];
      this.recent.set(sample.site, list);
    }
    const last = list[list.length - 1];
    if (last && sample.t <= last.t) return;
    list.push(sample);
    if (list.length > RECENT_PER_SITE) list.shift();
  }

  /** Each site's newest sample of `second` or before (a site with none that old is left out). */
  private sitesAsOf(second: number): SiteSample[] {
    const end = (second + 1) * 1000;
    const out: SiteSample[] = [];
    for (const site of this.fleet.sites) {
      const list = this.recent.get(site.id) ?? [];
      let pick: SiteSample | undefined;
      for (let i = list.length - 1; i >= 0 && !pick; i--) if (list[i]!.t < end) pick = list[i];
      const latest = this.store.latestSample(site.id);
      if (!pick && list.length === 0 && latest && latest.t < end) pick = latest;
      if (pick) out.push(pick);
    }
    return out;
  }
}
