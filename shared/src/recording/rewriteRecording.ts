import { type IReadable, MCAP_MAGIC, McapStreamReader, Opcode, type TypedMcapRecord } from '@mcap/core';
import {
  type ChunkCompression,
  DEFAULT_CHUNK_COMPRESSION,
  READABLE_COMPRESSIONS,
  unsupportedCompression,
} from './chunkCompression.ts';
import { loadZstdDecoder } from './decompressZstd.ts';
import { MS_TO_NS } from './logTime.ts';
import { type ByteSink, McapChunkedWriter } from './mcapChunkedWriter.ts';
import { recordingDecompressHandlers } from './openRecording.ts';
import { errorMessage, RecordingError } from './recordingError.ts';
import { checkedMarkerJson, createMarkerCollector, MARKERS_METADATA_NAME } from './recordingMarkers.ts';
import {
  metadataFromMap,
  metadataToMap,
  RECORDING_METADATA_NAME,
  type RecordingMetadata,
} from './recordingMetadata.ts';
import { MAX_READ_BYTES, toReadable } from './recordingReadable.ts';
import { ALERTS_TOPIC, ANNOTATIONS_TOPIC } from './recordingTopics.ts';
import { decodeUtf8 } from './textCodec.ts';

export interface RewriteOptions {
  /** Chunk size of the new file (uncompressed bytes; default 256 KiB). */
  chunkSize?: number;
  /** Chunk compression of the new file (default zstd; the player's in-memory copies use none). */
  compression?: ChunkCompression;
  /** Written when the source has no Gigawatt metadata record (it was cut before it). */
  fallbackMetadata?: RecordingMetadata;
  /** An extra metadata record to add (e.g. what recovery did). */
  note?: (result: RewriteResult) => { name: string; metadata: Map<string, string> } | undefined;
  /**
   * Stop before the record that starts at (or runs past) this byte offset, as if the file were damaged
   * there, with `reason` as the reason: a reader that found a damaged chunk keeps what comes before it.
   */
  stopAt?: { offset: number; reason: string };
}

export interface RewriteResult {
  /** Messages copied to the new file. */
  messages: number;
  /** Offset where usable data ended: everything from here on was cut off or unreadable. */
  truncatedAt: number;
  sourceSize: number;
  /** The source's data section was whole (it reached the DataEnd record): nothing was lost. */
  complete: boolean;
  /** Why reading stopped early, when it did. */
  reason: string | undefined;
  metadata: RecordingMetadata | undefined;
}

const RECORD_HEAD = 9; // opcode (1) + content length (8)
const WINDOW = 1024 * 1024;
const MAX_PENDING = 16 * 1024 * 1024;

/** Serves small sequential reads from 1 MiB windows: a segment has thousands of small records. */
function windowedReader(readable: IReadable, size: number) {
  let buf: Uint8Array = new Uint8Array(0);
  let bufStart = 0;
  return async (offset: number, length: number): Promise<Uint8Array> => {
    if (offset < bufStart || offset + length > bufStart + buf.byteLength) {
      const want = Math.min(Math.max(length, WINDOW), size - offset);
      buf = await readable.read(BigInt(offset), BigInt(want));
      bufStart = offset;
      if (buf.byteLength < length) throw new RecordingError('corrupt', `short read at offset ${offset}`);
    }
    return buf.subarray(offset - bufStart, offset - bufStart + length);
  };
}

/** Start time, end time, uncompressed size (8 bytes each) and CRC (4) precede a chunk's compression. */
const CHUNK_COMPRESSION_AT = RECORD_HEAD + 8 + 8 + 8 + 4;

/** The compression name of a whole chunk record, or undefined when the record is too short to say. */
export function chunkCompression(record: Uint8Array): string | undefined {
  if (record.byteLength < CHUNK_COMPRESSION_AT + 4) return undefined;
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const length = view.getUint32(CHUNK_COMPRESSION_AT, true);
  const start = CHUNK_COMPRESSION_AT + 4;
  if (start + length > record.byteLength) return undefined;
  try {
    return decodeUtf8(record.subarray(start, start + length));
  } catch {
    return undefined; // not UTF-8: a damaged record, which the stream reader reports as such
  }
}

const opcodeName = (op: number) =>
  Opcode[op]?.toLowerCase().replace('_', ' ') ?? `unknown (opcode 0x${op.toString(16)})`;

/**
 * Reads an MCAP file front to back, record by record, and writes every complete message into a fresh,
 * chunked and indexed file. Recovery (a file cut short by a crash: no footer, a partial last record)
 * and compaction (a complete file of many tiny chunks) are the same operation.
 *
 * Reading stops at the first record that is incomplete or damaged; all messages before it are kept (a
 * chunk counts only once all of it was read and its CRC matched). Input that is not MCAP at all, or
 * that ends before its header, is refused with a RecordingError.
 */
export async function rewriteRecording(
  input: Uint8Array | IReadable,
  sink: ByteSink,
  options: RewriteOptions = {},
): Promise<RewriteResult> {
  const readable = toReadable(input);
  const size = Number(await readable.size());
  const read = windowedReader(readable, size);
  const magicLength = MCAP_MAGIC.length;
  const head = await read(0, Math.min(size, magicLength));
  const magicSoFar = MCAP_MAGIC.slice(0, head.byteLength).every((b, i) => head[i] === b);
  if (!magicSoFar)
    throw new RecordingError('not-mcap', 'not an MCAP file: it does not start with the MCAP magic bytes');
  if (size < magicLength)
    throw new RecordingError('truncated', `the file is only ${size} bytes: nothing to recover`);

  await loadZstdDecoder();
  const stream = new McapStreamReader({
    decompressHandlers: recordingDecompressHandlers,
    validateCrcs: true,
  });
  stream.append(head);
  const result: RewriteResult = {
    messages: 0,
    truncatedAt: magicLength,
    sourceSize: size,
    complete: false,
    reason: undefined,
    metadata: undefined,
  };
  let writer: McapChunkedWriter | undefined;
  const schemaIds = new Map<number, number>();
  const channelIds = new Map<number, number>();
  /** Source channel id → marker kind, for the copy's markers index (rebuilt from what was copied). */
  const markerChannels = new Map<number, 'alert' | 'annotation'>();
  const markers = createMarkerCollector();
  let markersValid = true;

  const apply = (w: McapChunkedWriter, r: TypedMcapRecord) => {
    switch (r.type) {
      case 'Schema':
        if (!schemaIds.has(r.id))
          schemaIds.set(r.id, w.addSchema({ name: r.name, encoding: r.encoding, data: r.data }));
        break;
      case 'Channel':
        if (!channelIds.has(r.id)) {
          const schemaId = schemaIds.get(r.schemaId) ?? 0;
          channelIds.set(r.id, w.addChannel({ ...r, schemaId }));
          if (r.topic === ALERTS_TOPIC) markerChannels.set(r.id, 'alert');
          if (r.topic === ANNOTATIONS_TOPIC) markerChannels.set(r.id, 'annotation');
        }
        break;
      case 'Message': {
        // The stream reader has already refused a message whose channel record it has not seen.
        w.addMessage(channelIds.get(r.channelId)!, r.logTime, r.data, r.sequence, r.publishTime);
        result.messages++;
        const marker = markerChannels.get(r.channelId);
        if (marker && markersValid) {
          const json = checkedMarkerJson(marker, decodeUtf8(r.data));
          if (json === undefined) markersValid = false;
          else markers.add(marker, Number(r.logTime / MS_TO_NS), json);
        }
        break;
      }
      case 'Metadata':
        // The source's index may be damaged or stale, or say more than a cut copy holds: rebuilt below.
        if (r.name === MARKERS_METADATA_NAME) break;
        if (r.name === RECORDING_METADATA_NAME && !result.metadata) {
          try {
            result.metadata = metadataFromMap(r.metadata);
          } catch {
            // Copied as it is all the same: a reader reports the problem when it opens the file.
          }
        }
        w.addMetadata(r.name, r.metadata);
        break;
      case 'DataEnd':
        result.complete = true;
        break;
      default:
        // Indexes, statistics and the summary are rebuilt; attachments are not part of Gigawatt files.
        break;
    }
  };

  let offset = magicLength;
  let chunks = 0;
  while (!result.complete) {
    if (offset + RECORD_HEAD > size) {
      result.reason =
        offset === size
          ? 'the file ends without an index or footer'
          : `the file ends inside a record at offset ${offset}`;
      break;
    }
    const prefix = await read(offset, RECORD_HEAD);
    const opcode = prefix[0]!;
    const length = new DataView(prefix.buffer, prefix.byteOffset, RECORD_HEAD).getBigUint64(1, true);
    if (!writer && opcode !== Opcode.HEADER) {
      throw new RecordingError(
        'not-mcap',
        `not an MCAP file: the first record is ${opcodeName(opcode)}, not a header`,
      );
    }
    if (length > BigInt(MAX_READ_BYTES)) {
      result.reason = `the ${opcodeName(opcode)} record at offset ${offset} declares ${length} bytes`;
      break;
    }
    const total = RECORD_HEAD + Number(length);
    if (options.stopAt && offset + total > options.stopAt.offset) {
      result.reason = options.stopAt.reason;
      break;
    }
    if (offset + total > size) {
      result.reason = `the file ends inside the ${opcodeName(opcode)} record at offset ${offset}`;
      break;
    }
    const record = await read(offset, total);
    if (opcode === Opcode.CHUNK) {
      chunks++;
      // A codec this reader lacks is no damage: say which, rather than keep the file up to here.
      const compression = chunkCompression(record);
      if (compression !== undefined && !READABLE_COMPRESSIONS.has(compression))
        throw unsupportedCompression(compression, chunks);
    }
    const batch: TypedMcapRecord[] = [];
    try {
      stream.append(record);
      for (let r = stream.nextRecord(); r; r = stream.nextRecord()) batch.push(r);
    } catch (error) {
      if (!writer)
        throw new RecordingError('not-mcap', `not an MCAP file: bad header (${errorMessage(error)})`);
      result.reason = `the ${opcodeName(opcode)} record at offset ${offset} is damaged: ${errorMessage(error)}`;
      break;
    }
    for (const r of batch) {
      if (r.type === 'Header' && !writer) {
        writer = new McapChunkedWriter({
          sink,
          chunkSize: options.chunkSize,
          compression: options.compression ?? DEFAULT_CHUNK_COMPRESSION,
          profile: r.profile,
          library: 'gigawatt-recording',
        });
      } else if (writer) {
        apply(writer, r);
      }
    }
    offset += total;
    result.truncatedAt = offset;
    if (writer && writer.stats.pendingBytes > MAX_PENDING) await writer.drain();
  }
  if (!writer)
    throw new RecordingError('truncated', 'the file ends before its MCAP header: nothing to recover');
  if (result.complete) result.truncatedAt = size;
  if (!result.metadata && options.fallbackMetadata) {
    result.metadata = options.fallbackMetadata;
    writer.addMetadata(RECORDING_METADATA_NAME, metadataToMap(options.fallbackMetadata));
  }
  const note = options.note?.(result);
  if (note) writer.addMetadata(note.name, note.metadata);
  const index = markers.toMap();
  if (index && markersValid) writer.addMetadata(MARKERS_METADATA_NAME, index);
  await writer.end();
  return result;
}
