import {
  type Ack,
  checkRackValues,
  decodeRackWire,
  encodeRackBlock,
  type FleetIndex,
  parseWith,
  type RackWire,
  rackWireSchema,
  siteSampleSchema,
} from '@gigawatt/shared';
import type { TelemetryBus } from '../bus/telemetryBus.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { checkSampleAgainstFleet } from './checkSampleAgainstFleet.ts';

export interface IngestStats {
  accepted: number;
  duplicates: number;
  rejected: number;
  racksAccepted: number;
}

/** The one gate every producer's payload passes (socket.io /ingest, HTTP NDJSON, built-in simulator). */
export class IngestService {
  readonly stats: IngestStats = { accepted: 0, duplicates: 0, rejected: 0, racksAccepted: 0 };

  constructor(
    private readonly idx: FleetIndex,
    private readonly store: TelemetryStore,
    private readonly bus: TelemetryBus,
    private readonly now: () => number = Date.now,
  ) {}

  sample(input: unknown): Ack {
    const parsed = parseWith(siteSampleSchema, input);
    if (!parsed.ok) return this.reject(`invalid sample: ${parsed.error}`);
    const s = parsed.value;
    const problem = checkSampleAgainstFleet(s, this.idx, this.now());
    if (problem) return this.reject(`invalid sample: ${problem}`);
    if (s.seq <= this.store.lastSeq(s.site)) {
      this.stats.duplicates++;
      return { ok: true };
    }
    this.stats.accepted++;
    this.bus.publishSample(s);
    return { ok: true };
  }

  racks(input: unknown): Ack {
    const parsed = parseWith(rackWireSchema, input);
    if (!parsed.ok) return this.reject(`invalid racks: ${parsed.error}`);
    const wire = parsed.value as RackWire;
    const hall = this.idx.hall(wire.site, wire.hall);
    if (!hall) return this.reject(`invalid racks: unknown hall "${wire.site}/${wire.hall}"`);
    if (wire.racks !== hall.racks) {
      return this.reject(
        `invalid racks: hall "${wire.site}/${wire.hall}" has ${hall.racks} racks, got ${wire.racks}`,
      );
    }
    const block = decodeRackWire(wire);
    const problem = checkRackValues(block);
    if (problem) return this.reject(`invalid racks: ${problem}`);
    this.stats.racksAccepted++;
    // Re-encode from the decoded copy so fan-out never forwards bytes beyond the declared columns.
    this.bus.publishRacks(block, encodeRackBlock(block));
    return { ok: true };
  }

  private reject(error: string): Ack {
    this.stats.rejected++;
    return { ok: false, error };
  }
}
