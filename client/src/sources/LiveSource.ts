import {
  API_PATHS,
  alertEventSchema,
  type ClientToServerEvents,
  checkRackValues,
  decodeRackWire,
  type HallRef,
  type HistoryResponse,
  helloSchema,
  PROTOCOL_VERSION,
  parseHistoryWire,
  parseTick,
  parseWith,
  rackWireSchema,
  type ServerToClientEvents,
  type Tick,
  withQuery,
} from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';
import { fetchJson } from '../api/apiClient.ts';
import { DEFAULT_LIVE_TRANSPORTS, type LiveTransport } from './liveTransports.ts';
import type {
  HistoryQuery,
  SourceCapability,
  SourceEvent,
  SourceListener,
  SourceStatus,
  TelemetrySource,
} from './TelemetrySource.ts';
import { createTickSequencer, type TickSequencer } from './tickSequencer.ts';

/** How the server's handshake refusal of another protocol version begins (shared protocolMismatch). */
const PROTOCOL_REFUSAL = /the server was upgraded/i;

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AuthCallback = (cb: (data: object) => void) => void;

export interface LiveSourceOptions {
  /** Origin of the server; empty for the page's own origin. */
  baseUrl?: string;
  token?: string;
  /** Connected but silent for longer than this → status `stale`. */
  staleAfterMs?: number;
  /** Ticks arriving within this window are handed over together (a resume re-sends hundreds at once). */
  batchMs?: number;
  fetch?: typeof fetch;
  createSocket?: (url: string, auth: AuthCallback) => LiveSocket;
  /** Transports of the default socket (see liveTransports.ts); ignored with `createSocket`. */
  transports?: readonly LiveTransport[];
  now?: () => number;
  /** After the server refuses the handshake (a token problem), try again this often: never log out. */
  authRetryMs?: number;
  /**
   * A connected socket silent for this long is broken in a way the transport has not noticed (a
   * half-open TCP connection after a network change): start a fresh one rather than wait for
   * socket.io's ping timeout. A healthy server sends a tick every second, data or not.
   */
  silentReconnectMs?: number;
}

/**
 * A hello whose clock is this far behind data already held comes from another timeline (a fast-clock
 * server that restarted, a different server behind the same address): nothing buffered applies.
 */
const TIMELINE_SLACK_MS = 2000;
/** Batch window when the server runs a fast clock (many ticks per wall second). */
const FAST_CLOCK_BATCH_MS = 250;

const hallKey = (ref: HallRef): string => `${ref.site}/${ref.hall}`;

function defaultSocket(url: string, auth: AuthCallback, transports: readonly LiveTransport[]): LiveSocket {
  return io(url, {
    auth,
    transports: [...transports],
    // With more than one transport, the next is tried when the first cannot connect at all.
    tryAllTransports: transports.length > 1,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
}

export class LiveSource implements TelemetrySource {
  readonly kind = 'live' as const;
  readonly capabilities: ReadonlySet<SourceCapability> = new Set<SourceCapability>(['rackDetail', 'history']);

  #status: SourceStatus = 'connecting';
  #listener: SourceListener | null = null;
  #socket: LiveSocket | null = null;
  #seq: TickSequencer = createTickSequencer();
  #queue: Tick[] = [];
  #pendingGap: { from: number; to: number } | null = null;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #lastTickAt = 0;
  #batchMs: number;
  #helloSeen = false;
  #warnedConnectError = false;
  #halls = new Map<string, { ref: HallRef; count: number }>();
  #pendingRelease = new Map<string, ReturnType<typeof setTimeout>>();
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #opts: Required<Omit<LiveSourceOptions, 'token' | 'transports'>> & { token: string | undefined };

  constructor(options: LiveSourceOptions = {}) {
    this.#opts = {
      baseUrl: options.baseUrl ?? '',
      token: options.token,
      staleAfterMs: options.staleAfterMs ?? 5000,
      batchMs: options.batchMs ?? 25,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      createSocket:
        options.createSocket ??
        ((url, auth) => defaultSocket(url, auth, options.transports ?? DEFAULT_LIVE_TRANSPORTS)),
      now: options.now ?? Date.now,
      authRetryMs: options.authRetryMs ?? 30_000,
      silentReconnectMs: options.silentReconnectMs ?? 15_000,
    };
    this.#batchMs = this.#opts.batchMs;
  }

  get status(): SourceStatus {
    return this.#status;
  }

  start(listener: SourceListener): void {
    if (this.#listener) throw new Error('LiveSource.start called twice');
    this.#listener = listener;
    this.#emit({ type: 'status', status: this.#status });
    // The function form of auth runs on every (re)connect, so the server always learns the newest seq.
    const auth: AuthCallback = (cb) => {
      const lastSeq = this.#seq.lastSeq;
      cb({
        // The server refuses another version with a sentence that says to reload (two-sided check).
        protocol: PROTOCOL_VERSION,
        ...(this.#opts.token ? { token: this.#opts.token } : {}),
        ...(lastSeq !== null ? { lastSeq } : {}),
      });
    };
    const socket = this.#opts.createSocket(`${this.#opts.baseUrl}/live`, auth);
    this.#socket = socket;
    socket.on('hello', (payload: unknown) => this.#onHello(payload));
    socket.on('tick', (payload: unknown) => this.#onTick(payload));
    socket.on('racks', (payload: unknown) => this.#onRacks(payload));
    socket.on('alert', (payload: unknown) => this.#onAlert(payload));
    socket.on('connect_error', (err: Error) => {
      if (!this.#warnedConnectError) console.warn(`[gigawatt] cannot reach the live feed: ${err.message}`);
      this.#warnedConnectError = true;
      if (socket.active) this.#setStatus(this.#helloSeen ? 'reconnecting' : 'connecting');
      else if (PROTOCOL_REFUSAL.test(err.message)) {
        // Not a token problem and not fixed by retrying: this page is older than the server.
        const why = err.message.slice(err.message.search(PROTOCOL_REFUSAL));
        this.#fail('protocol', `T${why.slice(1)}.`);
      } else {
        this.#fail('auth', `The server refused the live connection: ${err.message}`);
        // socket.io gives up after a refused handshake; a wall display must not (the token may be
        // fixed on the server side), so keep asking, slowly.
        this.#retryLater(this.#opts.authRetryMs);
      }
    });
    socket.on('disconnect', (reason) => {
      if (this.#status === 'failed' || reason === 'io client disconnect') return;
      this.#setStatus('reconnecting');
      // A server-side disconnect is not retried by socket.io; a viewer on a wall display must come back.
      if (reason === 'io server disconnect') this.#retryLater(1000);
    });
    this.#watchdog = setInterval(() => this.#checkStale(), 1000);
  }

  stop(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#watchdog) clearInterval(this.#watchdog);
    for (const t of this.#pendingRelease.values()) clearTimeout(t);
    this.#pendingRelease.clear();
    this.#flushTimer = null;
    this.#watchdog = null;
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#listener = null;
  }

  subscribeHall(ref: HallRef): () => void {
    const key = hallKey(ref);
    const pending = this.#pendingRelease.get(key);
    if (pending) {
      clearTimeout(pending);
      this.#pendingRelease.delete(key);
    }
    const entry = this.#halls.get(key);
    if (entry) entry.count++;
    else {
      this.#halls.set(key, { ref, count: 1 });
      if (!pending) this.#sendSubscribe(ref);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const e = this.#halls.get(key);
      if (!e) return;
      if (--e.count > 0) return;
      this.#halls.delete(key);
      // Deferred, so a quick release and re-subscribe (a re-render, React StrictMode) costs no round trip.
      this.#pendingRelease.set(
        key,
        setTimeout(() => {
          this.#pendingRelease.delete(key);
          if (!this.#halls.has(key)) this.#socket?.emit('unsubscribe', ref);
        }, 0),
      );
    };
  }

  async fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryResponse> {
    const path = withQuery(API_PATHS.history, {
      series: query.series.join(','),
      from: Math.floor(query.from),
      to: Math.ceil(query.to),
      maxPoints: Math.max(1, Math.floor(query.maxPoints)),
    });
    // Format 2 (one shared time column) from this version's server, per series from an older node.
    return fetchJson(path, parseHistoryWire, 'history request', {
      baseUrl: this.#opts.baseUrl,
      fetch: this.#opts.fetch,
      token: this.#opts.token,
      ...(signal ? { signal } : {}),
    });
  }

  #retryLater(ms: number): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      const socket = this.#socket;
      if (socket && !socket.connected) socket.connect();
    }, ms);
  }

  #emit(event: SourceEvent): void {
    this.#listener?.(event);
  }

  #setStatus(status: SourceStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#emit({ type: 'status', status });
  }

  #fail(kind: 'protocol' | 'auth', message: string): void {
    this.#setStatus('failed');
    this.#emit({ type: 'error', kind, message });
    this.#socket?.disconnect();
  }

  #onHello(payload: unknown): void {
    const parsed = parseWith(helloSchema, payload);
    if (!parsed.ok) {
      // A server that speaks another protocol may not even match today's hello schema; say so plainly.
      const protocol =
        payload && typeof payload === 'object' && 'protocol' in payload ? payload.protocol : undefined;
      if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
        this.#refuse(protocol);
        return;
      }
      console.warn(`[gigawatt] dropped a malformed hello: ${parsed.error}`);
      // Without a hello there is nothing to show: say why on screen instead of "connecting" forever.
      this.#emit({
        type: 'error',
        kind: 'payload',
        message: `The server's greeting does not match this dashboard (${parsed.error}). It may run another version; reload the page.`,
      });
      return;
    }
    const hello = parsed.value;
    if (hello.protocol !== PROTOCOL_VERSION) {
      this.#refuse(hello.protocol);
      return;
    }
    this.#helloSeen = true;
    this.#warnedConnectError = false;
    const lastT = this.#seq.lastT;
    if (lastT !== null && hello.serverTime < lastT - TIMELINE_SLACK_MS) {
      this.#seq = createTickSequencer();
      this.#queue = [];
      this.#pendingGap = null;
      if (this.#flushTimer) clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
      this.#emit({ type: 'reset' });
    }
    this.#seq.onHello(hello.lastSeq);
    // A fast server clock sends many ticks a second; handing them over a few times a second keeps
    // renders and chart redraws at a pace a reader (and a small wall PC) can follow.
    this.#batchMs =
      hello.clockRate > 1 ? Math.max(this.#opts.batchMs, FAST_CLOCK_BATCH_MS) : this.#opts.batchMs;
    this.#lastTickAt = this.#opts.now();
    this.#emit({
      type: 'hello',
      fleet: hello.fleet,
      serverTime: hello.serverTime,
      lastSeq: hello.lastSeq,
      alerts: hello.alerts,
      clockRate: hello.clockRate,
    });
    for (const { ref } of this.#halls.values()) this.#sendSubscribe(ref);
    this.#setStatus('live');
  }

  #refuse(serverProtocol: number): void {
    this.#fail(
      'protocol',
      `This dashboard speaks protocol version ${PROTOCOL_VERSION}, but the server speaks version ${serverProtocol}. ` +
        'Reload the page to load the dashboard that matches the server.',
    );
  }

  #onTick(payload: unknown): void {
    const parsed = parseTick(payload);
    if (!parsed.ok) {
      console.warn(`[gigawatt] dropped a malformed tick: ${parsed.error}`);
      return;
    }
    const tick = parsed.value;
    const { keep, gap } = this.#seq.accept(tick.seq, tick.t);
    if (!keep) return;
    if (gap) {
      this.#pendingGap = this.#pendingGap
        ? { from: Math.min(this.#pendingGap.from, gap.from), to: Math.max(this.#pendingGap.to, gap.to) }
        : gap;
    }
    this.#lastTickAt = this.#opts.now();
    this.#queue.push(tick);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#batchMs);
  }

  #flush(): void {
    this.#flushTimer = null;
    const ticks = this.#queue;
    this.#queue = [];
    const gap = this.#pendingGap;
    this.#pendingGap = null;
    if (ticks.length > 0) this.#emit({ type: 'ticks', ticks });
    if (gap) this.#emit({ type: 'gap', from: gap.from, to: gap.to });
    if (this.#status === 'stale' || this.#status === 'connecting' || this.#status === 'reconnecting') {
      if (this.#socket?.connected) this.#setStatus('live');
    }
  }

  #onRacks(payload: unknown): void {
    const parsed = parseWith(rackWireSchema, payload);
    if (!parsed.ok) {
      console.warn(`[gigawatt] dropped a malformed racks message: ${parsed.error}`);
      return;
    }
    if (!this.#halls.has(hallKey(parsed.value))) return;
    const block = decodeRackWire(parsed.value);
    const bad = checkRackValues(block);
    if (bad) {
      console.warn(`[gigawatt] dropped racks of ${block.site}/${block.hall}: ${bad}`);
      return;
    }
    this.#emit({ type: 'racks', block });
  }

  #onAlert(payload: unknown): void {
    const parsed = parseWith(alertEventSchema, payload);
    if (!parsed.ok) {
      console.warn(`[gigawatt] dropped a malformed alert: ${parsed.error}`);
      return;
    }
    this.#emit({ type: 'alert', event: parsed.value });
  }

  #sendSubscribe(ref: HallRef): void {
    const socket = this.#socket;
    if (!socket?.connected) return; // sent again after the next hello
    socket.emit('subscribe', ref, (ack) => {
      if (ack && !ack.ok)
        console.warn(`[gigawatt] rack subscription to ${hallKey(ref)} refused: ${ack.error}`);
    });
  }

  #checkStale(): void {
    const silentMs = this.#opts.now() - this.#lastTickAt;
    if (this.#status === 'live' && silentMs > this.#opts.staleAfterMs) this.#setStatus('stale');
    const socket = this.#socket;
    if (this.#status === 'stale' && silentMs > this.#opts.silentReconnectMs && socket?.connected) {
      this.#lastTickAt = this.#opts.now(); // one fresh attempt per silent window
      this.#setStatus('reconnecting');
      socket.disconnect();
      socket.connect();
    }
  }
}
