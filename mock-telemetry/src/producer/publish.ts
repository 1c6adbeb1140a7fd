import { encodeRackBlock } from '@gigawatt/shared';
import type { Simulator } from '../model/createSimulator.ts';
import { type DeliveryStats, type IngestSessionOptions, openIngestSession } from './ingestSession.ts';

export {
  ConnectionRefusedError,
  connectIngest,
  DEFAULT_BUFFER_MS,
  type DeliveryStats,
  type IngestSessionOptions,
  type IngestSocket,
  type PublishClock,
  systemClock,
} from './ingestSession.ts';

export interface PublishOptions extends IngestSessionOptions {
  sim: Simulator;
  /** Site ids to publish, in the order to send them. */
  sites: readonly string[];
  /** Also publish rack detail (`racks`) for every hall of those sites. */
  racks: boolean;
  /** Stop after this many published seconds (default: until aborted). */
  count?: number;
}

export interface PublishStats extends DeliveryStats {
  /** Seconds produced (one sample per site each, delivered now or from the buffer later). */
  seconds: number;
}

/**
 * Publishes the simulator as a live producer: once per wall-clock second (aligned to the second) one
 * `sample` per site and, with `racks`, one `racks` per hall, each acknowledged by the server. Resolves
 * with counters when aborted or after `count` seconds; rejects with ConnectionRefusedError when the
 * server refuses the handshake. A dropped connection is retried by socket.io; samples of the seconds
 * that pass meanwhile are kept (up to `bufferMs`) and sent, oldest first, when it is back, as are samples
 * whose ack never came. Rack detail is live only: while disconnected it is not sent, and never later.
 */
export async function publish(opts: PublishOptions): Promise<PublishStats> {
  const { sim } = opts;
  const halls = opts.sites.map((id) => {
    const site = sim.fleet.sites.find((s) => s.id === id);
    if (!site) throw new Error(`unknown site "${id}"`);
    return { id, halls: site.halls.map((h) => h.id) };
  });
  const session = openIngestSession(opts);

  const sendSecond = (t: number) => {
    for (const site of halls) {
      const sample = sim.sampleSite(site.id, t);
      session.sample(sample, `sample ${site.id} seq ${sample.seq}`);
      if (!opts.racks) continue;
      for (const hall of site.halls) {
        session.racks(() => encodeRackBlock(sim.racks(site.id, hall, t)), `racks ${site.id}/${hall} t ${t}`);
      }
    }
  };

  let seconds = 0;
  try {
    // The producer starts at the first connection: before it nothing was ever flowing.
    await session.firstConnect();
    while (opts.count === undefined || seconds < opts.count) {
      const next = await session.nextSecond();
      if (next === undefined) break;
      sendSecond(next);
      seconds++;
    }
  } finally {
    await session.close();
  }
  return { seconds, ...session.stats };
}
