import type { FleetConfig, HistoryResponse } from '@gigawatt/shared';
import type { PlaybackController } from '../sources/PlaybackController.ts';
import type { RecordingInput } from '../sources/RecordingSource.ts';
import type { HistoryQuery, SourceCapability, TelemetrySource } from '../sources/TelemetrySource.ts';
import { applySourceEvent, type DashboardStore, resetForSource } from '../store/createDashboardStore.ts';
import type { HistoryFiller } from '../store/createHistoryFiller.ts';

/** What RecordingSource.open reads: a server recording (HTTP range reads) or a file's bytes. */
export type { RecordingInput };

export interface RecordingOpenOptions {
  /** Used when the file carries no fleet of its own. */
  fallbackFleet?: FleetConfig;
  token?: string;
  /** Where the playhead starts (clamped to the recording by the source). */
  startAt?: number;
  speed?: number;
}

export type PlayableSource = TelemetrySource & PlaybackController;
export type OpenRecordingFn = (
  input: RecordingInput,
  options: RecordingOpenOptions,
) => Promise<PlayableSource>;

export interface ReplayRequest {
  /** The URL's `rec`: a server id, or LOCAL_REC for a dropped file. */
  rec: string;
  /** Shown while opening. */
  name: string;
  input: RecordingInput;
  startAt?: number | undefined;
  speed?: number | undefined;
  loop?: { from: number; to: number } | undefined;
  /** Start playing once open (the wall drills); otherwise the frame at startAt waits for the user. */
  autoplay?: boolean;
  /**
   * Keep the current source until the recording is open, and on failure keep it and only report the
   * error (a dropped file that is not MCAP must not take the dashboard down). Without it the screen
   * empties at once, since the URL already says replay.
   */
  tentative?: boolean;
}

export type OpenResult = { ok: true } | { ok: false; message: string };

export type SourceMode =
  | { kind: 'live' }
  | { kind: 'opening'; rec: string; name: string }
  | { kind: 'replay'; rec: string; local: boolean; controller: PlaybackController }
  /** The URL asks for a recording that could not be opened; the views stay empty and say why. */
  | { kind: 'failed'; rec: string; message: string };

export interface SourceManagerSnapshot {
  source: TelemetrySource;
  mode: SourceMode;
}

export interface SourceManager {
  getSnapshot(): SourceManagerSnapshot;
  /** Called on every switch (not on playback changes: subscribe to the controller for those). */
  subscribe(listener: () => void): () => void;
  /** Stops whatever plays and connects live again (a no-op when already live). */
  goLive(): void;
  /** Stops the current source and opens a recording; a newer call wins over one still opening. */
  open(request: ReplayRequest): Promise<OpenResult>;
  /** Replay mode without a source: the URL names a recording that cannot be opened from here. */
  fail(rec: string, message: string): void;
  /** The current source's history, for a history filler created once for the app's life. */
  fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryResponse>;
}

export interface SourceManagerOptions {
  store: DashboardStore;
  /** Set after creation (the filler needs the manager's fetchHistory first). */
  history: () => HistoryFiller;
  createLive: () => TelemetrySource;
  openRecording: OpenRecordingFn;
  /** The server's fleet, for a file that carries none of its own (undefined when unreachable). */
  fallbackFleet?: () => Promise<FleetConfig | undefined>;
}

const NO_CAPABILITIES: ReadonlySet<SourceCapability> = new Set();

/**
 * Stands in while a recording opens or after it failed: emits nothing and has no history, so the
 * views wait (their fleet is null) rather than show the previous source's data.
 */
function placeholderSource(): TelemetrySource {
  return {
    kind: 'recording',
    capabilities: NO_CAPABILITIES,
    status: 'replay',
    start() {},
    stop() {},
    subscribeHall: () => () => {},
    fetchHistory: async (q) => ({ from: q.from, to: q.to, tier: '1s', stepMs: 1000, series: [] }),
  };
}

/**
 * Owns the one active TelemetrySource and swaps it at run time: live by default, a recording when the
 * URL names one. Every switch stops the old source, forgets the store's data and the history filler's
 * bookkeeping, and feeds the same store from the new source, so views never know which one runs.
 */
export function createSourceManager(options: SourceManagerOptions): SourceManager {
  const { store } = options;
  const listeners = new Set<() => void>();
  let snapshot: SourceManagerSnapshot = { source: placeholderSource(), mode: { kind: 'live' } };
  // Bumped on every switch: a recording that finishes opening after a newer switch is closed unused.
  let generation = 0;

  const publish = (next: SourceManagerSnapshot) => {
    snapshot = next;
    for (const l of [...listeners]) l();
  };

  function activate(source: TelemetrySource, mode: SourceMode): void {
    snapshot.source.stop();
    const history = options.history();
    history.clear();
    resetForSource(store, source.capabilities, source.status);
    publish({ source, mode });
    source.start((event) => {
      // A stopped source may still have an event in flight; it must not reach the new source's store.
      if (snapshot.source !== source) return;
      // Before the reset reaches the store: charts re-ask for history as soon as their buffers change.
      if (event.type === 'reset') history.clear();
      applySourceEvent(store, event);
      if (event.type === 'gap') history.fillGap(event.from, event.to);
    });
  }

  const manager: SourceManager = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    goLive() {
      // Already live: a file still opening tentatively (a drop on the Replay page) must not be cancelled.
      if (snapshot.mode.kind === 'live' && snapshot.source.kind === 'live') return;
      generation++;
      activate(options.createLive(), { kind: 'live' });
    },
    async open(request) {
      const gen = ++generation;
      if (!request.tentative)
        activate(placeholderSource(), { kind: 'opening', rec: request.rec, name: request.name });
      let source: PlayableSource;
      try {
        const fallbackFleet = await options.fallbackFleet?.();
        source = await options.openRecording(request.input, {
          ...(fallbackFleet ? { fallbackFleet } : {}),
          ...(request.startAt !== undefined ? { startAt: request.startAt } : {}),
          ...(request.speed !== undefined ? { speed: request.speed } : {}),
          ...(request.input.kind === 'url' && request.input.token ? { token: request.input.token } : {}),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (gen === generation && !request.tentative) manager.fail(request.rec, message);
        return { ok: false, message };
      }
      if (gen !== generation) {
        source.stop();
        return { ok: false, message: 'superseded by another recording' };
      }
      activate(source, {
        kind: 'replay',
        rec: request.rec,
        local: request.input.kind === 'bytes',
        controller: source,
      });
      if (request.loop) source.setLoop(request.loop);
      if (request.autoplay) source.play();
      return { ok: true };
    },
    fail(rec, message) {
      generation++;
      const source = placeholderSource();
      activate(source, { kind: 'failed', rec, message });
      store.setState({ status: 'failed', error: { kind: 'replay', message } });
    },
    fetchHistory: (query, signal) => snapshot.source.fetchHistory(query, signal),
  };
  return manager;
}
