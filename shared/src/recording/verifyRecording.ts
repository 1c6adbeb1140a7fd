import { type IReadable, McapRecordBuilder, McapStreamReader, type TypedMcapRecords } from '@mcap/core';
import { READABLE_COMPRESSIONS, unsupportedCompression } from './chunkCompression.ts';
import { decodeRecordedMessage } from './decodeRecordedMessage.ts';
import { loadZstdDecoder } from './decompressZstd.ts';
import { MS_TO_NS } from './logTime.ts';
import { type OpenedRecording, openRecording, recordingDecompressHandlers } from './openRecording.ts';
import { asRecordingError, errorMessage, RecordingError } from './recordingError.ts';
import { type MarkerIndex, readMarkerIndex } from './recordingMarkers.ts';
import { boundedReadable, toReadable } from './recordingReadable.ts';
import { type ParsedTopic, parseTopic } from './recordingTopics.ts';

/** The first chunk (in file order) that cannot be read, and why. */
export interface DamagedChunk {
  /** 0-based position among the file's chunks, in file order. */
  index: number;
  /** Chunks in the file. */
  count: number;
  /** Byte offset of the chunk record: everything from here on is past the readable span. */
  offset: number;
  /** The span of messages the chunk's index entry says it holds (ms). */
  startTime: number;
  endTime: number;
  reason: string;
}

export interface RecordingVerification {
  /** The file as openRecording opened it (index only). */
  recording: OpenedRecording;
  /** Chunks read and found good (all of them when nothing is damaged). */
  goodChunks: number;
  /** The first damaged chunk, or undefined when every chunk is good. */
  damaged: DamagedChunk | undefined;
  /** Gigawatt messages in the good chunks before the damaged one (or in the whole file), and their span (ms). */
  readable: { messages: number; start: number | undefined; end: number | undefined };
  /**
   * Every chunk is good, but reading the messages through the index (message indexes, statistics) as
   * a reader or the CSV export does failed or disagreed with the chunks: the index is damaged and can
   * be rebuilt from the data without losing anything.
   */
  indexProblem: string | undefined;
}

export interface VerifyOptions {
  /**
   * Check every Gigawatt message against the shared schemas (default true). The costly part (about two
   * thirds of the time): worth skipping only for a file this program has just written itself.
   */
  decode?: boolean;
}

const RECORD_HEAD = 9; // opcode (1) + content length (8)

const ms = (ns: bigint) => Number(ns / MS_TO_NS);

/**
 * Reads every chunk of a recording, not just its index, so that a file accepted as whole can be read
 * to its end: the chunk record parses, its data decompresses to exactly the size it declares, its CRC
 * matches (when the writer set one), every record inside parses and is allowed there, every message is
 * on a known channel and every Gigawatt message passes the shared schemas (decodeRecordedMessage, as
 * any reader decodes it). Then, when all chunks are good, every Gigawatt message is found once more
 * through the index, as the replay and the CSV export find them.
 *
 * Throws a RecordingError only when openRecording does (no MCAP, no usable index, a chunk compression it
 * cannot decode), or when a chunk record names a compression this reader has no decoder for
 * ('unsupported': the file may be sound, so it is not called damaged); damage inside the data is
 * reported, not thrown, with the first damaged chunk and what came before it.
 */
export async function verifyRecording(
  input: Uint8Array | IReadable,
  options: VerifyOptions = {},
): Promise<RecordingVerification> {
  const recording = await openRecording(input);
  try {
    return await verifyOpened(recording, input, options.decode ?? true);
  } catch (error) {
    if (error instanceof RecordingError && error.code === 'unsupported') throw error;
    // Damage is reported above; whatever else a hostile file provokes is still a RecordingError.
    throw asRecordingError(error, 'corrupt', 'cannot read the recording');
  }
}

async function verifyOpened(
  recording: OpenedRecording,
  input: Uint8Array | IReadable,
  decode: boolean,
): Promise<RecordingVerification> {
  const readable = boundedReadable(toReadable(input));
  const reader = recording.reader;
  // A chunk record may use zstd even where its index entry says otherwise.
  await loadZstdDecoder();
  const parsedById = new Map<number, { topic: string; parsed: ParsedTopic }>();
  for (const channel of reader.channelsById.values()) {
    const parsed = parseTopic(channel.topic);
    if (parsed) parsedById.set(channel.id, { topic: channel.topic, parsed });
  }
  const chunks = [...reader.chunkIndexes].sort((a, b) =>
    a.chunkStartOffset < b.chunkStartOffset ? -1 : a.chunkStartOffset > b.chunkStartOffset ? 1 : 0,
  );
  const result: RecordingVerification = {
    recording,
    goodChunks: 0,
    damaged: undefined,
    readable: { messages: 0, start: undefined, end: undefined },
    indexProblem: undefined,
  };

  // One stream reader for all chunks, in file order, as a reader of the whole file would go: a chunk
  // may use a channel declared in an earlier chunk. It first learns the channels of the summary, so
  // a chunk that redefines one differently is damaged too.
  const stream = new McapStreamReader({
    noMagicPrefix: true,
    includeChunks: true,
    decompressHandlers: recordingDecompressHandlers,
    validateCrcs: true,
  });
  const builder = new McapRecordBuilder();
  for (const channel of reader.channelsById.values()) builder.writeChannel(channel);
  stream.append(builder.buffer);
  while (stream.nextRecord()) {
    // Channels only: the reader now knows them.
  }

  let allMessages = 0;
  /** Gigawatt messages per channel in the good chunks. */
  const inChunks = new Map<number, number>();
  /** The alerts and annotations of the chunks, in file order: what the markers index must repeat. */
  const markers: MarkerIndex = { alerts: [], annotations: [] };
  for (const [index, chunkIndex] of chunks.entries()) {
    const found = {
      messages: 0,
      /** Channel of each Gigawatt message. */
      channels: [] as number[],
      start: undefined as number | undefined,
      end: 0,
    };
    const problem = await readChunk(readable, stream, chunkIndex, index, (channelId, logTime, data) => {
      found.messages++;
      const channel = parsedById.get(channelId);
      if (!channel) return; // another tool's channel: Gigawatt never reads it
      const marker = channel.parsed.kind === 'alert' || channel.parsed.kind === 'annotation';
      const m =
        decode || marker ? decodeRecordedMessage(channel.topic, channel.parsed, logTime, data) : undefined;
      const t = m ? m.t : ms(logTime);
      if (m?.kind === 'alert') markers.alerts.push({ t: m.t, event: m.event });
      if (m?.kind === 'annotation') markers.annotations.push(m.annotation);
      found.channels.push(channelId);
      found.start = Math.min(found.start ?? t, t);
      found.end = Math.max(found.end, t);
    });
    if (problem !== undefined) {
      result.damaged = {
        index,
        count: chunks.length,
        offset: Number(chunkIndex.chunkStartOffset),
        startTime: ms(chunkIndex.messageStartTime),
        endTime: ms(chunkIndex.messageEndTime),
        reason: problem,
      };
      return result;
    }
    result.goodChunks++;
    allMessages += found.messages;
    for (const id of found.channels) inChunks.set(id, (inChunks.get(id) ?? 0) + 1);
    const r = result.readable;
    r.messages += found.channels.length;
    if (found.start !== undefined) {
      r.start = Math.min(r.start ?? found.start, found.start);
      r.end = Math.max(r.end ?? found.end, found.end);
    }
  }

  const stated = reader.statistics?.messageCount;
  if (stated !== undefined && Number(stated) !== allMessages) {
    result.indexProblem = `the statistics count ${stated} messages, the chunks hold ${allMessages}`;
    return result;
  }
  // Message by message through the index, as the replay and the CSV export find them (message
  // indexes, chunk offsets, log times): per channel, the index must reach exactly the messages the
  // chunks hold (an index entry that points at another channel's message would otherwise pass). The
  // payloads were checked above, from the same bytes, so they are not decoded again.
  const indexed = new Map<number, number>();
  try {
    const topics = [...parsedById.values()].map((c) => c.topic);
    if (topics.length > 0) {
      for await (const m of reader.readMessages({ topics })) {
        indexed.set(m.channelId, (indexed.get(m.channelId) ?? 0) + 1);
      }
    }
  } catch (error) {
    result.indexProblem = `reading through the index failed: ${errorMessage(error)}`;
    return result;
  }
  for (const [channelId, { topic }] of parsedById) {
    const a = indexed.get(channelId) ?? 0;
    const b = inChunks.get(channelId) ?? 0;
    if (a !== b) {
      result.indexProblem = `the message index lists ${a} messages on ${topic}, the chunks hold ${b}`;
      return result;
    }
  }
  result.indexProblem = await markersIndexProblem(recording, markers);
  return result;
}

/**
 * Reads one chunk record where its index entry points and checks it through; calls `onMessage` for
 * each message inside (which may throw to call the chunk bad). Returns why the chunk is bad, or
 * undefined when it is good.
 */
async function readChunk(
  readable: IReadable,
  stream: McapStreamReader,
  chunkIndex: TypedMcapRecords['ChunkIndex'],
  index: number,
  onMessage: (channelId: number, logTime: bigint, data: Uint8Array) => void,
): Promise<string | undefined> {
  try {
    if (chunkIndex.chunkLength < BigInt(RECORD_HEAD))
      return `its index entry gives it ${chunkIndex.chunkLength} bytes`;
    const bytes = await readable.read(chunkIndex.chunkStartOffset, chunkIndex.chunkLength);
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(1, true);
    if (BigInt(RECORD_HEAD) + length > chunkIndex.chunkLength)
      return `its record (${length} bytes) runs past the ${chunkIndex.chunkLength} bytes its index entry gives it`;
    // Exactly the chunk record: the stream reader then yields the chunk and its records, nothing else.
    stream.append(bytes.subarray(0, RECORD_HEAD + Number(length)));
    const chunk = stream.nextRecord();
    if (chunk?.type !== 'Chunk')
      return `its index entry points at ${chunk ? `a ${chunk.type} record` : 'no whole record'}, not at a chunk`;
    if (!READABLE_COMPRESSIONS.has(chunk.compression))
      throw unsupportedCompression(chunk.compression, index + 1);
    // The stream reader checks neither of these: stored data must be exactly the declared size, and
    // compressed data must not be missing altogether.
    if (chunk.compression === '' && BigInt(chunk.records.byteLength) !== chunk.uncompressedSize)
      return `it holds ${chunk.records.byteLength} bytes of records but declares ${chunk.uncompressedSize}`;
    if (chunk.compression !== '' && chunk.records.byteLength === 0 && chunk.uncompressedSize !== 0n)
      return `it holds no data but declares ${chunk.uncompressedSize} bytes`;
    // Decompression (to exactly the declared size), the CRC and every record inside are checked
    // by the stream reader as it yields them.
    for (let r = stream.nextRecord(); r; r = stream.nextRecord()) {
      if (r.type === 'Message') onMessage(r.channelId, r.logTime, r.data);
    }
    if (stream.bytesRemaining() > 0) return `${stream.bytesRemaining()} bytes after its last record`;
    return undefined;
  } catch (error) {
    // A codec this reader lacks is no damage (see verifyRecording): thrown, not reported.
    if (error instanceof RecordingError && error.code === 'unsupported') throw error;
    return errorMessage(error);
  }
}

/** "chunk 3 of 20 (at byte 1234, 2026-06-01T12:00:02.000Z to 2026-06-01T12:00:02.999Z)". */
export function describeChunk(c: Pick<DamagedChunk, 'index' | 'count' | 'offset' | 'startTime' | 'endTime'>) {
  const iso = (t: number) =>
    Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t);
  return `chunk ${c.index + 1} of ${c.count} (at byte ${c.offset}, messages from ${iso(c.startTime)} to ${iso(c.endTime)})`;
}

/**
 * What is wrong with the markers index, if the file has one: it must be readable and repeat the
 * chunks' alerts and annotations exactly (players show the index, the chunks are the record).
 */
async function markersIndexProblem(
  recording: OpenedRecording,
  chunks: MarkerIndex,
): Promise<string | undefined> {
  let index: MarkerIndex | undefined;
  try {
    index = await readMarkerIndex(recording);
  } catch (error) {
    return `the markers index is unreadable: ${errorMessage(error)}`;
  }
  if (!index) return undefined;
  const key = (m: MarkerIndex) =>
    JSON.stringify([m.alerts.map((x) => [Math.floor(x.t), x.event]), m.annotations]);
  if (key(index) !== key(chunks)) {
    return `the markers index (${index.alerts.length} alerts, ${index.annotations.length} annotations) differs from the chunks (${chunks.alerts.length}, ${chunks.annotations.length})`;
  }
  return undefined;
}
