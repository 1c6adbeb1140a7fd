import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { type Alert, type AlertEvent, defaultFleet } from '@gigawatt/shared';
import { createRecordingWriter } from '@gigawatt/shared/recording';

const MINUTE = 60_000;

export interface ReplayFixture {
  id: string;
  name: string;
  path: string;
  start: number;
  /** Last recorded second. */
  end: number;
  /** The critical alert: raised when the Texas Hall 1 job crashes, cleared when it restarts. */
  crash: { id: string; t: number; to: number; title: string };
  /** An earlier warning (Ohio inlet temperature). */
  warning: { id: string; t: number; to: number; title: string };
  noteT: number;
}

function alert(
  id: string,
  severity: Alert['severity'],
  site: string,
  hall: string,
  title: string,
  start: number,
): Alert {
  return {
    id,
    rule: severity === 'critical' ? 'job-crash' : 'inlet-temp',
    severity,
    scope: { site, hall },
    title,
    value: 1,
    threshold: 1,
    unit: '',
    start,
    state: 'raised',
  };
}

/**
 * A 20-minute hall-level recording of the default fleet, written as the server's recorder would
 * (indexed MCAP plus its JSON sidecar) into `<dataDir>/recordings`: a Texas Hall 1 training job crash
 * at 8 min (a critical alert while it lasts, and a note), and an Ohio warning at 3 min. Deterministic.
 */
export async function writeReplayFixture(dataDir: string, from: number): Promise<ReplayFixture> {
  const start = Math.floor(from / 60_000) * 60_000;
  const seconds = 20 * 60;
  const end = start + (seconds - 1) * 1000;
  const stamp = new Date(start)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const id = `cap-${stamp}-e2e0f1a2`;
  const name = 'Texas Hall 1 job crash (e2e)';
  const crashT = start + 8 * MINUTE;
  const crashTo = crashT + 4 * MINUTE;
  const warnT = start + 3 * MINUTE;
  const warnTo = warnT + 2 * MINUTE;
  const sim = createSimulator({
    seed: 20261123,
    fleet: defaultFleet,
    incidents: [{ kind: 'jobCrash', site: 'texas', hall: 'h1', start: crashT, durationMs: 4 * MINUTE }],
  });
  const parts: Uint8Array[] = [];
  const writer = createRecordingWriter({
    writable: {
      write: async (b: Uint8Array) => {
        parts.push(b.slice());
      },
    },
    metadata: {
      name,
      level: 'hall',
      sites: defaultFleet.sites.map((s) => s.id),
      created: start,
      source: 'e2e replay fixture',
      fleet: defaultFleet,
    },
  });
  const crash = alert(
    'e2e-crash',
    'critical',
    'texas',
    'h1',
    'Texas Hall 1 training job crashed: power dropped',
    crashT,
  );
  const warn = alert('e2e-warn', 'warning', 'ohio', 'h11', 'Ohio Hall 11 inlet temperature high', warnT);
  const events: Array<{ t: number; event: AlertEvent }> = [
    { t: warnT, event: { kind: 'raised', alert: warn } },
    { t: warnTo, event: { kind: 'cleared', alert: { ...warn, state: 'cleared', end: warnTo } } },
    { t: crashT, event: { kind: 'raised', alert: crash } },
    { t: crashTo, event: { kind: 'cleared', alert: { ...crash, state: 'cleared', end: crashTo } } },
  ];
  for (let i = 0; i < seconds; i++) {
    const t = start + i * 1000;
    for (const e of events) if (e.t === t) writer.writeAlert(e.event, t);
    if (t === crashT) {
      writer.writeAnnotation({
        id: 'e2e-note',
        t,
        end: crashTo,
        text: 'Job crash in Texas Hall 1 (scripted)',
        author: 'e2e',
        createdAt: start,
      });
    }
    for (const s of defaultFleet.sites) writer.writeSample(sim.sampleSite(s.id, t));
    if (i % 60 === 59) await writer.flush();
  }
  await writer.end();
  const bytes = Buffer.concat(parts);
  const dir = join(dataDir, 'recordings');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${id}.mcap`);
  await writeFile(path, bytes);
  await writeFile(
    join(dir, `${id}.json`),
    `${JSON.stringify(
      {
        id,
        kind: 'capture',
        name,
        level: 'hall',
        scope: {},
        start,
        end,
        size: bytes.byteLength,
        messages: writer.stats.messages,
        state: 'complete',
        created: start,
      },
      null,
      2,
    )}\n`,
  );
  return {
    id,
    name,
    path,
    start,
    end,
    crash: { id: crash.id, t: crashT, to: crashTo, title: crash.title },
    warning: { id: warn.id, t: warnT, to: warnTo, title: warn.title },
    noteT: crashT,
  };
}
