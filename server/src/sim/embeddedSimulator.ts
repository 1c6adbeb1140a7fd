import type { Simulator } from '@gigawatt/mock-telemetry';
import { encodeRackBlock } from '@gigawatt/shared';
import type { IngestService } from '../ingest/ingestService.ts';
import type { Logger } from '../log.ts';

/**
 * The built-in producer: publishes through the same IngestService gate as external producers, so the
 * default product exercises exactly the path a real feed takes.
 */
export function publishSecond(
  sim: Simulator,
  ingest: IngestService,
  second: number,
  racksFor: (site: string, hall: string) => boolean,
  log: Pick<Logger, 'error'>,
): void {
  const t = second * 1000;
  for (const sample of sim.sampleFleet(t)) {
    const ack = ingest.sample(sample);
    if (!ack.ok) log.error({ site: sample.site }, `simulator sample refused: ${ack.error}`);
  }
  for (const site of sim.fleet.sites) {
    for (const hall of site.halls) {
      if (!racksFor(site.id, hall.id)) continue;
      const ack = ingest.racks(encodeRackBlock(sim.racks(site.id, hall.id, t)));
      if (!ack.ok) log.error({ site: site.id, hall: hall.id }, `simulator racks refused: ${ack.error}`);
    }
  }
}
