import { type AlertEvent, alertEventSchema, type RackBlock, type SiteSample } from '@gigawatt/shared';
import {
  ALERTS_TOPIC,
  ANNOTATIONS_TOPIC,
  type Annotation,
  annotationSchema,
  type ByteSink,
  createRecordingMcap,
  MS_TO_NS,
  type RecordingMetadata,
  racksTopic,
  siteTopic,
} from '@gigawatt/shared/recording';
import { JsonBytes } from './jsonBytes.ts';
import { writeRackBlockJson } from './rackBlockJson.ts';
import { writeSiteSampleJson } from './siteSampleJson.ts';

export interface TrustedRecordingWriter {
  /** No validation: the simulator's samples are valid by construction (its property tests check it). */
  writeSample(sample: SiteSample): void;
  /** Rounded to meter precision (see rackBlockJson). */
  writeRacks(block: RackBlock): void;
  /** Annotations come from callers, so these are validated. */
  writeAnnotation(annotation: Annotation): void;
  /** An alert change at time t (ms), on /alerts as the server's recorder writes it; validated (rare). */
  writeAlert(event: AlertEvent, t: number): void;
  /** Resolves once the bytes queued so far are with the sink: backpressure for a bulk writer. */
  drain(): Promise<void>;
  end(): Promise<void>;
  readonly stats: { messages: number; chunks: number; bytes: number; startTime?: number; endTime?: number };
}

const encoder = new TextEncoder();

/**
 * shared's createRecordingWriter minus the per-message zod validation: the same file (createRecordingMcap
 * lays it out for both), with faster serialisers and rack values at meter precision. A stopgap: once
 * createRecordingWriter has a trusted mode and exposes drain(), synthesis should use it and this file can
 * go. openRecording, which validates every message, reads what it writes (synthesizeRecording's tests
 * read every file back).
 */
export function createTrustedRecordingWriter(options: {
  writable: ByteSink;
  metadata: RecordingMetadata;
  chunkSize?: number;
}): TrustedRecordingWriter {
  const { writer, write, end } = createRecordingMcap(options);
  // One scratch buffer for every message: McapChunkedWriter.addMessage copies the bytes into the open
  // chunk before it returns (the read-back tests would catch it if that ever changed).
  const json = new JsonBytes();

  return {
    writeSample(s) {
      writeSiteSampleJson(json.reset(), s);
      write('site', siteTopic(s.site), s.t, json.view());
    },
    writeRacks(b) {
      writeRackBlockJson(json.reset(), b);
      write('racks', racksTopic(b.site, b.hall), b.t, json.view());
    },
    writeAnnotation(annotation) {
      const a = annotationSchema.parse(annotation);
      write('annotation', ANNOTATIONS_TOPIC, a.t, encoder.encode(JSON.stringify(a)));
    },
    writeAlert(event, t) {
      const e = alertEventSchema.parse(event);
      write('alert', ALERTS_TOPIC, t, encoder.encode(JSON.stringify(e)));
    },
    drain: () => writer.drain(),
    end,
    get stats() {
      const s = writer.stats;
      return {
        messages: s.messages,
        chunks: s.chunks,
        bytes: s.bytes,
        ...(s.startTime === undefined ? {} : { startTime: Number(s.startTime / MS_TO_NS) }),
        ...(s.endTime === undefined ? {} : { endTime: Number(s.endTime / MS_TO_NS) }),
      };
    },
  };
}
