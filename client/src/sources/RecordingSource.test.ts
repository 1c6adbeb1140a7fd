import { defaultFleet, fleetMetric, hallMetric, indexFleet, rollupFleet, siteMetric } from '@gigawatt/shared';
import { openRecording, RecordingError } from '@gigawatt/shared/recording';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecording, manualClock } from '../testing/recordingFixture.ts';
import { rig, stopRigs, T0 } from '../testing/recordingRig.ts';
import { CONTRACT_T0, describeTelemetrySource } from '../testing/telemetrySourceContract.ts';
import { HISTORY_CHUNK_BUDGET } from './historyWindows.ts';
import type { PlaybackState } from './PlaybackController.ts';
import { RecordingSource } from './RecordingSource.ts';

afterEach(stopRigs);

describe('RecordingSource', () => {
  it('opens paused at the start: status replay, a hello with the clock stopped, then the first tick', async () => {
    const r = await rig();
    const s = r.source;
    expect(s.kind).toBe('recording');
    expect(s.status).toBe('replay');
    expect([...s.capabilities].sort()).toEqual(['history', 'playback', 'seek']);
    expect(r.events.map((e) => e.type)).toEqual(['status', 'hello', 'ticks']);
    const hello = r.of('hello')[0]!;
    expect(hello).toMatchObject({ serverTime: T0, clockRate: 0, lastSeq: T0 / 1000, alerts: [] });
    expect(hello.fleet.sites.map((x) => x.id)).toEqual(defaultFleet.sites.map((x) => x.id));
    const tick = r.of('ticks')[0]!.ticks[0]!;
    expect(tick).toEqual({ t: T0, seq: T0 / 1000, sites: r.fixture.samples.get(T0) });
    expect(s.playback).toMatchObject({
      t: T0,
      playing: false,
      speed: 1,
      loop: null,
      recording: { start: T0, end: T0 + 119_000, name: 'fixture', level: 'hall', id: undefined },
    });
    expect(s.playback.recording.sites).toEqual(defaultFleet.sites.map((x) => x.id));
    expect(s.playback.recording.rackHalls).toEqual([]);
  });

  it('plays at 10× from a fake clock, handing over every second once and in order', async () => {
    const r = await rig({}, { speed: 10 });
    r.source.play();
    expect(r.of('hello').at(-1)?.clockRate).toBe(10);
    await r.run(3000);
    const times = r.tickTimes();
    expect(times).toEqual(Array.from({ length: 31 }, (_, i) => T0 + i * 1000));
    for (const e of r.of('ticks')) for (const tick of e.ticks) expect(tick.seq).toBe(tick.t / 1000);
    expect(r.source.playback.t).toBe(T0 + 30_000);
  });

  it('keeps up at 100×, handing seconds over in batches a few per frame', async () => {
    const r = await rig({ seconds: 900, chunkSize: 32 * 1024 }, { speed: 100 });
    r.source.play();
    await r.run(5000);
    const times = r.tickTimes();
    expect(times).toEqual(Array.from({ length: 501 }, (_, i) => T0 + i * 1000));
    expect(r.of('ticks').length).toBeLessThanOrEqual(51);
    expect(r.source.playback.playing).toBe(true);
  });

  it('sends a hello (no reset) on play, pause and speed changes, with the clock rate of the moment', async () => {
    const r = await rig();
    r.events.splice(0);
    r.source.play();
    await r.run(2000);
    r.source.setSpeed(4);
    await r.run(1000);
    r.source.pause();
    const hellos = r.of('hello').map((h) => [h.serverTime - T0, h.clockRate]);
    expect(hellos).toEqual([
      [0, 1],
      [2000, 4],
      [6000, 0],
    ]);
    expect(r.of('reset')).toHaveLength(0);
    expect(r.tickTimes().at(-1)).toBe(T0 + 6000);
    r.events.splice(0);
    r.source.play();
    r.source.seek(T0 + 50_000); // a seek while playing keeps playing
    await r.source.idle();
    expect(r.events.map((e) => e.type)).toEqual(['hello', 'reset', 'hello', 'ticks']);
    expect(r.of('hello').at(-1)).toMatchObject({ serverTime: T0 + 50_000, clockRate: 4 });
    expect(r.source.playback.playing).toBe(true);
  });

  it('gives up a history query when its signal aborts', async () => {
    const r = await rig();
    const ctrl = new AbortController();
    ctrl.abort(new Error('chart unmounted'));
    await expect(
      r.source.fetchHistory(
        { series: ['fleet:pue'], from: T0, to: T0 + 100_000, maxPoints: 10 },
        ctrl.signal,
      ),
    ).rejects.toThrow(/unmounted/);
  });

  it('seeks with a reset, a hello at the new playhead and the tick there', async () => {
    const r = await rig();
    r.events.splice(0);
    r.source.seek(T0 + 90_400);
    await r.source.idle();
    expect(r.events.map((e) => e.type)).toEqual(['reset', 'hello', 'ticks']);
    expect(r.of('hello')[0]?.serverTime).toBe(T0 + 90_000);
    expect(r.tickTimes()).toEqual([T0 + 90_000]);
    r.events.splice(0);
    r.source.seek(T0 + 5000); // backwards: the window is read again
    await r.source.idle();
    expect(r.tickTimes()).toEqual([T0 + 5000]);
    r.source.seek(T0 - 99_000); // clamped
    await r.source.idle();
    expect(r.source.playback.t).toBe(T0);
  });

  it('pauses at the end of the recording, and play() there starts again from the beginning', async () => {
    const r = await rig({ seconds: 20 }, { speed: 4 });
    r.source.play();
    await r.run(6000);
    expect(r.source.playback.playing).toBe(false);
    expect(r.source.playback.t).toBe(T0 + 19_000);
    expect(r.tickTimes()).toEqual(Array.from({ length: 20 }, (_, i) => T0 + i * 1000));
    expect(r.of('hello').at(-1)?.clockRate).toBe(0);
    r.source.play();
    await r.source.idle();
    expect(r.source.playback.t).toBe(T0);
    expect(r.source.playback.playing).toBe(true);
  });

  it('wraps an A–B loop from its end back to its start', async () => {
    const r = await rig({}, { speed: 2 });
    r.source.setLoop({ from: T0 + 10_000, to: T0 + 14_000 });
    r.source.seek(T0 + 10_000);
    await r.source.idle();
    r.events.splice(0);
    r.source.play();
    await r.run(3000); // 6 s of recording: 11…14, wrap, 10, 11
    const times = r.tickTimes();
    expect(times.slice(0, 4)).toEqual([11, 12, 13, 14].map((s) => T0 + s * 1000));
    expect(times[4]).toBe(T0 + 10_000);
    expect(r.of('reset')).toHaveLength(1);
    expect(Math.max(...times)).toBeLessThanOrEqual(T0 + 14_000);
    // An invalid loop is refused and the old one kept.
    r.source.setLoop({ from: T0 + 5000, to: T0 + 5000 });
    expect(r.source.playback.loop).toEqual({ from: T0 + 10_000, to: T0 + 14_000 });
    r.source.setLoop(null);
    expect(r.source.playback.loop).toBeNull();
  });

  it('steps one second at a time, pausing first', async () => {
    const r = await rig({}, { speed: 1 });
    r.source.play();
    await r.run(2000);
    r.events.splice(0);
    r.source.step(1);
    await r.source.idle();
    expect(r.source.playback).toMatchObject({ playing: false, t: T0 + 3000 });
    expect(r.tickTimes()).toEqual([T0 + 3000]);
    expect(r.of('reset')).toHaveLength(0);
    r.events.splice(0);
    r.source.step(-1);
    await r.source.idle();
    expect(r.source.playback.t).toBe(T0 + 2000);
    expect(r.events.map((e) => e.type)).toEqual(['reset', 'hello', 'ticks']);
  });

  it('skips seconds the recording has no samples for', async () => {
    const r = await rig({ gaps: [3, 4] }, { speed: 10 });
    r.source.play();
    await r.run(700);
    expect(r.tickTimes()).toEqual([0, 1, 2, 5, 6, 7].map((s) => T0 + s * 1000));
  });

  it('lists alerts and annotations as markers, replays alert events and seeks between alerts', async () => {
    const r = await rig({
      alerts: [
        { id: 'a', raise: 5, clear: 9 },
        { id: 'b', raise: 30, severity: 'critical' },
      ],
      annotations: [20],
    });
    const markers = r.source.playback.markers;
    expect(markers.map((m) => [m.kind, m.id, m.t - T0, m.to === undefined ? undefined : m.to - T0])).toEqual([
      ['alert', 'a', 5000, 9000],
      ['annotation', 'note-20', 20_000, undefined],
      ['alert', 'b', 30_000, undefined],
    ]);
    expect(markers[2]).toMatchObject({ severity: 'critical' });
    expect(r.source.seekAlert(1)).toBe(true);
    await r.source.idle();
    expect(r.source.playback.t).toBe(T0 + 5000);
    expect(
      r
        .of('hello')
        .at(-1)
        ?.alerts.map((a) => a.id),
    ).toEqual(['a']);
    r.events.splice(0);
    r.source.play();
    await r.run(5000);
    expect(r.of('alert').map((e) => [e.event.kind, e.event.alert.id])).toEqual([['cleared', 'a']]);
    expect(r.source.seekAlert(1)).toBe(true);
    await r.source.idle();
    expect(r.source.playback.t).toBe(T0 + 30_000);
    expect(r.source.seekAlert(1)).toBe(false);
    expect(r.source.seekAlert(-1)).toBe(true);
    expect(r.source.playback.t).toBe(T0 + 5000);
  });

  it('answers history from the file: the same values, downsampled with min / max / mean', async () => {
    const r = await rig({ seconds: 60 });
    const idx = indexFleet(defaultFleet);
    const res = await r.source.fetchHistory({
      series: ['site:ohio:gpuUtilPct', 'hall:texas:h1:gpuUtilPct', 'fleet:itPowerMw', 'fleet:gpuUtilPct'],
      from: T0 - 60_000,
      to: T0 + 9000,
      maxPoints: 100,
    });
    expect(res.stepMs).toBe(1000);
    const seconds = Array.from({ length: 10 }, (_, i) => T0 + i * 1000);
    const samples = seconds.map((t) => r.fixture.samples.get(t)!);
    const ohio = res.series[0]!;
    expect(ohio.t).toEqual(seconds);
    expect(ohio.mean).toEqual(
      samples.map((ss) => siteMetric(ss.find((x) => x.site === 'ohio')!, 'gpuUtilPct', idx)),
    );
    const texas = samples.map((ss) => ss.find((x) => x.site === 'texas')!);
    expect(res.series[1]!.mean).toEqual(
      texas.map((s) => hallMetric('texas', s.halls.find((h) => h.hall === 'h1')!, 'gpuUtilPct', idx)),
    );
    expect(res.series[2]!.mean).toEqual(samples.map((ss) => fleetMetric(rollupFleet(ss, idx), 'itPowerMw')));
    expect(res.series[3]!.mean).toEqual(samples.map((ss) => fleetMetric(rollupFleet(ss, idx), 'gpuUtilPct')));
    expect(res.series[0]!.unit).toBe('%');

    const coarse = await r.source.fetchHistory({
      series: ['site:ohio:gpuUtilPct'],
      from: T0,
      to: T0 + 59_999,
      maxPoints: 6,
    });
    expect(coarse.stepMs).toBe(10_000);
    const util = [...r.fixture.samples.values()].map((ss) => ss.find((x) => x.site === 'ohio')!.gpuUtilPct);
    const first = util.slice(0, 10);
    const c = coarse.series[0]!;
    expect(c.t).toHaveLength(6);
    expect(c.min[0]).toBe(Math.min(...first));
    expect(c.max[0]).toBe(Math.max(...first));
    expect(c.mean[0]).toBeCloseTo(first.reduce((a, b) => a + b, 0) / 10, 10);

    await expect(
      r.source.fetchHistory({ series: ['site:atlantis:pue'], from: T0, to: T0 + 1000, maxPoints: 10 }),
    ).rejects.toThrow(/unknown site/);
    const outside = await r.source.fetchHistory({ series: ['fleet:pue'], from: 0, to: 1000, maxPoints: 10 });
    expect(outside.series[0]!.t).toEqual([]);
  });

  it('samples chunks for a long span instead of reading the whole file, without skewing roll-ups', async () => {
    const r = await rig({ seconds: 600, chunkSize: 16 * 1024 });
    expect((await openRecording(r.fixture.bytes)).chunkCount).toBeGreaterThan(HISTORY_CHUNK_BUDGET);
    const idx = indexFleet(defaultFleet);
    const res = await r.source.fetchHistory({
      series: ['fleet:itPowerMw'],
      from: T0,
      to: T0 + 599_999,
      maxPoints: 100,
    });
    const s = res.series[0]!;
    expect(res.stepMs).toBe(6000);
    expect(s.t.length).toBeGreaterThan(40);
    expect(s.t.length).toBeLessThanOrEqual(100);
    s.t.forEach((t, i) => {
      const truth = [0, 1, 2, 3, 4, 5].map((k) =>
        fleetMetric(rollupFleet(r.fixture.samples.get(t + k * 1000)!, idx), 'itPowerMw'),
      );
      expect(s.min[i]).toBeGreaterThanOrEqual(Math.min(...truth) - 1e-9);
      expect(s.max[i]).toBeLessThanOrEqual(Math.max(...truth) + 1e-9);
    });
  });

  it('reference-counts hall subscriptions and sends racks of subscribed halls at the playhead', async () => {
    const r = await rig({ rackHalls: [{ site: 'ohio', hall: 'h1' }] }, { speed: 2 });
    expect(r.source.capabilities.has('rackDetail')).toBe(true);
    expect(r.source.playback.recording.level).toBe('rack');
    // The halls it has racks for: any other hall says so instead of waiting for rack data.
    expect(r.source.playback.recording.rackHalls).toEqual(['ohio/h1']);
    const a = r.source.subscribeHall({ site: 'ohio', hall: 'h1' });
    const b = r.source.subscribeHall({ site: 'ohio', hall: 'h1' });
    await r.source.idle();
    expect(r.of('racks').map((e) => e.block.t)).toEqual([T0]);
    r.source.play();
    await r.run(1000);
    const last = r.of('racks').at(-1)!.block;
    expect(last.t).toBe(r.source.playback.t);
    expect(Array.from(last.powerKw)).toEqual(
      Array.from(r.fixture.racks.find((x) => x.t === last.t)!.powerKw),
    );
    a();
    a();
    await r.run(1000);
    const afterOne = r.of('racks').length;
    expect(r.of('racks').at(-1)!.block.t).toBe(r.source.playback.t);
    b();
    await r.run(1000);
    expect(r.of('racks').length).toBe(afterOne);
  });

  it('tells player listeners about changes, but only a few times a second while playing', async () => {
    const r = await rig({}, { speed: 10 });
    const heard: PlaybackState[] = [];
    r.source.onPlayback((s) => heard.push(s));
    r.source.play();
    await r.run(2000);
    expect(heard[0]?.playing).toBe(true);
    expect(heard.length).toBeGreaterThanOrEqual(5);
    expect(heard.length).toBeLessThanOrEqual(10);
    r.source.setSpeed(1000);
    expect(r.source.playback.speed).toBe(100);
    r.source.pause();
    expect(heard.at(-1)).toMatchObject({ playing: false, speed: 100 });
    expect(r.source.playback).toBe(r.source.playback); // stable snapshot for React
  });

  it('stops timers and goes quiet on stop()', async () => {
    const r = await rig();
    r.source.play();
    expect(r.clock.pending()).toBe(1);
    r.source.stop();
    expect(r.clock.pending()).toBe(0);
    const n = r.events.length;
    await r.run(2000);
    expect(r.events.length).toBe(n);
  });

  it('refuses files that are not recordings with a clear RecordingError', async () => {
    const open = (bytes: Uint8Array) =>
      RecordingSource.open({ kind: 'bytes', bytes, name: 'x.mcap' }, { fallbackFleet: defaultFleet });
    await expect(open(new Uint8Array(0))).rejects.toThrow(/empty/);
    await expect(open(new TextEncoder().encode('hello, world, this is not MCAP'))).rejects.toMatchObject({
      name: 'RecordingError',
      code: 'not-mcap',
    });
    const { bytes } = await buildRecording({ start: T0, seconds: 5 });
    const cut = open(bytes.subarray(0, bytes.byteLength - 100));
    await expect(cut).rejects.toBeInstanceOf(RecordingError);
    await expect(cut).rejects.toThrow(/x\.mcap.*(footer|cut short)/);
    await expect(RecordingSource.open({ kind: 'bytes', bytes, name: 'x.mcap' }, {})).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/fleet/),
    });
  });

  it("renders with the file's own fleet when it carries one, before any fallback", async () => {
    const { bytes } = await buildRecording({
      start: T0,
      seconds: 3,
      sites: ['texas', 'ohio'],
      ownFleet: true,
    });
    const alone = await RecordingSource.open({ kind: 'bytes', bytes, name: 'own.mcap' });
    expect(alone.fleet.sites.map((s) => s.id)).toEqual(['ohio', 'texas']);
    const other = { ...defaultFleet, name: 'another fleet' };
    const withFallback = await RecordingSource.open(
      { kind: 'bytes', bytes, name: 'own.mcap' },
      { fallbackFleet: other },
    );
    expect(withFallback.fleet.name).toBe(defaultFleet.name);
    // An older file (no fleet) takes the fallback, cut to the recorded sites.
    const old = await buildRecording({ start: T0, seconds: 3, sites: ['missouri'] });
    const s = await RecordingSource.open(
      { kind: 'bytes', bytes: old.bytes, name: 'old.mcap' },
      { fallbackFleet: other },
    );
    expect(s.fleet.name).toBe('another fleet');
    expect(s.fleet.sites.map((x) => x.id)).toEqual(['missouri']);
    expect(s.playback.recording.sites).toEqual(['missouri']);
  });
});

describeTelemetrySource('RecordingSource', async () => {
  const fixture = await buildRecording({ start: CONTRACT_T0 + 1000, seconds: 12 });
  const clock = manualClock(1_000_000);
  const source = await RecordingSource.open(
    { kind: 'bytes', bytes: fixture.bytes, name: 'contract.mcap' },
    { fallbackFleet: defaultFleet, now: clock.now, scheduler: clock.scheduler },
  );
  const settle = async () => {
    await source.idle();
  };
  return {
    source,
    afterStart: async () => {
      source.play();
      await settle();
    },
    // The recording holds every second; delivering one means playing up to it.
    deliver: async (_seq, t) => {
      const ahead = t - source.playback.t;
      if (ahead > 0) clock.advance(ahead);
      await settle();
    },
    settle,
    dispose: () => {},
  };
});
