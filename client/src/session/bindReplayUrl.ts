import { API_PATHS } from '@gigawatt/shared';
import {
  clampToRecording,
  LOCAL_REC,
  parseReplayParams,
  type ReplayUrlState,
  withReplayParams,
} from '../router/replayUrl.ts';
import type { PlaybackState } from '../sources/PlaybackController.ts';
import type { SourceManager, SourceMode } from './sourceManager.ts';

export interface ReplayUrlBindingOptions {
  manager: SourceManager;
  viewerToken?: string | undefined;
  /** The wall plays by itself (drills on an unattended screen); every other view opens paused. */
  autoplay: (pathname: string) => boolean;
  subscribeLocation: (listener: () => void) => () => void;
  location?: () => Pick<Location, 'pathname' | 'search' | 'hash'>;
  replaceUrl?: (href: string) => void;
  /** While playing, the address bar is rewritten at most this often (default 1 s). */
  throttleMs?: number;
  now?: () => number;
}

/** What a link asked for and could not get (a bad `t=`, a time outside the recording): said once. */
export interface ReplayUrlBinding {
  notices(): readonly string[];
  subscribeNotices(listener: () => void): () => void;
  dismissNotices(): void;
  stop(): void;
}

const recOf = (mode: SourceMode): string | null => (mode.kind === 'live' ? null : mode.rec);

/**
 * Keeps the URL and the active source in step. The URL drives which recording is open (a link, back
 * and forward, "back to live"); the player drives `t`, `speed` and `loop`, written back with
 * replaceState (no new history entry, no re-render) so the address bar is always a link to this moment.
 */
export function bindReplayUrl(options: ReplayUrlBindingOptions): ReplayUrlBinding {
  const { manager } = options;
  const loc = options.location ?? (() => window.location);
  const replaceUrl =
    options.replaceUrl ?? ((href: string) => window.history.replaceState(window.history.state, '', href));
  const now = options.now ?? (() => Date.now());
  const throttleMs = options.throttleMs ?? 1000;

  let notices: readonly string[] = [];
  const noticeListeners = new Set<() => void>();
  const setNotices = (next: readonly string[]) => {
    notices = next;
    for (const l of [...noticeListeners]) l();
  };

  let lastWrite = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribePlayback: (() => void) | null = null;

  function write(rec: string, state: PlaybackState): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const l = loc();
    // The URL moved on to another recording (or to live) and the switch is on its way: leave it be.
    if (parseReplayParams(l.search).state?.rec !== rec) return;
    const wanted: ReplayUrlState = {
      rec,
      t: state.t,
      speed: state.speed,
      loop: state.loop ?? undefined,
    };
    const href = `${l.pathname}${withReplayParams(l.search, wanted)}${l.hash}`;
    lastWrite = now();
    if (href !== `${l.pathname}${l.search}${l.hash}`) replaceUrl(href);
  }

  function schedule(rec: string, state: PlaybackState): void {
    const wait = lastWrite + throttleMs - now();
    // Paused, seeking, a new speed or loop: at once. Playing: the playhead at most once a second.
    if (!state.playing || wait <= 0) {
      write(rec, state);
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const mode = manager.getSnapshot().mode;
      if (mode.kind === 'replay' && mode.rec === rec) write(rec, mode.controller.playback);
    }, wait);
  }

  function watchMode(): void {
    unsubscribePlayback?.();
    unsubscribePlayback = null;
    const mode = manager.getSnapshot().mode;
    if (mode.kind !== 'replay') return;
    const { controller, rec } = mode;
    unsubscribePlayback = controller.onPlayback((state) => schedule(rec, state));
    write(rec, controller.playback);
  }

  async function open(state: ReplayUrlState, pathname: string, parseNotices: string[]): Promise<void> {
    const result = await manager.open({
      rec: state.rec,
      name: state.rec,
      input: {
        kind: 'url',
        url: API_PATHS.recordingFile(state.rec),
        id: state.rec,
        ...(options.viewerToken ? { token: options.viewerToken } : {}),
      },
      startAt: state.t,
      speed: state.speed,
      loop: state.loop,
      autoplay: options.autoplay(pathname),
    });
    const mode = manager.getSnapshot().mode;
    if (!result.ok || mode.kind !== 'replay' || mode.rec !== state.rec) return;
    const clamped = clampToRecording(state, mode.controller.playback.recording);
    if (clamped.notices.length > 0) setNotices([...parseNotices, ...clamped.notices]);
  }

  function sync(): void {
    const l = loc();
    const { state, notices: parsed } = parseReplayParams(l.search);
    if (parsed.length > 0) setNotices(parsed);
    const mode = manager.getSnapshot().mode;
    if (!state) {
      if (mode.kind !== 'live') setNotices(parsed);
      manager.goLive();
      return;
    }
    if (recOf(mode) === state.rec) {
      // Same recording on another route: keep playing; the new URL gets the current playhead.
      if (mode.kind === 'replay') write(mode.rec, mode.controller.playback);
      return;
    }
    setNotices(parsed);
    if (state.rec === LOCAL_REC) {
      manager.fail(
        LOCAL_REC,
        'This link points to a recording that was opened from a local file, which only that device has. Open the .mcap file on the Replay page to play it here.',
      );
      return;
    }
    void open(state, l.pathname, parsed);
  }

  const stopLocation = options.subscribeLocation(sync);
  const stopManager = manager.subscribe(watchMode);
  watchMode();
  sync();

  return {
    notices: () => notices,
    subscribeNotices(listener) {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
    dismissNotices: () => setNotices([]),
    stop() {
      stopLocation();
      stopManager();
      unsubscribePlayback?.();
      if (timer) clearTimeout(timer);
    },
  };
}
