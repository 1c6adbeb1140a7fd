import { type AlertEvent, alertEventSchema, type RackBlock, type SiteSample } from '@gigawatt/shared';
import {
  ALERTS_TOPIC,
  ANNOTATIONS_TOPIC,
  type Annotation,
  annotationSchema,
  type ByteSink,
  channelSchema,
  DEFAULT_CHUNK_COMPRESSION,
  logTimeOf,
  McapChunkedWriter,
  MS_TO_NS,
  metadataToMap,
  RECORDING_METADATA_NAME,
  type RecordingChannelKind,
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
 * The file layout of shared's createRecordingWriter (same library tag, channels, JSON Schemas, zstd
 * chunks, metadata record), built from the same exported parts, minus the per-message zod validation
 * with faster serialisers and rack values at meter precision. A stopgap: once createRecordingWriter has a trusted mode and
 * exposes drain(), synthesis should use it and this file can go. openRecording, which validates every
 * message, reads what it writes (synthesizeRecording's tests read every file back).
 */
export function createTrustedRecordingWriter(options: {
  writable: ByteSink;
  metadata: RecordingMetadata;
  chunkSize?: number;
}): TrustedRecordingWriter {
  const writer = new McapChunkedWriter({
    sink: options.writable,
    chunkSize: options.chunkSize,
    compression: DEFAULT_CHUNK_COMPRESSION,
    library: 'gigawatt-recording',
  });
  writer.addMetadata(RECORDING_METADATA_NAME, metadataToMap(options.metadata));
  const schemaIds = new Map<RecordingChannelKind, number>();
  const channels = new Map<string, { id: number; sequence: number }>();

  const write = (kind: RecordingChannelKind, topic: string, tMs: number, data: Uint8Array) => {
    let channel = channels.get(topic);
    if (!channel) {
      let schemaId = schemaIds.get(kind);
      if (schemaId === undefined) {
        schemaId = writer.addSchema(channelSchema(kind));
        schemaIds.set(kind, schemaId);
      }
      channel = {
        id: writer.addChannel({ schemaId, topic, messageEncoding: 'json', metadata: new Map() }),
        sequence: 0,
      };
      channels.set(topic, channel);
    }
    writer.addMessage(channel.id, logTimeOf(tMs), data, ++channel.sequence);
  };
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
    end: () => writer.end(),
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
