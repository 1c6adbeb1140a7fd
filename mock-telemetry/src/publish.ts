import { encodeRackBlock } from '@gigawatt/shared';
import type { Simulator } from './createSimulator.ts';
import { type IngestSocket, openIngestSession, type PublishClock, systemClock } from './ingestSession.ts';

export {
  ConnectionRefusedError,
  connectIngest,
  type IngestSocket,
  type PublishClock,
  systemClock,
} from './ingestSession.ts';

export interface PublishOptions {
  /** Server base URL; the producer namespace `/ingest` is appended. */
  url: string;
  token: string;
  sim: Simulator;
  /** Site ids to publish, in the order to send them. */
  sites: readonly string[];
  /** Also publish rack detail (`racks`) for every hall of those sites. */
  racks: boolean;
  signal?: AbortSignal;
  /** Stop after this many published seconds (default: until aborted). */
  count?: number;
  log?: (line: string) => void;
  clock?: PublishClock;
  ackTimeoutMs?: number;
  connect?: (url: string, token: string) => IngestSocket;
}

export interface PublishStats {
  /** Seconds for which samples were sent. */
  seconds: number;
  samples: number;
  rackBlocks: number;
  /** Events the server answered with { ok: false }. */
  refused: number;
  /** Events with no answer within the ack timeout. */
  unanswered: number;
  /** Seconds skipped because the connection was down. */
  skipped: number;
}

/**
 * Publishes the simulator as a live producer: once per wall-clock second (aligned to the second) one
 * `sample` per site and, with `racks`, one `racks` per hall, each acknowledged by the server. Resolves
 * with counters when aborted or after `count` seconds; rejects with ConnectionRefusedError when the
 * server refuses the handshake. A dropped connection is retried by socket.io; seconds that pass
 * meanwhile are skipped rather than queued, so a reconnect does not burst stale data.
 */
export async function publish(opts: PublishOptions): Promise<PublishStats> {
  const { sim } = opts;
  const stats: PublishStats = {
    seconds: 0,
    samples: 0,
    rackBlocks: 0,
    refused: 0,
    unanswered: 0,
    skipped: 0,
  };
  const halls = opts.sites.map((id) => {
    const site = sim.fleet.sites.find((s) => s.id === id);
    if (!site) throw new Error(`unknown site "${id}"`);
    return { id, halls: site.halls.map((h) => h.id) };
  });
  const session = openIngestSession({
    url: opts.url,
    token: opts.token,
    log: opts.log ?? ((line: string) => console.error(line)),
    clock: opts.clock ?? systemClock,
    ackTimeoutMs: opts.ackTimeoutMs ?? 5000,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.connect ? { connect: opts.connect } : {}),
  });

  const sendSecond = (t: number) => {
    for (const site of halls) {
      const sample = sim.sampleSite(site.id, t);
      session.sample(sample, `sample ${site.id} seq ${sample.seq}`);
      stats.samples++;
      if (!opts.racks) continue;
      for (const hall of site.halls) {
        session.racks(encodeRackBlock(sim.racks(site.id, hall, t)), `racks ${site.id}/${hall} t ${t}`);
        stats.rackBlocks++;
      }
    }
  };

  try {
    // Seconds before the first connection are not "skipped": nothing was ever flowing.
    await session.firstConnect();
    while (opts.count === undefined || stats.seconds < opts.count) {
      const next = await session.nextSecond();
      if (next === undefined) break;
      if (!session.connected) {
        stats.skipped++;
        continue;
      }
      sendSecond(next);
      stats.seconds++;
    }
  } finally {
    try {
      await session.close();
    } finally {
      stats.refused = session.refused;
      stats.unanswered = session.unanswered;
    }
  }
  return stats;
}
