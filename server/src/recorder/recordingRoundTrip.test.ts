import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { type AlertEvent, defaultFleet, type RackBlock, type SiteSample } from '@gigawatt/shared';
import {
  type Annotation,
  bytesReadable,
  openRecording,
  rackBlockToJson,
  recordingDecompressHandlers,
} from '@gigawatt/shared/recording';
import { McapIndexedReader } from '@mcap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecorder } from './createRecorder.ts';

const T0 = Date.UTC(2026, 6, 15, 18, 0, 0);
const SECONDS = 30;
const sim = createSimulator({ seed: 1 });
const ohio = defaultFleet.sites.find((s) => s.id === 'ohio')!;
const halls = ohio.halls.slice(0, 2).map((h) => h.id);

/*
 * What the server records (simulator samples and rack blocks, alert events, annotations) must come back
 * identical through @mcap/core's own indexed reader and through openRecording.
 */
describe('recording round trip (simulator, seed 1)', () => {
  let dir: string;
  let bytes: Uint8Array;
  const samples: SiteSample[] = [];
  const blocks: RackBlock[] = [];
  const alerts: { event: AlertEvent; t: number }[] = [];
  const annotation: Annotation = {
    id: 'n-1',
    t: T0 + 5000,
    end: T0 + 9000,
    text: 'CRAH-3 tripped; inlet climbing',
    author: 'ana',
    createdAt: T0 + 20_000,
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gigawatt-roundtrip-'));
    let t = T0;
    const recorder = await createRecorder({
      dataDir: dir,
      fleet: defaultFleet,
      now: () => t,
      alwaysOn: false,
    });
    const id = await recorder.startCapture({
      name: 'round trip',
      level: 'rack',
      halls: halls.map((hall) => ({ site: 'ohio', hall })),
    });
    for (let i = 0; i < SECONDS; i++, t += 1000) {
      const sample = sim.sampleSite('ohio', t);
      samples.push(sample);
      recorder.onSample(sample);
      for (const hall of halls) {
        const block = sim.racks('ohio', hall, t);
        blocks.push(block);
        recorder.onRacks(block);
      }
      if (i === 10 || i === 20) {
        const event: AlertEvent = {
          kind: i === 10 ? 'raised' : 'cleared',
          alert: {
            id: 'rack-inlet-high:ohio',
            rule: 'rack-inlet-high',
            severity: 'critical',
            scope: { site: 'ohio', hall: halls[0] },
            title: 'Ohio hall 1 rack inlet at 33 °C',
            value: 33.1,
            threshold: 32,
            unit: '°C',
            start: T0 + 10_000,
            ...(i === 20 ? { end: t } : {}),
            state: i === 10 ? 'raised' : 'cleared',
          },
        };
        alerts.push({ event, t });
        recorder.onAlert(event, t);
      }
      if (i % 5 === 4) await recorder.flush();
    }
    await recorder.addAnnotation(id, annotation);
    await recorder.stopCapture(id);
    bytes = new Uint8Array(await readFile(recorder.filePath(id)));
    await recorder.close();
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads back identical with @mcap/core's McapIndexedReader: JSON Schemas, chunk indexes, zstd", async () => {
    const reader = await McapIndexedReader.Initialize({
      readable: bytesReadable(bytes),
      decompressHandlers: recordingDecompressHandlers,
    });
    expect(reader.chunkIndexes.length).toBeGreaterThan(0);
    expect(reader.chunkIndexes.every((c) => c.compression === 'zstd' && c.messageIndexOffsets.size > 0)).toBe(
      true,
    );
    const byTopic = new Map<string, unknown[]>();
    for await (const m of reader.readMessages()) {
      const channel = reader.channelsById.get(m.channelId)!;
      const schema = reader.schemasById.get(channel.schemaId)!;
      expect([channel.messageEncoding, schema.encoding]).toEqual(['json', 'jsonschema']);
      const list = byTopic.get(channel.topic) ?? [];
      list.push(JSON.parse(new TextDecoder().decode(m.data)));
      byTopic.set(channel.topic, list);
    }
    expect(byTopic.get('/site/ohio')).toEqual(samples);
    for (const hall of halls) {
      const expected = blocks.filter((b) => b.hall === hall).map((b) => rackBlockToJson(b));
      expect(byTopic.get(`/racks/ohio/${hall}`)).toEqual(expected);
    }
    expect(byTopic.get('/alerts')).toEqual(alerts.map((a) => a.event));
    expect(byTopic.get('/annotations')).toEqual([annotation]);
    const schemas = [...reader.schemasById.values()].map((s) => s.name).sort();
    expect(schemas).toEqual([
      'gigawatt.AlertEvent',
      'gigawatt.Annotation',
      'gigawatt.RackBlock',
      'gigawatt.SiteSample',
    ]);
  });

  it('reads back identical with openRecording, rack values as the same float32 numbers', async () => {
    const rec = await openRecording(bytes);
    expect(rec.metadata).toMatchObject({ name: 'round trip', level: 'rack', sites: ['ohio'] });
    expect([rec.startTime, rec.endTime]).toEqual([T0, T0 + (SECONDS - 1) * 1000]);
    const got = {
      site: [] as SiteSample[],
      racks: [] as RackBlock[],
      alert: [] as unknown[],
      annotation: [] as unknown[],
    };
    for await (const m of rec.readMessages()) {
      if (m.kind === 'site') got.site.push(m.sample);
      if (m.kind === 'racks') got.racks.push(m.block);
      if (m.kind === 'alert') got.alert.push({ event: m.event, t: m.t });
      if (m.kind === 'annotation') got.annotation.push(m.annotation);
    }
    expect(got.site).toEqual(samples);
    const key = (b: RackBlock) => `${b.t} ${b.hall}`;
    expect(got.racks.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...blocks].sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(got.alert).toEqual(alerts);
    expect(got.annotation).toEqual([annotation]);
  });
});
