import {
  type Ack,
  adoptRackWire,
  checkRackValues,
  type FleetIndex,
  parseSiteSample,
  parseWith,
  RACK_COLUMNS,
  RACK_COOLANT_COLUMN,
  type RackBlock,
  type RackWire,
  rackWireColumns,
  rackWireSchema,
  type SiteSample,
} from '@gigawatt/shared';
import type { TelemetryBus } from '../bus/telemetryBus.ts';
import { checkSampleAgainstFleet } from './checkSampleAgainstFleet.ts';
import {
  type LivePosition,
  type ObservedVerdict,
  refuseTime,
  SiteTimeline,
  timeRefusal,
} from './ingestPolicy.ts';

/**
 * Why a payload was refused: `invalid` (schema or fleet), `unparsable` (an NDJSON line that is not JSON),
 * `too_old` (before the late window) or `too_new` (ahead of the server clock).
 */
export const REJECT_REASONS = ['invalid', 'unparsable', 'too_old', 'too_new'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
const noRejections = (): Record<RejectReason, number> => ({
  invalid: 0,
  unparsable: 0,
  too_old: 0,
  too_new: 0,
});

export interface IngestStats {
  /** Live samples (reached viewers, alerts, recordings and history). */
  accepted: number;
  /** Late samples (history only). */
  late: number;
  duplicates: number;
  /** Samples refused (invalid, or outside the time policy). */
  rejected: number;
  /** Live samples whose seq was not above the last one: a producer restarted its counter. */
  seqResets: number;
  racksAccepted: number;
  /** Valid rack blocks not newer than the hall's newest: nothing kept (racks have no history). */
  racksStale: number;
  racksRejected: number;
  /** `rejected` and `racksRejected` by reason. */
  rejectedBy: Record<RejectReason, number>;
  racksRejectedBy: Record<RejectReason, number>;
  /** Producer requests (POST /api/ingest) and /ingest handshakes refused for a missing or wrong token. */
  unauthorized: number;
}

/**
 * The one gate every producer's payload passes (socket.io /ingest, HTTP NDJSON, built-in simulator):
 * validation, then the time and sequence policy (INGEST_POLICY.md). It keeps its own per-site state, so
 * its verdicts never depend on what the store happens to hold.
 */
export class IngestService {
  readonly stats: IngestStats = {
    accepted: 0,
    late: 0,
    duplicates: 0,
    rejected: 0,
    seqResets: 0,
    racksAccepted: 0,
    racksStale: 0,
    racksRejected: 0,
    rejectedBy: noRejections(),
    racksRejectedBy: noRejections(),
    unauthorized: 0,
  };
  private readonly timelines = new Map<string, SiteTimeline>();
  private readonly newestRackT = new Map<string, number>();

  constructor(
    private readonly idx: FleetIndex,
    private readonly bus: TelemetryBus,
    private readonly now: () => number = Date.now,
  ) {
    for (const s of idx.fleet.sites) this.timelines.set(s.id, new SiteTimeline());
  }

  /**
   * After a restart: the seconds history already holds for a site and its newest live sample, so a
   * producer resending them gets `duplicate` and the live path resumes after the newest.
   */
  prime(siteId: string, heldSeconds: Iterable<number>, newest: LivePosition | undefined): void {
    this.timelines.get(siteId)?.prime(heldSeconds, newest);
  }

  /** Where a site's live path stands at this gate (its newest live sample's t and seq). */
  position(siteId: string): LivePosition | undefined {
    return this.timelines.get(siteId)?.position;
  }

  sample(input: unknown): Ack {
    // Every second, every site: the copy-free check (zod still decides and words anything unusual).
    const parsed = parseSiteSample(input);
    if (!parsed.ok) return this.reject('invalid', `invalid sample: ${parsed.error}`);
    const s = parsed.value;
    const problem = checkSampleAgainstFleet(s, this.idx);
    if (problem) return this.reject('invalid', `invalid sample: ${problem}`);
    const verdict = this.timelines.get(s.site)!.judge(s.t, s.seq, this.now());
    switch (verdict.outcome) {
      case 'refused':
        return this.reject(verdict.reason, verdict.error);
      case 'duplicate':
        this.stats.duplicates++;
        return { ok: true, outcome: 'duplicate' };
      case 'late':
        this.stats.late++;
        this.bus.publishSample(s, false);
        return { ok: true, outcome: 'late' };
      default:
        this.stats.accepted++;
        if (verdict.seqReset) this.stats.seqResets++;
        this.bus.publishSample(s, true);
        return { ok: true, outcome: 'live' };
    }
  }

  racks(input: unknown): Ack {
    const parsed = parseWith(rackWireSchema, input);
    if (!parsed.ok) return this.rejectRacks('invalid', `invalid racks: ${parsed.error}`);
    const wire = parsed.value as RackWire;
    const hall = this.idx.hall(wire.site, wire.hall);
    if (!hall) return this.rejectRacks('invalid', `invalid racks: unknown hall "${wire.site}/${wire.hall}"`);
    if (wire.racks !== hall.racks) {
      return this.rejectRacks(
        'invalid',
        `invalid racks: hall "${wire.site}/${wire.hall}" has ${hall.racks} racks, got ${wire.racks}`,
      );
    }
    // A liquid-cooled hall may send three columns (a producer, or a recording replayed, from before the
    // coolant column: nothing is lost but the column); an air-cooled hall has no loop to report.
    const model = this.idx.model(hall.gpuModel);
    if (rackWireColumns(wire) > RACK_COLUMNS.length && model?.cooling !== 'liquid') {
      return this.rejectRacks(
        'invalid',
        `invalid racks: hall "${wire.site}/${wire.hall}" is air-cooled (${model?.name ?? hall.gpuModel}): ` +
          `send ${RACK_COLUMNS.length} columns (${RACK_COLUMNS.join(', ')}), without ${RACK_COOLANT_COLUMN}`,
      );
    }
    const now = this.now();
    const refused = refuseTime(wire.t, now, 'racks');
    if (refused) return this.rejectRacks(timeRefusal(wire.t, now)!, refused);
    const key = `${wire.site}/${wire.hall}`;
    const newest = this.newestRackT.get(key);
    if (newest !== undefined && wire.t <= newest) {
      this.stats.racksStale++;
      return { ok: true, outcome: 'stale' };
    }
    // One copy of the declared bytes, read as columns and forwarded as is: nothing downstream decodes
    // or encodes this block again, and no byte beyond the declared columns reaches a viewer.
    const adopted = adoptRackWire(wire);
    const problem = checkRackValues(adopted.block);
    if (problem) return this.rejectRacks('invalid', `invalid racks: ${problem}`);
    this.newestRackT.set(key, wire.t);
    this.stats.racksAccepted++;
    this.bus.publishRacks(adopted.block, adopted.wire);
    return { ok: true, outcome: 'live' };
  }

  /**
   * A sample that another node's gate accepted, read from the shared bus: the gate marks its second as
   * held (a producer resending it here is told `duplicate`) and says whether this node applies it, and
   * how. Each second is applied once per node, however many gates let it through.
   */
  observe(sample: SiteSample, live: boolean): ObservedVerdict {
    const tl = this.timelines.get(sample.site);
    if (!tl || checkSampleAgainstFleet(sample, this.idx)) return 'refused';
    return tl.observe(sample.t, sample.seq, live, this.now());
  }

  /** A rack block another node accepted: false when this node already has that block or a newer one. */
  observeRacks(block: RackBlock): boolean {
    const hall = this.idx.hall(block.site, block.hall);
    if (hall?.racks !== block.powerKw.length || refuseTime(block.t, this.now(), 'racks')) return false;
    if (block.coolantReturnC && this.idx.model(hall.gpuModel)?.cooling !== 'liquid') return false;
    const key = `${block.site}/${block.hall}`;
    const newest = this.newestRackT.get(key);
    if (newest !== undefined && block.t <= newest) return false;
    this.newestRackT.set(key, block.t);
    return true;
  }

  /** An NDJSON line that was not JSON at all (it never reached the gate's schema check). */
  countUnparsable(): void {
    this.stats.rejected++;
    this.stats.rejectedBy.unparsable++;
  }

  /** A producer request or handshake refused for its token (nothing it carried was read). */
  countUnauthorized(): void {
    this.stats.unauthorized++;
  }

  private reject(reason: RejectReason, error: string): Ack {
    this.stats.rejected++;
    this.stats.rejectedBy[reason]++;
    return { ok: false, error };
  }

  private rejectRacks(reason: RejectReason, error: string): Ack {
    this.stats.racksRejected++;
    this.stats.racksRejectedBy[reason]++;
    return { ok: false, error };
  }
}
