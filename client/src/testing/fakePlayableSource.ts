import type { FleetConfig } from '@gigawatt/shared';
import type { PlayableSource } from '../session/sourceManager.ts';
import type { PlaybackState } from '../sources/PlaybackController.ts';
import type { SourceListener, TelemetrySource } from '../sources/TelemetrySource.ts';

/** A recording source for tests: a transport that only keeps state, and a record of calls. */
export interface FakePlayable extends PlayableSource {
  calls: string[];
  listener: SourceListener | null;
  stopped: boolean;
  emitPlayback(patch: Partial<PlaybackState>): void;
}

export function fakePlayableSource(
  span: { start: number; end: number },
  fleet?: FleetConfig,
  id = 'cap-1',
): FakePlayable {
  const listeners = new Set<(s: PlaybackState) => void>();
  let state: PlaybackState = {
    recording: { id, name: 'Fake', start: span.start, end: span.end, level: 'hall', sites: [], sizeBytes: 1 },
    t: span.start,
    playing: false,
    speed: 1,
    loop: null,
    markers: [],
  };
  const set = (patch: Partial<PlaybackState>) => {
    state = { ...state, ...patch };
    for (const l of [...listeners]) l(state);
  };
  const clamp = (t: number) => Math.min(span.end, Math.max(span.start, t));
  const s: FakePlayable = {
    kind: 'recording',
    capabilities: new Set(['seek', 'playback', 'history']),
    status: 'replay',
    calls: [],
    listener: null,
    stopped: false,
    start(listener) {
      s.listener = listener;
      listener({ type: 'status', status: 'replay' });
      if (fleet)
        listener({ type: 'hello', fleet, serverTime: state.t, lastSeq: 0, alerts: [], clockRate: 0 });
    },
    stop() {
      s.stopped = true;
    },
    subscribeHall: () => () => {},
    fetchHistory: async (q) => ({ from: q.from, to: q.to, tier: '1s', stepMs: 1000, series: [] }),
    get playback() {
      return state;
    },
    onPlayback(l) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    play() {
      s.calls.push('play');
      set({ playing: true });
    },
    pause() {
      s.calls.push('pause');
      set({ playing: false });
    },
    setSpeed(speed) {
      s.calls.push(`speed ${speed}`);
      set({ speed });
    },
    seek(t) {
      s.calls.push(`seek ${t}`);
      set({ t: clamp(t) });
    },
    step(seconds) {
      s.calls.push(`step ${seconds}`);
      set({ t: clamp(state.t + seconds * 1000), playing: false });
    },
    setLoop(loop) {
      s.calls.push(loop ? `loop ${loop.from}/${loop.to}` : 'loop off');
      set({ loop });
    },
    seekAlert(direction) {
      s.calls.push(`alert ${direction}`);
      return false;
    },
    async refreshAnnotations() {
      s.calls.push('refresh');
    },
    emitPlayback: set,
  };
  return s;
}

/** A live source for tests: records whether it was started and stopped. */
export function fakeLiveSource(
  fleet?: FleetConfig,
): TelemetrySource & { started: boolean; stopped: boolean } {
  const s = {
    kind: 'live' as const,
    capabilities: new Set(['rackDetail', 'history'] as const),
    status: 'connecting' as const,
    started: false,
    stopped: false,
    start(listener: SourceListener) {
      s.started = true;
      listener({ type: 'status', status: 'live' });
      if (fleet) listener({ type: 'hello', fleet, serverTime: 1, lastSeq: 0, alerts: [], clockRate: 1 });
    },
    stop() {
      s.stopped = true;
    },
    subscribeHall: () => () => {},
    fetchHistory: async (q: { from: number; to: number }) => ({
      from: q.from,
      to: q.to,
      tier: '1s' as const,
      stepMs: 1000,
      series: [],
    }),
  };
  return s;
}
