import { z } from 'zod';
import { type AlertEvent, alertEventSchema } from '../alerts.ts';
import { idSchema } from '../fleetSchema.ts';
import { parseSiteSample } from '../isExactSiteSample.ts';
import { checkRackValues, MAX_RACKS_PER_HALL } from '../rackCodec.ts';
import { epochMsSchema, type RackBlock, type SiteSample } from '../sampleSchema.ts';
import { describeZodError } from '../validation.ts';
import { type Annotation, annotationSchema } from './annotationSchema.ts';
import { channelSchema } from './channelSchemas.ts';
import { type ChunkCompression, DEFAULT_CHUNK_COMPRESSION } from './chunkCompression.ts';
import { logTimeOf, MS_TO_NS } from './logTime.ts';
import {
  type ByteSink,
  McapChunkedWriter,
  type McapSnapshot,
  type WriterStats,
} from './mcapChunkedWriter.ts';
import { rackBlockToJson } from './rackBlockJson.ts';
import { RecordingError } from './recordingError.ts';
import { createMarkerCollector, MARKERS_METADATA_NAME } from './recordingMarkers.ts';
import { metadataToMap, RECORDING_METADATA_NAME, type RecordingMetadata } from './recordingMetadata.ts';
import {
  ALERTS_TOPIC,
  ANNOTATIONS_TOPIC,
  type RecordingChannelKind,
  racksTopic,
  siteTopic,
} from './recordingTopics.ts';
import { decodeUtf8, encodeUtf8 } from './textCodec.ts';

export interface RecordingWriterOptions {
  writable: ByteSink;
  metadata: RecordingMetadata;
  /** Uncompressed bytes after which a chunk closes by itself (default 256 KiB). */
  chunkSize?: number;
  /** Chunk compression (default zstd; lz4 and none are for tests and for tools that need them). */
  compression?: ChunkCompression;
  /**
   * Index the alerts and annotations in a metadata record when the file is ended (default true; see
   * MARKERS_METADATA_NAME). False writes a file as Gigawatt wrote them before the index, which readers
   * must still open.
   */
  markerIndex?: boolean;
}

export interface RecordingStats {
  messages: number;
  chunks: number;
  bytes: number;
  pendingBytes: number;
  /** Message time range in ms, once something was written. */
  startTime: number | undefined;
  endTime: number | undefined;
  /** Bytes with the sink up to the end of the last whole chunk: what snapshot() can serve. */
  flushedBytes: number;
  /** Last message time (ms) in those bytes; undefined until a chunk reached the sink. */
  flushedEndTime: number | undefined;
}

export interface RecordingWriter {
  /** Writes on `/site/<id>`; the sample is validated first (a file must only hold what readers accept). */
  writeSample(sample: SiteSample): void;
  writeRacks(block: RackBlock): void;
  /** `t` (ms) is when the event happened; defaults to the time the alert itself carries. */
  writeAlert(event: AlertEvent, t?: number): void;
  writeAnnotation(annotation: Annotation): void;
  /** Closes the current chunk; resolves when everything written so far is with the sink. */
  flush(): Promise<void>;
  /** Writes the markers index, the index and footer; the file is then a complete, indexed MCAP file. */
  end(): Promise<void>;
  /**
   * While writing: the file as readable now (or as of an earlier snapshot's dataLength), see
   * McapChunkedWriter.snapshot. Undefined once ended or for a dataLength never passed.
   */
  snapshot(dataLength?: number): McapSnapshot | undefined;
  readonly stats: RecordingStats;
  /** Set once a sink write failed; the writer then refuses further messages. */
  readonly failure: RecordingError | undefined;
}

/** When an alert event happened, from the alert itself (used when the caller passes no time). */
export function alertEventTime(event: AlertEvent): number {
  const a = event.alert;
  if (event.kind === 'cleared') return a.end ?? a.start;
  if (event.kind === 'acknowledged') return a.ack?.at ?? a.start;
  return a.start;
}

export function statsInMs(s: WriterStats): RecordingStats {
  return {
    messages: s.messages,
    chunks: s.chunks,
    bytes: s.bytes,
    pendingBytes: s.pendingBytes,
    startTime: s.startTime === undefined ? undefined : Number(s.startTime / MS_TO_NS),
    endTime: s.endTime === undefined ? undefined : Number(s.endTime / MS_TO_NS),
    flushedBytes: s.durableBytes,
    flushedEndTime: s.durableEndTime === undefined ? undefined : Number(s.durableEndTime / MS_TO_NS),
  };
}

const rackHeadSchema = z.object({
  site: idSchema,
  hall: idSchema,
  t: epochMsSchema,
  powerKw: z.custom<Float32Array>((v) => v instanceof Float32Array && v.length <= MAX_RACKS_PER_HALL),
});

function invalid(what: string, why: string): RecordingError {
  return new RecordingError('invalid-input', `${what} not recorded: ${why}`);
}

/** The MCAP file of a recording, open for messages: what a writer of recordings builds on. */
export interface RecordingMcap {
  readonly writer: McapChunkedWriter;
  /**
   * Adds a message (JSON bytes) on `topic` at `tMs`: each topic has its own JSON channel, and each kind
   * its JSON Schema, added the first time it is used.
   */
  write(kind: RecordingChannelKind, topic: string, tMs: number, data: Uint8Array): void;
  /** Writes the markers index (see RecordingWriterOptions.markerIndex), then ends the file. */
  end(): Promise<void>;
}

/**
 * A Gigawatt recording's file layout: chunked (zstd by default), indexed MCAP with the recording's
 * metadata record, one JSON channel per topic and a JSON Schema for each kind of message, so the file
 * opens in standard MCAP tools as well as in the replay view. Nothing written on it is checked.
 */
export function createRecordingMcap(options: RecordingWriterOptions): RecordingMcap {
  const writer = new McapChunkedWriter({
    sink: options.writable,
    chunkSize: options.chunkSize,
    compression: options.compression ?? DEFAULT_CHUNK_COMPRESSION,
    library: 'gigawatt-recording',
  });
  writer.addMetadata(RECORDING_METADATA_NAME, metadataToMap(options.metadata));

  const schemaIds = new Map<RecordingChannelKind, number>();
  const channels = new Map<string, { id: number; sequence: number }>();
  const markers = options.markerIndex === false ? undefined : createMarkerCollector();
  return {
    writer,
    end() {
      const map = markers?.toMap();
      // A writer that already failed or ended says so in end() itself.
      if (map && !writer.failure && !writer.ended) writer.addMetadata(MARKERS_METADATA_NAME, map);
      return writer.end();
    },
    write(kind, topic, tMs, data) {
      if (markers && (kind === 'alert' || kind === 'annotation')) markers.add(kind, tMs, decodeUtf8(data));
      let channel = channels.get(topic);
      if (!channel) {
        let schemaId = schemaIds.get(kind);
        if (schemaId === undefined) {
          schemaId = writer.addSchema(channelSchema(kind));
          schemaIds.set(kind, schemaId);
        }
        const id = writer.addChannel({ schemaId, topic, messageEncoding: 'json', metadata: new Map() });
        channel = { id, sequence: 0 };
        channels.set(topic, channel);
      }
      writer.addMessage(channel.id, logTimeOf(tMs), data, ++channel.sequence);
    },
  };
}

/**
 * A Gigawatt recording (createRecordingMcap's layout) whose writes are validated first: a file must only
 * hold what readers accept.
 */
export function createRecordingWriter(options: RecordingWriterOptions): RecordingWriter {
  const mcap = createRecordingMcap(options);
  const { writer } = mcap;
  const write = (kind: RecordingChannelKind, topic: string, tMs: number, json: unknown) =>
    mcap.write(kind, topic, tMs, encodeUtf8(JSON.stringify(json)));

  return {
    writeSample(sample) {
      // Every site every second on an always-on recorder: checked without zod's copy.
      const r = parseSiteSample(sample);
      if (!r.ok) throw invalid('sample', r.error);
      write('site', siteTopic(r.value.site), r.value.t, r.value);
    },
    writeRacks(block) {
      const head = rackHeadSchema.safeParse(block);
      if (!head.success) throw invalid('rack block', describeZodError(head.error));
      const bad = checkRackValues(block);
      if (bad) throw invalid('rack block', bad);
      if (block.utilPct.length !== block.powerKw.length || block.inletTempC.length !== block.powerKw.length) {
        throw invalid('rack block', 'columns differ in length');
      }
      write('racks', racksTopic(block.site, block.hall), block.t, rackBlockToJson(block));
    },
    writeAlert(event, t) {
      const r = alertEventSchema.safeParse(event);
      if (!r.success) throw invalid('alert event', describeZodError(r.error));
      write('alert', ALERTS_TOPIC, t ?? alertEventTime(r.data), r.data);
    },
    writeAnnotation(annotation) {
      const r = annotationSchema.safeParse(annotation);
      if (!r.success) throw invalid('annotation', describeZodError(r.error));
      write('annotation', ANNOTATIONS_TOPIC, r.data.t, r.data);
    },
    flush: () => writer.flush(),
    end: () => mcap.end(),
    snapshot: (dataLength) => writer.snapshot(dataLength),
    get stats() {
      return statsInMs(writer.stats);
    },
    get failure() {
      return writer.failure;
    },
  };
}
