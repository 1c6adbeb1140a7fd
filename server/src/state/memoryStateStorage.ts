import type { SiteSample } from '@gigawatt/shared';
import type { StoreChunk, TelemetryStore } from '../store/telemetryStore.ts';
import type { PersistedAlert, RestoredState, StateStorage } from './stateStorage.ts';

/**
 * State kept in memory only: what a server with persistence switched off uses, and the second
 * implementation the storage contract suite runs against. One instance outlives the servers that use
 * it, so tests can "restart" a server over it.
 */
export class MemoryStateStorage implements StateStorage {
  readonly kind = 'memory';
  private samples: { sample: SiteSample; live: boolean }[] = [];
  private alerts: PersistedAlert[] = [];
  private chunks: StoreChunk[] = [];
  private latest: SiteSample[] = [];
  private checkpointAt: number | undefined;

  async restore(store: TelemetryStore): Promise<RestoredState> {
    const started = performance.now();
    for (const c of this.chunks) store.importChunk(c);
    store.restoreLatest(this.latest);
    for (const { sample, live } of this.samples) store.putSample(sample, live);
    return {
      samples: this.samples.length,
      alerts: [...this.alerts],
      checkpointAt: this.checkpointAt,
      ms: performance.now() - started,
    };
  }

  appendSample(sample: SiteSample, live: boolean): void {
    this.samples.push({ sample, live });
  }

  appendAlert(entry: PersistedAlert): void {
    this.alerts.push(entry);
  }

  async checkpoint(store: TelemetryStore): Promise<void> {
    this.chunks = [...store.exportChunks()];
    this.latest = store.latestSamples();
    this.samples = [];
    this.checkpointAt = Date.now();
  }

  async close(store: TelemetryStore): Promise<void> {
    await this.checkpoint(store);
  }
}
