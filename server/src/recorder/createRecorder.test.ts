import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { type AlertEvent, defaultFleet } from '@gigawatt/shared';
import {
  openRecording,
  RECORDING_ID_PATTERN,
  type RecordedMessage,
  readMarkerIndex,
} from '@gigawatt/shared/recording';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder, type Recorder, type RecorderEvent, type RecorderOptions } from './createRecorder.ts';
import { openFileReadable } from './fileReadable.ts';
import { type OpenSink, openFileSink } from './fileSink.ts';
import { RecorderError } from './recorderError.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const sim = createSimulator({ seed: 1 });
const ohio = defaultFleet.sites.find((s) => s.id === 'ohio')!;
const [hallA, hallB] = [ohio.halls[0]!.id, ohio.halls[1]!.id];

let dir: string;
let t: number;
let events: RecorderEvent[];
const open: Recorder[] = [];

async function recorder(options: Partial<RecorderOptions> = {}): Promise<Recorder> {
  const r = await createRecorder({
    dataDir: dir,
    fleet: defaultFleet,
    now: () => t,
    flushMs: 3_600_000, // tests flush explicitly
    onEvent: (e) => events.push(e),
    ...options,
  });
  open.push(r);
  return r;
}

/** `seconds` of the whole fleet at site + hall level, one simulated second at a time. */
async function feed(r: Recorder, seconds: number, options: { racks?: boolean } = {}) {
  for (let i = 0; i < seconds; i++) {
    for (const s of sim.sampleFleet(t)) r.onSample(s);
    if (options.racks) for (const h of ohio.halls.slice(0, 3)) r.onRacks(sim.racks('ohio', h.id, t));
    t += 1000;
    if (i % 10 === 9) await r.flush();
  }
  await r.flush();
}

async function readAll(path: string): Promise<RecordedMessage[]> {
  const file = await openFileReadable(path);
  try {
    const out: RecordedMessage[] = [];
    for await (const m of (await openRecording(file)).readMessages()) out.push(m);
    return out;
  } finally {
    await file.close();
  }
}

const alert = (site: string, at: number): AlertEvent => ({
  kind: 'raised',
  alert: {
    id: `power-cap-80:${site}`,
    rule: 'power-cap-80',
    severity: 'warning',
    scope: { site },
    title: `${site} facility power at 81 % of cap`,
    value: 81,
    threshold: 80,
    unit: '%',
    start: at,
    state: 'raised',
  },
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gigawatt-recorder-'));
  t = T0;
  events = [];
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('createRecorder: always-on segments', () => {
  it('cuts segments at the configured duration, on its multiples, and compacts finished ones', async () => {
    const r = await recorder({ segmentMs: 60_000 });
    await feed(r, 150);
    await r.close();
    const segments = r.list().sort((a, b) => a.start - b.start);
    expect(segments.map((s) => [s.kind, s.level, s.state])).toEqual([
      ['segment', 'hall', 'complete'],
      ['segment', 'hall', 'complete'],
      ['segment', 'hall', 'complete'],
    ]);
    expect(segments.map((s) => [s.start - T0, s.end! - T0])).toEqual([
      [0, 59_000],
      [60_000, 119_000],
      [120_000, 149_000],
    ]);
    let total = 0;
    for (const s of segments) {
      const messages = await readAll(r.filePath(s.id));
      expect(messages).toHaveLength(s.messages);
      total += messages.length;
      const file = await openFileReadable(r.filePath(s.id));
      const opened = await openRecording(file);
      await file.close();
      expect(opened.metadata).toMatchObject({ level: 'hall', sites: defaultFleet.sites.map((x) => x.id) });
      // The fleet travels with the file (compaction keeps it), so it renders without this server.
      expect(opened.metadata?.fleet).toEqual(defaultFleet);
      // One chunk per second while recording, repacked into a few large chunks once finished.
      expect(opened.chunkCount).toBeLessThan(4);
    }
    expect(total).toBe(150 * defaultFleet.sites.length);
    const first = (await readAll(r.filePath(segments[0]!.id)))[0];
    expect(first?.kind === 'site' && first.sample.halls.length).toBeGreaterThan(0);
  });

  it('deletes the oldest finished segments beyond the size limit, and those past the age limit', async () => {
    const bySize = await recorder({ segmentMs: 10_000, maxBytes: 60_000 });
    await feed(bySize, 95);
    await bySize.close();
    const kept = bySize.list();
    expect(events.filter((e) => e.type === 'deleted').length).toBeGreaterThan(0);
    expect(kept.reduce((n, x) => n + x.size, 0)).toBeLessThanOrEqual(60_000);
    // What is left is the newest: deletion went oldest first.
    expect(Math.max(...kept.map((x) => x.end!))).toBe(T0 + 94_000);
    const onDisk = (await readdir(join(dir, 'recordings'))).sort();
    expect(onDisk).toEqual(kept.flatMap((x) => [`${x.id}.json`, `${x.id}.mcap`]).sort());

    events = [];
    const byAge = await recorder({ segmentMs: 10_000, maxAgeMs: 30_000 });
    t += 10 * 60_000;
    await feed(byAge, 25);
    await byAge.close();
    expect(byAge.list().every((x) => x.start >= t - 60_000)).toBe(true);
    expect(events.filter((e) => e.type === 'deleted').length).toBe(kept.length);
  });
});

describe('createRecorder: captures', () => {
  it('records rack level for its scope only, plus that scope’s samples and alerts', async () => {
    const r = await recorder({ alwaysOn: false });
    const id = await r.startCapture({
      name: 'Ohio hall A incident',
      level: 'rack',
      halls: [{ site: 'ohio', hall: hallA }],
    });
    expect(id).toMatch(RECORDING_ID_PATTERN);
    expect(r.wantsRacks('ohio', hallA)).toBe(true);
    expect(r.wantsRacks('ohio', hallB)).toBe(false);
    r.onAlert(alert('ohio', t), t);
    r.onAlert(alert('texas', t), t);
    await feed(r, 5, { racks: true });
    const info = await r.stopCapture(id);
    expect(info).toMatchObject({
      kind: 'capture',
      level: 'rack',
      state: 'complete',
      name: 'Ohio hall A incident',
    });
    expect(r.wantsRacks('ohio', hallA)).toBe(false);
    const messages = await readAll(r.filePath(id));
    const topics = new Set(messages.map((m) => m.topic));
    expect(topics).toEqual(new Set(['/site/ohio', `/racks/ohio/${hallA}`, '/alerts']));
    expect(messages.filter((m) => m.kind === 'racks')).toHaveLength(5);
    expect(messages.filter((m) => m.kind === 'alert')).toHaveLength(1);
    expect(await r.stopCapture(id)).toMatchObject({ state: 'complete' });
    // A capture's fleet is the part it covers.
    const file = await openFileReadable(r.filePath(id));
    const opened = await openRecording(file);
    await file.close();
    expect(opened.metadata?.fleet?.sites).toEqual([ohio]);
  });

  it('site level keeps SiteSamples without halls; list, remove', async () => {
    const r = await recorder({ alwaysOn: false });
    const id = await r.startCapture({ name: 'exec view', level: 'site', sites: ['texas', 'ohio'] });
    await feed(r, 3, { racks: true });
    await r.stopCapture(id);
    const messages = await readAll(r.filePath(id));
    expect(messages).toHaveLength(6);
    expect(messages.every((m) => m.kind === 'site' && m.sample.halls.length === 0)).toBe(true);
    expect(r.list().map((x) => x.id)).toEqual([id]);
    await r.remove(id);
    expect(r.list()).toEqual([]);
    expect(await readdir(join(dir, 'recordings'))).toEqual([]);
    await expect(r.remove(id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses unknown sites and halls, bad names, and too many captures', async () => {
    const r = await recorder({ alwaysOn: false, maxCaptures: 1 });
    await expect(r.startCapture({ name: 'x', level: 'rack', sites: ['mars'] })).rejects.toThrow(
      /unknown site/,
    );
    await expect(
      r.startCapture({ name: 'x', level: 'rack', halls: [{ site: 'ohio', hall: 'h999' }] }),
    ).rejects.toThrow(/unknown hall/);
    await expect(r.startCapture({ name: 'bad\u0000name', level: 'hall' })).rejects.toMatchObject({
      code: 'invalid',
    });
    await r.startCapture({ name: 'one', level: 'hall' });
    await expect(r.startCapture({ name: 'two', level: 'hall' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses ids with path tricks and writes nothing outside the data folder', async () => {
    const r = await recorder();
    await feed(r, 2);
    const id = await r.startCapture({ name: '../../../../tmp/evil', level: 'hall' });
    const tricks = [
      '../x',
      'a/b',
      '/etc/passwd',
      `${id}\u0000`,
      `${id}/../../x`,
      '..',
      '',
      `${id}.mcap`,
      `${id}\n`,
    ];
    for (const bad of tricks) {
      expect(() => r.filePath(bad)).toThrow(RecorderError);
      await expect(r.remove(bad)).rejects.toMatchObject({ code: 'bad-id' });
      await expect(r.stopCapture(bad)).rejects.toMatchObject({ code: 'bad-id' });
      await expect(
        r.addAnnotation(bad, { id: 'n1', t, text: 'x', author: 'a', createdAt: t }),
      ).rejects.toMatchObject({ code: 'bad-id' });
    }
    await r.close();
    expect(await readdir(dir)).toEqual(['recordings']);
    for (const name of await readdir(join(dir, 'recordings'))) {
      expect(name.replace(/\.(mcap|json)$/, '')).toMatch(RECORDING_ID_PATTERN);
    }
  });
});

describe('createRecorder: annotations', () => {
  it('writes to the running segment, to a finished one (appended in place), and by id', async () => {
    const r = await recorder({ segmentMs: 60_000 });
    await feed(r, 70);
    const [current, finished] = r.list();
    const note = (id: string, at: number) => ({ id, t: at, text: `note ${id}`, author: 'ana', createdAt: t });
    expect(await r.addAnnotation('current', note('now', t - 2000))).toEqual([current!.id]);
    expect(await r.addAnnotation('current', note('earlier', T0 + 30_000))).toEqual([finished!.id]);
    await r.addAnnotation(finished!.id, note('again', T0 + 31_000));
    await expect(r.addAnnotation('current', { ...note('x', t), text: '' })).rejects.toMatchObject({
      code: 'invalid',
    });
    await r.close();
    const texts = async (id: string) =>
      (await readAll(r.filePath(id))).flatMap((m) => (m.kind === 'annotation' ? [m.annotation.text] : []));
    expect(await texts(current!.id)).toEqual(['note now']);
    expect(await texts(finished!.id)).toEqual(['note earlier', 'note again']);
    // The markers index (what players read instead of every chunk) says the same after each append.
    const indexed = async (id: string) => {
      const file = await openFileReadable(r.filePath(id));
      try {
        return (await readMarkerIndex(await openRecording(file)))?.annotations.map((a) => a.text);
      } finally {
        await file.close();
      }
    };
    expect(await indexed(current!.id)).toEqual(['note now']);
    expect(await indexed(finished!.id)).toEqual(['note earlier', 'note again']);
    expect(r.get(finished!.id)?.messages).toBe(60 * 4 + 2);
  });
});

describe('createRecorder: failures', () => {
  it('a full disk stops that recording with an error event; the recorder and other recordings go on', async () => {
    let full = false;
    const openSink: OpenSink = (path) => {
      const inner = openFileSink(path);
      const capture = path.includes('/cap-');
      return {
        write: async (bytes) => {
          if (full && !capture)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          return inner.write(bytes);
        },
        close: () => inner.close(),
      };
    };
    const r = await recorder({ openSink, retryMs: 20_000 });
    const capture = await r.startCapture({ name: 'during the outage', level: 'hall', sites: ['ohio'] });
    await feed(r, 5);
    full = true;
    await feed(r, 5);
    const failed = r.list().find((x) => x.kind === 'segment')!;
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringMatching(/ENOSPC/) });
    expect(events).toContainEqual({
      type: 'error',
      id: failed.id,
      kind: 'segment',
      error: expect.stringMatching(/ENOSPC/),
    });
    expect(r.stats().writeErrors).toBe(1);
    full = false;
    await feed(r, 25); // past the retry pause: a new segment starts
    const after = r.list().filter((x) => x.kind === 'segment' && x.state === 'recording');
    expect(after).toHaveLength(1);
    expect(after[0]!.messages).toBeGreaterThan(0);
    expect((await r.stopCapture(capture)).messages).toBe(35);
    await r.close();
    // The failed segment is recovered at the next start: what reached the disk before the error.
    const again = await recorder();
    expect(again.get(failed.id)).toMatchObject({
      state: 'recovered',
      messages: 20,
      error: expect.stringMatching(/ENOSPC/),
    });
  });

  it('drops (and counts) messages when the disk cannot keep up, instead of queueing without bound', async () => {
    const stuck: OpenSink = () => ({ write: () => new Promise(() => {}), close: async () => {} });
    const r = await recorder({ openSink: stuck, maxQueueBytes: 50_000 });
    for (let i = 0; i < 60; i++) {
      for (const s of sim.sampleFleet(t)) r.onSample(s);
      t += 1000;
      void r.flush();
    }
    expect(r.stats().dropped).toBeGreaterThan(0);
    expect(events.find((e) => e.type === 'dropped')).toMatchObject({ count: 1 });
    open.splice(open.indexOf(r), 1); // its writes never finish, so it cannot close
  });

  it('recovers a segment cut short by kill -9, losing at most about the last second', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/src/recorder/recorderCrashChild.ts', dir],
      {
        cwd: join(import.meta.dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const fed: { t: number; at: number }[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) fed.push({ t: Number(line), at: performance.now() });
    });
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error('child exited early')));
      const poll = setInterval(() => {
        if (fed.length >= 40) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    }).catch((e) => {
      throw e;
    });
    const killedAt = performance.now();
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const r = await recorder();
    const [seg] = r.list();
    expect(seg).toMatchObject({ kind: 'segment', state: 'recovered' });
    expect(events.find((e) => e.type === 'recovered')).toBeDefined();
    const times = [...new Set((await readAll(r.filePath(seg!.id))).map((m) => m.t))];
    // A prefix of what was fed, with nothing missing in between...
    expect(times).toEqual(fed.slice(0, times.length).map((f) => f.t));
    // ...that includes everything fed more than a flush interval (plus scheduling slack) before the kill.
    const due = fed.filter((f) => f.at < killedAt - 1500).length;
    expect(times.length).toBeGreaterThanOrEqual(due);
  });
});
