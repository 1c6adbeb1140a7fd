import { defaultFleet } from '@gigawatt/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDashboardStore } from '../store/createDashboardStore.ts';
import { createHistoryFiller } from '../store/createHistoryFiller.ts';
import { type FakePlayable, fakeLiveSource, fakePlayableSource } from '../testing/fakePlayableSource.ts';
import { bindReplayUrl } from './bindReplayUrl.ts';
import { createSourceManager, type RecordingInput } from './sourceManager.ts';

const T0 = Date.UTC(2026, 10, 23, 14, 0, 0);
const SPAN = { start: T0, end: T0 + 3600_000 };

function setup() {
  const store = createDashboardStore();
  const lives: ReturnType<typeof fakeLiveSource>[] = [];
  const opened: Array<{ input: RecordingInput; source: FakePlayable; startAt: number | undefined }> = [];
  let fail: string | null = null;
  const manager = createSourceManager({
    store,
    history: () => history,
    createLive: () => {
      const s = fakeLiveSource(defaultFleet);
      lives.push(s);
      return s;
    },
    openRecording: async (input, opts) => {
      await Promise.resolve();
      if (fail) throw new Error(fail);
      const source = fakePlayableSource(SPAN, defaultFleet);
      if (opts.startAt !== undefined) source.seek(opts.startAt);
      opened.push({ input, source, startAt: opts.startAt });
      return source;
    },
    fallbackFleet: async () => defaultFleet,
  });
  const history = createHistoryFiller(store, manager);
  return {
    store,
    manager,
    lives,
    opened,
    failWith: (m: string | null) => {
      fail = m;
    },
  };
}

describe('createSourceManager', () => {
  it('goes live, then switches to a recording and back, feeding one store', async () => {
    const { store, manager, lives, opened } = setup();
    manager.goLive();
    expect(lives).toHaveLength(1);
    expect(store.getState().status).toBe('live');
    manager.goLive(); // no-op while live
    expect(lives).toHaveLength(1);

    const p = manager.open({
      rec: 'cap-1',
      name: 'cap-1',
      input: { kind: 'url', url: '/api/recordings/cap-1/file', id: 'cap-1' },
      startAt: T0 + 60_000,
    });
    // The screen empties at once: the URL already says replay.
    expect(lives[0]!.stopped).toBe(true);
    expect(manager.getSnapshot().mode.kind).toBe('opening');
    expect(store.getState().fleet).toBeNull();
    expect(store.getState().status).toBe('replay');
    expect(await p).toEqual({ ok: true });
    const snap = manager.getSnapshot();
    expect(snap.mode.kind).toBe('replay');
    expect(snap.source).toBe(opened[0]!.source);
    expect(opened[0]!.startAt).toBe(T0 + 60_000);
    expect(store.getState().fleet).not.toBeNull();
    expect(store.getState().capabilities.has('playback')).toBe(true);

    manager.goLive();
    expect(opened[0]!.source.stopped).toBe(true);
    expect(lives).toHaveLength(2);
    expect(store.getState().status).toBe('live');
    // Events of a stopped source never reach the store.
    opened[0]!.source.listener?.({ type: 'status', status: 'replay' });
    expect(store.getState().status).toBe('live');
  });

  it('a recording that fails to open says why and leaves the screen empty', async () => {
    const { store, manager, failWith } = setup();
    manager.goLive();
    failWith('not an MCAP file');
    const r = await manager.open({
      rec: 'cap-2',
      name: 'cap-2',
      input: { kind: 'url', url: '/x', id: 'cap-2' },
    });
    expect(r).toEqual({ ok: false, message: 'not an MCAP file' });
    expect(manager.getSnapshot().mode).toEqual({ kind: 'failed', rec: 'cap-2', message: 'not an MCAP file' });
    expect(store.getState().error?.message).toBe('not an MCAP file');
    expect(store.getState().status).toBe('failed');
  });

  it('a tentative open (a dropped file) keeps live running until it succeeds, and on failure', async () => {
    const { store, manager, lives, failWith } = setup();
    manager.goLive();
    failWith('broken');
    const bytes = { kind: 'bytes', bytes: new Uint8Array(4), name: 'x.mcap' } as const;
    expect(await manager.open({ rec: 'local', name: 'x.mcap', input: bytes, tentative: true })).toEqual({
      ok: false,
      message: 'broken',
    });
    expect(lives[0]!.stopped).toBe(false);
    expect(manager.getSnapshot().mode.kind).toBe('live');
    expect(store.getState().status).toBe('live');
    failWith(null);
    expect(await manager.open({ rec: 'local', name: 'x.mcap', input: bytes, tentative: true })).toEqual({
      ok: true,
    });
    expect(manager.getSnapshot().mode).toMatchObject({ kind: 'replay', rec: 'local', local: true });
  });

  it('a newer switch wins over a recording still opening', async () => {
    const { manager, opened } = setup();
    const a = manager.open({ rec: 'cap-a', name: 'a', input: { kind: 'url', url: '/a' } });
    const b = manager.open({ rec: 'cap-b', name: 'b', input: { kind: 'url', url: '/b' } });
    await Promise.all([a, b]);
    expect(opened).toHaveLength(2);
    expect(opened[0]!.source.stopped).toBe(true);
    expect(manager.getSnapshot().mode).toMatchObject({ kind: 'replay', rec: 'cap-b' });
  });
});

describe('bindReplayUrl', () => {
  let href = '/';
  let locListeners: Array<() => void> = [];
  let clock = 0;
  const location = () => {
    const u = new URL(href, 'http://x');
    return { pathname: u.pathname, search: u.search, hash: u.hash };
  };
  const go = (h: string) => {
    href = h;
    for (const l of locListeners) l();
  };
  beforeEach(() => {
    vi.useFakeTimers();
    href = '/';
    locListeners = [];
    clock = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const bind = (manager: ReturnType<typeof setup>['manager']) =>
    bindReplayUrl({
      manager,
      viewerToken: 'vt',
      autoplay: (p) => p === '/wall',
      subscribeLocation: (l) => {
        locListeners.push(l);
        return () => {
          locListeners = locListeners.filter((x) => x !== l);
        };
      },
      location,
      replaceUrl: (h) => {
        href = h;
      },
      now: () => clock,
    });

  it('opens what the URL names at its t and writes the playhead back, throttled while playing', async () => {
    const { manager, opened, lives } = setup();
    href = '/site/ohio?hall=h1&rec=cap-20261123T140000Z-1a2b3c4d&t=2026-11-23T14:05:09Z&speed=10';
    const b = bind(manager);
    await vi.waitFor(() => expect(manager.getSnapshot().mode.kind).toBe('replay'));
    expect(lives).toHaveLength(0);
    const o = opened[0]!;
    expect(o.input).toEqual({
      kind: 'url',
      url: '/api/recordings/cap-20261123T140000Z-1a2b3c4d/file',
      id: 'cap-20261123T140000Z-1a2b3c4d',
      token: 'vt',
    });
    expect(o.startAt).toBe(Date.UTC(2026, 10, 23, 14, 5, 9));
    expect(o.source.calls).not.toContain('play');
    // Playing: one write at once, then at most one a second.
    o.source.play();
    clock = 100;
    o.source.emitPlayback({ t: T0 + 6 * 60_000 });
    expect(href).toContain('t=2026-11-23T14:05:09Z');
    clock = 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(href).toBe('/site/ohio?hall=h1&rec=cap-20261123T140000Z-1a2b3c4d&t=2026-11-23T14:06:00Z');
    // Pausing writes at once; a loop shows up as from/to.
    clock = 1200;
    o.source.setLoop({ from: T0, to: T0 + 60_000 });
    o.source.pause();
    expect(href).toContain('loop=2026-11-23T14:00:00Z/2026-11-23T14:01:00Z');
    // Another route, same recording: nothing reopens, the new URL gets the playhead.
    go('/exec?rec=cap-20261123T140000Z-1a2b3c4d');
    expect(opened).toHaveLength(1);
    expect(href).toContain('/exec?rec=cap-20261123T140000Z-1a2b3c4d&t=2026-11-23T14:06:00Z');
    // Back to live drops it all.
    go('/exec');
    expect(manager.getSnapshot().mode.kind).toBe('live');
    expect(o.source.stopped).toBe(true);
    expect(href).toBe('/exec');
    b.stop();
  });

  it('plays by itself on the wall; a bad t is ignored with a notice', async () => {
    const { manager, opened } = setup();
    href = '/wall?rec=cap-1&t=tomorrow';
    const b = bind(manager);
    await vi.waitFor(() => expect(manager.getSnapshot().mode.kind).toBe('replay'));
    expect(opened[0]!.source.calls).toContain('play');
    expect(b.notices()[0]).toMatch(/t=tomorrow/);
    b.dismissNotices();
    expect(b.notices()).toEqual([]);
    b.stop();
  });

  it('a t outside the recording is clamped with a notice', async () => {
    const { manager } = setup();
    href = '/?rec=cap-1&t=2030-01-01T00:00:00Z';
    const b = bind(manager);
    await vi.waitFor(() => expect(b.notices()).toHaveLength(1));
    expect(b.notices()[0]).toMatch(/outside this recording/);
    b.stop();
  });

  it('a link to a local file says it cannot be opened here', () => {
    const { manager, store } = setup();
    href = '/replay?rec=local';
    const b = bind(manager);
    expect(manager.getSnapshot().mode.kind).toBe('failed');
    expect(store.getState().error?.message).toMatch(/local file/);
    b.stop();
  });
});
