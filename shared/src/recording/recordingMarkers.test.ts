import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../alerts.ts';
import { HOSTILE } from '../testing/payloadArbs.ts';
import type { Annotation } from './annotationSchema.ts';
import { createRecordingMcap, createRecordingWriter } from './createRecordingWriter.ts';
import { concat, T0, testAlert, testAnnotation, testMetadata, testSample } from './makeTestRecording.ts';
import { openRecording } from './openRecording.ts';
import { RecordingError } from './recordingError.ts';
import {
  createMarkerCollector,
  MARKERS_METADATA_NAME,
  type MarkerIndex,
  markerIndexFromMap,
  markerIndexToMap,
  readMarkerIndex,
} from './recordingMarkers.ts';
import { rewriteRecording } from './rewriteRecording.ts';
import { encodeUtf8 } from './textCodec.ts';
import { verifyRecording } from './verifyRecording.ts';

type Op = { kind: 'alert'; event: AlertEvent } | { kind: 'annotation'; annotation: Annotation };

/** A recording of `seconds` with these markers at their seconds, one chunk per second (compression off). */
async function record(ops: { second: number; op: Op }[], seconds: number, markerIndex?: boolean) {
  const parts: Uint8Array[] = [];
  const w = createRecordingWriter({
    writable: { write: async (b) => parts.push(b.slice()) },
    metadata: testMetadata,
    compression: 'none',
    ...(markerIndex === undefined ? {} : { markerIndex }),
  });
  for (let i = 0; i < seconds; i++) {
    const t = T0 + i * 1000;
    w.writeSample(testSample('ohio', t, i));
    for (const { second, op } of ops) {
      if (second !== i) continue;
      if (op.kind === 'alert') w.writeAlert(op.event, t);
      else w.writeAnnotation({ ...op.annotation, t, end: t + 5000 });
    }
    await w.flush();
  }
  return { w, parts };
}

/** What a reader without the index finds: every message on /alerts and /annotations, in time order. */
async function fromChunks(bytes: Uint8Array): Promise<MarkerIndex> {
  const out: MarkerIndex = { alerts: [], annotations: [] };
  for await (const m of (await openRecording(bytes)).readMessages()) {
    if (m.kind === 'alert') out.alerts.push({ t: m.t, event: m.event });
    if (m.kind === 'annotation') out.annotations.push(m.annotation);
  }
  return out;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .record({ raised: fc.boolean(), title: fc.string({ minLength: 1, maxLength: 40 }) })
    .map(({ raised, title }) => {
      const e = testAlert(T0, raised ? 'raised' : 'cleared');
      return { kind: 'alert' as const, event: { ...e, alert: { ...e.alert, title } } };
    }),
  fc
    .record({ n: fc.nat(999), text: fc.string({ minLength: 1, maxLength: 60 }) })
    .map(({ n, text }) => ({ n, text: text.trim() }))
    .filter(({ text }) => text.length > 0)
    .map(({ n, text }) => ({ kind: 'annotation' as const, annotation: { ...testAnnotation(T0, n), text } })),
);

describe('the markers index (one metadata record holding every alert and annotation)', () => {
  it('holds exactly what the chunks hold, whatever the markers say (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ second: fc.nat(5), op: opArb }), { maxLength: 12 }),
        async (ops) => {
          const { w, parts } = await record(ops, 6);
          await w.end();
          const bytes = concat(parts);
          const index = await readMarkerIndex(await openRecording(bytes));
          const chunks = await fromChunks(bytes);
          // Written in time order here, so the index's write order is the chunks' time order.
          expect(index).toEqual(chunks);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is read with one metadata record, not the chunks: the only one of its name after end()', async () => {
    const { w, parts } = await record(
      [{ second: 1, op: { kind: 'alert', event: testAlert(T0, 'raised') } }],
      3,
    );
    await w.end();
    const rec = await openRecording(concat(parts));
    expect(rec.reader.metadataIndexes.filter((m) => m.name === MARKERS_METADATA_NAME)).toHaveLength(1);
    expect((await readMarkerIndex(rec))?.alerts).toEqual([{ t: T0 + 1000, event: testAlert(T0, 'raised') }]);
  });

  it('is absent from a file still being written and from one written without it: readers use the chunks', async () => {
    const { w, parts } = await record(
      [{ second: 0, op: { kind: 'alert', event: testAlert(T0, 'raised') } }],
      2,
    );
    const snap = w.snapshot()!;
    const live = concat([concat(parts).slice(0, snap.dataLength), snap.tail]);
    expect(await readMarkerIndex(await openRecording(live))).toBeUndefined();
    expect((await fromChunks(live)).alerts).toHaveLength(1);

    const old = await record(
      [{ second: 0, op: { kind: 'alert', event: testAlert(T0, 'raised') } }],
      2,
      false,
    );
    await old.w.end();
    expect(await readMarkerIndex(await openRecording(concat(old.parts)))).toBeUndefined();
  });

  it('is left out past its size cap (an alert storm), rather than held in memory without bound', () => {
    const c = createMarkerCollector(1000);
    c.add('annotation', T0, JSON.stringify(testAnnotation(T0, 1)));
    expect(markerIndexFromMap(c.toMap()!).annotations).toHaveLength(1);
    for (let i = 0; i < 20; i++) c.add('alert', T0 + i, JSON.stringify(testAlert(T0 + i, 'raised')));
    expect(c.toMap()).toBeUndefined();
    c.add('annotation', T0, '{}');
    expect(c.toMap()).toBeUndefined();
  });

  it('round-trips through markerIndexToMap (what appending annotations rewrites)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 10 }), (ops) => {
        const index: MarkerIndex = {
          alerts: ops.flatMap((o, i) => (o.kind === 'alert' ? [{ t: T0 + i, event: o.event }] : [])),
          annotations: ops.flatMap((o) => (o.kind === 'annotation' ? [o.annotation] : [])),
        };
        expect(markerIndexFromMap(markerIndexToMap(index))).toEqual(index);
      }),
    );
  });

  it('verification calls an index that differs from the chunks an index problem; a rewrite rebuilds it', async () => {
    // A file whose index says one thing and whose chunks another (a bad writer, or damage that kept the
    // record readable): the player would show markers the recording does not hold.
    const parts: Uint8Array[] = [];
    const mcap = createRecordingMcap({
      writable: { write: async (b) => parts.push(b.slice()) },
      metadata: testMetadata,
      compression: 'none',
      markerIndex: false,
    });
    const json = (v: unknown) => encodeUtf8(JSON.stringify(v));
    mcap.write('site', '/site/ohio', T0, json(testSample('ohio', T0, 0)));
    mcap.write('alert', '/alerts', T0, json(testAlert(T0, 'raised')));
    const wrong = testAlert(T0, 'raised');
    mcap.writer.addMetadata(
      MARKERS_METADATA_NAME,
      markerIndexToMap({
        alerts: [{ t: T0, event: { ...wrong, alert: { ...wrong.alert, title: 'forged' } } }],
        annotations: [],
      }),
    );
    await mcap.end();
    const bad = concat(parts);
    const v = await verifyRecording(bad);
    expect(v.damaged).toBeUndefined();
    expect(v.indexProblem).toMatch(/markers index .* differs from the chunks/);

    const copy: Uint8Array[] = [];
    await rewriteRecording(bad, { write: async (b) => copy.push(b.slice()) });
    const fixed = concat(copy);
    expect((await verifyRecording(fixed)).indexProblem).toBeUndefined();
    expect(await readMarkerIndex(await openRecording(fixed))).toEqual(await fromChunks(fixed));
  });

  it('refuses a damaged or hostile index with a RecordingError naming what is wrong', () => {
    const good = markerIndexToMap({ alerts: [{ t: T0, event: testAlert(T0, 'raised') }], annotations: [] });
    const withPart = (key: string, value: string) => new Map([...good, [key, value]]);
    const cases: [Map<string, string>, RegExp][] = [
      [new Map(), /version null/],
      [withPart('version', '2'), /version "2"/],
      [withPart('alerts', '[[1,'), /alerts are not JSON/],
      [withPart('alerts', '{"a":1}'), /markers index's alerts/],
      [withPart('alerts', `[[-5,${JSON.stringify(testAlert(T0, 'raised'))}]]`), /markers index's alerts/],
      [withPart('annotations', '[{"id":"x"}]'), /markers index's annotations/],
    ];
    for (const [map, message] of cases) {
      expect(() => markerIndexFromMap(map)).toThrow(RecordingError);
      expect(() => markerIndexFromMap(map)).toThrow(message);
    }
    // Anything at all in its fields: a RecordingError or a valid index, never another failure.
    const field = fc.oneof(
      fc.string(),
      fc.constantFrom(...HOSTILE).map((v) => JSON.stringify(v) ?? 'undefined'),
      fc.constantFrom(...HOSTILE).map((v) => JSON.stringify([[T0, v]]) ?? '[]'),
    );
    fc.assert(
      fc.property(field, field, fc.constantFrom('1', '0', ''), (alerts, annotations, version) => {
        try {
          markerIndexFromMap(
            new Map([...good, ['alerts', alerts], ['annotations', annotations], ['version', version]]),
          );
        } catch (error) {
          expect(error).toBeInstanceOf(RecordingError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
