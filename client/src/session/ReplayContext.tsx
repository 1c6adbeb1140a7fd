import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { PlaybackController, PlaybackState } from '../sources/PlaybackController.ts';
import type { Services } from '../store/useStore.ts';
import { ServicesProvider } from '../store/useStore.ts';
import type { ReplayUrlBinding } from './bindReplayUrl.ts';
import type { SourceManager, SourceMode } from './sourceManager.ts';

interface ReplayServices {
  manager: SourceManager;
  binding: ReplayUrlBinding;
}

const ReplayContext = createContext<ReplayServices | null>(null);

function useReplayServices(): ReplayServices {
  const r = useContext(ReplayContext);
  if (!r) throw new Error('replay hooks outside <AppServices>');
  return r;
}

/**
 * The app's services with the source that is active right now: a switch between live and a recording
 * re-renders with the new source, so whatever holds on to it (rack subscriptions, exec fetches) follows.
 */
export function AppServices({
  services,
  manager,
  binding,
  children,
}: {
  services: Omit<Services, 'source'>;
  manager: SourceManager;
  binding: ReplayUrlBinding;
  children: ReactNode;
}) {
  const snapshot = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
  return (
    <ReplayContext.Provider value={{ manager, binding }}>
      <ServicesProvider services={{ ...services, source: snapshot.source }}>{children}</ServicesProvider>
    </ReplayContext.Provider>
  );
}

export function useSourceMode(): SourceMode {
  const { manager } = useReplayServices();
  return useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot).mode;
}

export function useSourceManager(): SourceManager {
  return useReplayServices().manager;
}

interface PlaybackStore {
  subscribe(listener: () => void): () => void;
  get(): PlaybackState | null;
}

const none: PlaybackStore = { subscribe: () => () => {}, get: () => null };
const stores = new WeakMap<PlaybackController, PlaybackStore>();

/**
 * One subscription per controller however many components read it, and a snapshot that stays the same
 * object between changes (useSyncExternalStore re-renders on every new object).
 */
function playbackStore(controller: PlaybackController | null): PlaybackStore {
  if (!controller) return none;
  let store = stores.get(controller);
  if (store) return store;
  let state = controller.playback;
  const listeners = new Set<() => void>();
  let off: (() => void) | null = null;
  store = {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      if (!off) {
        state = controller.playback;
        off = controller.onPlayback((next) => {
          state = next;
          for (const l of [...listeners]) l();
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && off) {
          off();
          off = null;
        }
      };
    },
  };
  stores.set(controller, store);
  return store;
}

/** The transport's state, re-rendered on every playback change (a few times a second while playing). */
export function usePlayback(controller: PlaybackController | null): PlaybackState | null {
  const store = playbackStore(controller);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** The controller of the open recording, or null (live, opening, failed). */
export function useController(): PlaybackController | null {
  const mode = useSourceMode();
  return mode.kind === 'replay' ? mode.controller : null;
}

/** The playhead of the open recording (ms), or null outside replay. */
export function usePlayhead(): number | null {
  return usePlayback(useController())?.t ?? null;
}

export function useReplayNotices(): { notices: readonly string[]; dismiss: () => void } {
  const { binding } = useReplayServices();
  const notices = useSyncExternalStore(binding.subscribeNotices, binding.notices, binding.notices);
  return { notices, dismiss: binding.dismissNotices };
}
