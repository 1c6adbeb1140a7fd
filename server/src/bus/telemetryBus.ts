import type { RackBlock, RackWire, SiteSample } from '@gigawatt/shared';

/**
 * Carries validated telemetry from ingest to the store and the live fan-out. The in-process bus is the
 * default; a Redis Streams bus (scale-out) implements the same interface.
 */
export interface TelemetryBus {
  /** `live` is the ingest gate's verdict: false for late data, which fills history only. */
  publishSample(sample: SiteSample, live: boolean): void;
  publishRacks(block: RackBlock, wire: RackWire): void;
  onSample(listener: (sample: SiteSample, live: boolean) => void): () => void;
  onRacks(listener: (block: RackBlock, wire: RackWire) => void): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(): TelemetryBus {
  const sampleListeners = new Set<(sample: SiteSample, live: boolean) => void>();
  const rackListeners = new Set<(block: RackBlock, wire: RackWire) => void>();
  return {
    publishSample(sample, live) {
      for (const l of sampleListeners) l(sample, live);
    },
    publishRacks(block, wire) {
      for (const l of rackListeners) l(block, wire);
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
