import type { RackBlock, RackWire, SiteSample } from '@gigawatt/shared';

/**
 * Carries validated telemetry from ingest to the store and the live fan-out. The in-process bus is the
 * default; a Redis Streams bus (scale-out) implements the same interface.
 */
export interface TelemetryBus {
  publishSample(sample: SiteSample): void;
  publishRacks(block: RackBlock, wire: RackWire): void;
  onSample(listener: (sample: SiteSample) => void): () => void;
  onRacks(listener: (block: RackBlock, wire: RackWire) => void): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(): TelemetryBus {
  const sampleListeners = new Set<(sample: SiteSample) => void>();
  const rackListeners = new Set<(block: RackBlock, wire: RackWire) => void>();
  return {
    publishSample(sample) {
      for (const l of sampleListeners) l(sample);
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
