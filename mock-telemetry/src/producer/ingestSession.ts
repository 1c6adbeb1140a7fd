import type {
  Ack,
  IngestClientToServerEvents,
  IngestServerToClientEvents,
  RackWire,
  SiteSample,
} from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';
import { type BacklogEntry, SampleBacklog } from './sampleBacklog.ts';

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

/** What a producer keeps while the server is unreachable, by default: 10 minutes of samples. */
export const DEFAULT_BUFFER_MS = 10 * 60_000;
/**
 * Samples sent and not yet acknowledged, at most: a backlog drains at the pace of the server's acks
 * instead of piling into the socket's write buffer.
 */
const SEND_WINDOW = 256;
/** Samples sent per event-loop turn, at most, so draining a backlog never holds up the next second. */
const SEND_BATCH = 128;

/** Counters of one producer connection, copied into the producer's own stats when it stops. */
export interface DeliveryStats {
  /** Samples produced (each sent, buffered or, when the buffer was full, dropped). */
  samples: number;
  /** Rack blocks sent. */
  rackBlocks: number;
  /** Rack blocks not sent because the connection was down: rack detail is live only, never buffered. */
  rackBlocksSkipped: number;
  /** Samples produced while the server was unreachable, kept to send on reconnect. */
  buffered: number;
  /** Sends of a sample after its first: its ack timed out or the connection dropped before it came. */
  resent: number;
  /** Samples dropped, oldest first, because the buffer was full: these seconds are lost. */
  dropped: number;
  /** Samples not acknowledged when the producer stopped (the server was unreachable at the end). */
  undelivered: number;
  /** Events the server answered with { ok: false }: refused, not resent. */
  refused: number;
  /** Events with no answer within the ack timeout or before the connection dropped. */
  unanswered: number;
  /** Samples the server kept as late data (history only), and repeats it already held. */
  late: number;
  duplicates: number;
  /** Rack blocks older than the hall's newest, which the server answered as stale. */
  stale: number;
}

export const emptyDeliveryStats = (): DeliveryStats => ({
  samples: 0,
  rackBlocks: 0,
  rackBlocksSkipped: 0,
  buffered: 0,
  resent: 0,
  dropped: 0,
  undelivered: 0,
  refused: 0,
  unanswered: 0,
  late: 0,
  duplicates: 0,
  stale: 0,
});

/** A producer's connection, as publish and replay take it. */
export interface IngestSessionOptions {
  /** Server base URL; the producer namespace `/ingest` is appended. */
  url: string;
  token: string;
  signal?: AbortSignal;
  /** Where it reports (default: stderr). */
  log?: (line: string) => void;
  clock?: PublishClock;
  /** How long a sent sample waits for its ack before it is sent again (default 5 s). */
  ackTimeoutMs?: number;
  /** Sample time kept while the server is unreachable, resent on reconnect (default 10 minutes). */
  bufferMs?: number;
  connect?: (url: string, token: string) => IngestSocket;
}

/** One producer connection to /ingest: buffered, acknowledged sends, refusal and reconnect handling, pacing. */
export interface IngestSession {
  readonly connected: boolean;
  /** Set when the server refused the handshake or disconnected us: the producer must stop. */
  readonly fatal: Error | undefined;
  /** Live counters (final once close() has returned). */
  readonly stats: Readonly<DeliveryStats>;
  /** Resolves on the first connection, on abort or on a fatal error. */
  firstConnect(): Promise<void>;
  /**
   * Sleeps until the next whole wall-clock second and resolves with it (ms), or with undefined when
   * aborted or failed meanwhile.
   */
  nextSecond(): Promise<number | undefined>;
  /**
   * Queues a sample; it is sent after every older one still queued. Kept (bounded) while the server
   * is unreachable and sent again when no ack comes, so a second is delivered once the connection is back.
   */
  sample(sample: SiteSample, what: string): void;
  /**
   * Sends a rack block now if connected (true); racks are live only, so nothing is kept for later and
   * the block is not even built while the connection is down.
   */
  racks(block: () => RackWire, what: string): boolean;
  /**
   * Sends what is still buffered while the connection holds (no more retries), waits for outstanding
   * acks, disconnects and throws the fatal error, if any.
   */
  close(): Promise<void>;
  log(line: string): void;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const logToStderr = (line: string) => console.error(line);

/** 600000 → "10m", 5400000 → "90m", 1500 → "1.5s": how --buffer was given, roughly. */
function formatBuffer(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

interface Queued {
  sample: SiteSample;
  what: string;
}

/**
 * Connects a producer. A dropped connection is retried by socket.io; a refused handshake (bad token)
 * is final and surfaces as ConnectionRefusedError from close().
 *
 * Samples go through a bounded backlog, oldest first: while the server is unreachable they wait there
 * (the oldest dropped once it spans more than bufferMs, reported once per run of drops), and a sample
 * whose ack does not come (timeout, or the socket dropped first) goes back to its place and is sent
 * again; the server answers repeats as duplicates. The backlog drains at most SEND_WINDOW unacknowledged
 * and SEND_BATCH per event-loop turn, so ten minutes of a fleet catch up in seconds while new seconds
 * keep being produced (and queued behind it, in order).
 */
export function openIngestSession(opts: IngestSessionOptions): IngestSession {
  const { signal } = opts;
  const clock = opts.clock ?? systemClock;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
  const bufferMs = opts.bufferMs ?? DEFAULT_BUFFER_MS;
  const backlog = new SampleBacklog<Queued>(bufferMs);
  const complain = makeComplainer(opts.log ?? logToStderr, clock.now);
  const socket = (opts.connect ?? connectIngest)(opts.url, opts.token);
  const stats = emptyDeliveryStats();
  let fatal: Error | undefined;
  let stopping = false;
  let wakeOnFatal: (() => void) | undefined;
  /** Waiters for any change: an ack settled, the connection dropped, a fatal error. */
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const wake of waiters) wake();
    waiters.clear();
  };
  const fail = (err: Error) => {
    fatal ??= err;
    wakeOnFatal?.();
    notify();
  };

  /**
   * A backlog being sent after a reconnect: the samples queued up to entry `lastN`, `left` of them not
   * yet answered. Reported once when all are (or, should some fall out of the buffer, when it is empty).
   */
  let catchUp: { since: number; samples: number; lastN: number; left: number } | undefined;
  const caughtUp = () => {
    if (!catchUp) return;
    const secs = (clock.now() - catchUp.since) / 1000;
    complain.say(`caught up: ${catchUp.samples} buffered samples sent in ${secs.toFixed(1)} s`);
    catchUp = undefined;
  };
  let dropNoticed = false;
  const reportDrops = () => {
    const run = backlog.takeDroppedRun();
    dropNoticed = false;
    if (!run) return;
    complain.say(
      `lost ${run.seconds} s of samples (${run.samples} samples, ${iso(run.from)} to ${iso(run.to)}): ` +
        `the ${formatBuffer(bufferMs)} buffer was full`,
    );
  };

  socket.on('connect_error', (err) => {
    // socket.io stops retrying only when the server's middleware refused us: that is final.
    if (!socket.active) fail(new ConnectionRefusedError(`connection refused by ${opts.url}: ${err.message}`));
    else complain.say(`cannot reach ${opts.url}/ingest (${err.message}); retrying`);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') fail(new Error(`disconnected by the server (${reason})`));
    else if (reason !== 'io client disconnect') {
      complain.say(
        `connection lost (${reason}); reconnecting, keeping up to ${formatBuffer(bufferMs)} of samples meanwhile`,
      );
    }
    notify();
  });
  socket.on('connect', () => {
    reportDrops();
    const range = backlog.range;
    const newest = backlog.newest;
    if (range && newest) {
      const seconds = Math.round((range.to - range.from) / 1000) + 1;
      complain.say(
        `connected to ${opts.url}/ingest; sending ${backlog.size} buffered samples ` +
          `(${seconds} s, ${iso(range.from)} to ${iso(range.to)})`,
      );
      catchUp = { since: clock.now(), samples: backlog.size, lastN: newest.n, left: backlog.size };
    } else {
      complain.say(`connected to ${opts.url}/ingest`);
    }
    schedulePump();
  });

  const inflight = new Set<Promise<void>>();
  let samplesInFlight = 0;
  const track = (p: Promise<void>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const counted = (ack: Ack, what: string) => {
    if (!ack.ok) {
      stats.refused++;
      complain.say(`${what} refused: ${ack.error}`);
    } else if (ack.outcome === 'late') stats.late++;
    else if (ack.outcome === 'duplicate') stats.duplicates++;
    else if (ack.outcome === 'stale') stats.stale++;
  };

  const sendSample = (entry: BacklogEntry<Queued>) => {
    if (entry.attempts > 0) stats.resent++;
    entry.attempts++;
    samplesInFlight++;
    const done = socket
      .timeout(ackTimeoutMs)
      .emitWithAck('sample', entry.payload.sample)
      .then(
        (ack) => {
          counted(ack, entry.payload.what);
          if (catchUp && entry.n <= catchUp.lastN && --catchUp.left === 0) caughtUp();
        },
        () => {
          stats.unanswered++;
          // While stopping nothing is retried: close() must end.
          if (stopping) stats.undelivered++;
          else backlog.requeue(entry);
          // A dropped connection was already reported; a silent server is worth one (folded) line.
          if (socket.connected) {
            complain.say(`no acknowledgement within ${ackTimeoutMs} ms for samples; sending them again`);
          }
        },
      )
      .finally(() => {
        samplesInFlight--;
        schedulePump();
        notify();
      });
    track(done);
  };

  let pumpQueued = false;
  const schedulePump = () => {
    if (pumpQueued) return;
    pumpQueued = true;
    setImmediate(pump);
  };
  function pump() {
    pumpQueued = false;
    for (let sent = 0; socket.connected && !fatal && samplesInFlight < SEND_WINDOW; sent++) {
      if (backlog.size === 0) break;
      if (sent === SEND_BATCH) {
        schedulePump();
        return;
      }
      sendSample(backlog.shift()!);
    }
    if (backlog.size === 0 && samplesInFlight === 0) caughtUp();
  }

  return {
    get connected() {
      return socket.connected;
    },
    get fatal() {
      return fatal;
    },
    get stats() {
      stats.dropped = backlog.dropped;
      return stats;
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
    sample(sample, what) {
      stats.samples++;
      if (!socket.connected) stats.buffered++;
      backlog.push(sample.t, { sample, what });
      if (backlog.dropping && !dropNoticed) {
        dropNoticed = true;
        complain.say(
          `the ${formatBuffer(bufferMs)} buffer is full: dropping the oldest seconds until the server is back`,
        );
      }
      schedulePump();
    },
    racks(block, what) {
      if (!socket.connected) {
        stats.rackBlocksSkipped++;
        return false;
      }
      stats.rackBlocks++;
      track(
        socket
          .timeout(ackTimeoutMs)
          .emitWithAck('racks', block())
          .then(
            (ack) => counted(ack, what),
            () => {
              stats.unanswered++;
              if (socket.connected) {
                complain.say(
                  `no acknowledgement within ${ackTimeoutMs} ms for rack blocks (live only: not resent)`,
                );
              }
            },
          ),
      );
      return true;
    },
    async close() {
      stopping = true;
      try {
        while (!fatal && socket.connected && (backlog.size > 0 || samplesInFlight > 0)) {
          const changed = new Promise<void>((resolve) => waiters.add(resolve));
          schedulePump();
          await changed;
        }
        await Promise.all(inflight);
      } finally {
        stats.undelivered += backlog.clear();
        reportDrops();
        complain.flush();
        socket.disconnect();
      }
      if (fatal) throw fatal;
    },
    log: (line) => complain.say(line),
  };
}
