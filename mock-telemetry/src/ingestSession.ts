import type {
  Ack,
  IngestClientToServerEvents,
  IngestServerToClientEvents,
  RackWire,
  SiteSample,
} from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';

export type IngestSocket = Socket<IngestServerToClientEvents, IngestClientToServerEvents>;

/** Wall-clock access, injectable so tests can run many "seconds" quickly. */
export interface PublishClock {
  now(): number;
  /** Resolves after ms, or at once when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: PublishClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** The server refused the handshake (wrong or missing token); retrying cannot help. */
export class ConnectionRefusedError extends Error {
  override name = 'ConnectionRefusedError';
}

export const connectIngest = (url: string, token: string): IngestSocket =>
  io(`${url.replace(/\/+$/, '')}/ingest`, { auth: { token }, transports: ['websocket'] });

/**
 * Repeated identical complaints (a server refusing every sample, say) become one line plus a count,
 * so a misconfigured producer does not flood its terminal four lines a second.
 */
function makeComplainer(log: (line: string) => void, now: () => number) {
  let last = '';
  let since = 0;
  let repeats = 0;
  const flush = () => {
    if (repeats > 0) log(`  (last message repeated ${repeats} more time${repeats === 1 ? '' : 's'})`);
    repeats = 0;
  };
  return {
    say(line: string) {
      if (line === last && now() - since < 10_000) {
        repeats++;
        return;
      }
      flush();
      last = line;
      since = now();
      log(line);
    },
    flush,
  };
}

export interface IngestSessionOptions {
  url: string;
  token: string;
  signal?: AbortSignal;
  log: (line: string) => void;
  clock: PublishClock;
  ackTimeoutMs: number;
  connect?: (url: string, token: string) => IngestSocket;
}

/** One producer connection to /ingest: acknowledged sends, refusal and reconnect handling, pacing. */
export interface IngestSession {
  readonly connected: boolean;
  /** Set when the server refused the handshake or disconnected us: the producer must stop. */
  readonly fatal: Error | undefined;
  /** Events the server answered with { ok: false }, and events with no answer in time. */
  readonly refused: number;
  readonly unanswered: number;
  /** Resolves on the first connection, on abort or on a fatal error. */
  firstConnect(): Promise<void>;
  /**
   * Sleeps until the next whole wall-clock second and resolves with it (ms), or with undefined when
   * aborted or failed meanwhile.
   */
  nextSecond(): Promise<number | undefined>;
  sample(sample: SiteSample, what: string): void;
  racks(wire: RackWire, what: string): void;
  /** Waits for outstanding acks, disconnects and throws the fatal error, if any. */
  close(): Promise<void>;
  log(line: string): void;
}

/**
 * Connects a producer. A dropped connection is retried by socket.io; a refused handshake (bad token)
 * is final and surfaces as ConnectionRefusedError from close().
 */
export function openIngestSession(opts: IngestSessionOptions): IngestSession {
  const { signal, clock, ackTimeoutMs } = opts;
  const complain = makeComplainer(opts.log, clock.now);
  const socket = (opts.connect ?? connectIngest)(opts.url, opts.token);
  let fatal: Error | undefined;
  let refused = 0;
  let unanswered = 0;
  let wakeOnFatal: (() => void) | undefined;
  const fail = (err: Error) => {
    fatal ??= err;
    wakeOnFatal?.();
  };
  socket.on('connect_error', (err) => {
    // socket.io stops retrying only when the server's middleware refused us: that is final.
    if (!socket.active) fail(new ConnectionRefusedError(`connection refused by ${opts.url}: ${err.message}`));
    else complain.say(`cannot reach ${opts.url}/ingest (${err.message}); retrying`);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') fail(new Error(`disconnected by the server (${reason})`));
    else if (reason !== 'io client disconnect') complain.say(`connection lost (${reason}); reconnecting`);
  });
  socket.on('connect', () => opts.log(`connected to ${opts.url}/ingest`));

  const inflight = new Set<Promise<void>>();
  const track = (what: string, p: Promise<Ack>) => {
    const done = p.then(
      (ack) => {
        if (!ack.ok) {
          refused++;
          complain.say(`${what} refused: ${ack.error}`);
        }
      },
      () => {
        unanswered++;
        complain.say(`${what}: no acknowledgement within ${ackTimeoutMs} ms`);
      },
    );
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
  };

  return {
    get connected() {
      return socket.connected;
    },
    get fatal() {
      return fatal;
    },
    get refused() {
      return refused;
    },
    get unanswered() {
      return unanswered;
    },
    firstConnect: () =>
      new Promise<void>((resolve) => {
        if (socket.connected || signal?.aborted || fatal) return resolve();
        socket.once('connect', () => resolve());
        wakeOnFatal = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      }),
    async nextSecond() {
      if (signal?.aborted || fatal) return undefined;
      const now = clock.now();
      const next = Math.floor(now / 1000) * 1000 + 1000;
      await Promise.race([
        clock.sleep(next - now, signal),
        new Promise<void>((resolve) => {
          wakeOnFatal = resolve;
        }),
      ]);
      return signal?.aborted || fatal ? undefined : next;
    },
    sample: (sample, what) => track(what, socket.timeout(ackTimeoutMs).emitWithAck('sample', sample)),
    racks: (wire, what) => track(what, socket.timeout(ackTimeoutMs).emitWithAck('racks', wire)),
    async close() {
      try {
        await Promise.all(inflight);
      } finally {
        complain.flush();
        socket.disconnect();
      }
      if (fatal) throw fatal;
    },
    log: (line) => complain.say(line),
  };
}
