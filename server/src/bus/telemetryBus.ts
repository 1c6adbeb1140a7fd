import type { RackBlock, RackWire, SiteSample } from '@gigawatt/shared';

/**
 * Where a bus delivery comes from: this process's gate ('local'), or another node's, read from the
 * shared bus ('remote': this node's gate has not judged it, see IngestService.observe).
 */
export type BusOrigin = 'local' | 'remote';

export type SampleListener = (sample: SiteSample, live: boolean, origin: BusOrigin) => void;
export type RacksListener = (block: RackBlock, wire: RackWire, origin: BusOrigin) => void;

/**
 * Carries validated telemetry from ingest to the store and the live fan-out. The in-process bus is the
 * default; a Redis Streams bus (scale-out, redisBus.ts) implements the same interface and passes the
 * same contract suite (telemetryBusContract.ts).
 *
 * A publish reaches this node's listeners before publishSample returns, and every other node's once
 * (in order per publishing node); a remote delivery may repeat after a connection failure, so the
 * apply side must be idempotent (the gate's observe() is).
 */
export interface TelemetryBus {
  /** `live` is the ingest gate's verdict: false for late data, which fills history only. */
  publishSample(sample: SiteSample, live: boolean): void;
  publishRacks(block: RackBlock, wire: RackWire): void;
  onSample(listener: SampleListener): () => void;
  onRacks(listener: RacksListener): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(): TelemetryBus {
  const sampleListeners = new Set<SampleListener>();
  const rackListeners = new Set<RacksListener>();
  return {
    publishSample(sample, live) {
      for (const l of sampleListeners) l(sample, live, 'local');
    },
    publishRacks(block, wire) {
      for (const l of rackListeners) l(block, wire, 'local');
    },
    onSample(l) {
      sampleListeners.add(l);
      return () => sampleListeners.delete(l);
    },
    onRacks(l) {
      rackListeners.add(l);
      return () => rackListeners.delete(l);
    },
    async close() {
      sampleListeners.clear();
      rackListeners.clear();
    },
  };
}
