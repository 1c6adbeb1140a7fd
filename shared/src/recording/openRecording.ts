import {
  type IReadable,
  MCAP_MAGIC,
  McapIndexedReader,
  McapStreamReader,
  type MetadataIndex,
} from '@mcap/core';
import { READABLE_COMPRESSIONS, unsupportedCompression } from './chunkCompression.ts';
import { decodeRecordedMessage, type RecordedMessage } from './decodeRecordedMessage.ts';
import { decompressLz4 } from './decompressLz4.ts';
import { decompressZstd, loadZstdDecoder } from './decompressZstd.ts';
import { logTimeOf, MS_TO_NS } from './logTime.ts';
import { asRecordingError, RecordingError } from './recordingError.ts';
import { metadataFromMap, RECORDING_METADATA_NAME, type RecordingMetadata } from './recordingMetadata.ts';
import { boundedReadable, toReadable } from './recordingReadable.ts';
import { type ParsedTopic, parseTopic, type RecordingChannelKind } from './recordingTopics.ts';

export interface RecordingTopicInfo {
  topic: string;
  kind: RecordingChannelKind;
  site?: string;
  hall?: string;
  /** From the file's statistics; undefined when a file has none. */
  messageCount: number | undefined;
}

export interface ReadMessagesOptions {
  /** ms since epoch, inclusive; default: the start of the recording. */
  from?: number;
  /** ms since epoch, inclusive; default: the end of the recording. */
  to?: number;
  /** Only these topics (default: every Gigawatt topic in the file). */
  topics?: readonly string[];
}

export interface OpenedRecording {
  /** Name, level, sites, …; undefined for an MCAP file that Gigawatt did not write. */
  metadata: RecordingMetadata | undefined;
  /** First and last message time (ms); undefined when the file holds no message. */
  startTime: number | undefined;
  endTime: number | undefined;
  /** Gigawatt channels in the file; channels with other topics are ignored. */
  topics: RecordingTopicInfo[];
  messageCount: number | undefined;
  chunkCount: number;
  /**
   * False when the file holds messages its index cannot reach: a file written without chunks, or with
   * chunks but no message indexes (both valid MCAP that other writers produce). Such a file reads
   * nothing through readMessages; rewriteRecording makes an indexed copy of it.
   */
  indexed: boolean;
  /** Messages in log-time order, decoded and validated; reads only the chunks the window needs. */
  readMessages(options?: ReadMessagesOptions): AsyncGenerator<RecordedMessage, void, void>;
  /**
   * The metadata record an index entry points at (the reader's readMetadata reads every record of a
   * name, where a caller may want only the newest).
   */
  readMetadataAt(index: MetadataIndex): Promise<ReadonlyMap<string, string>>;
  /** The underlying @mcap/core reader, for what this wrapper does not cover. */
  reader: McapIndexedReader;
}

/**
 * Decompression for the chunk formats a Gigawatt reader accepts. zstd needs `await loadZstdDecoder()`
 * first (openRecording, verifyRecording and rewriteRecording do it themselves).
 */
export const recordingDecompressHandlers = { lz4: decompressLz4, zstd: decompressZstd };

function isMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength === MCAP_MAGIC.length && MCAP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Opens a recording for random access: reads the header, the footer and the summary (index) only.
 * Accepts bytes in memory or any IReadable (a file handle, HTTP range requests). Every failure is a
 * RecordingError saying what is wrong with the file.
 */
export async function openRecording(input: Uint8Array | IReadable): Promise<OpenedRecording> {
  const readable = boundedReadable(toReadable(input));
  const size = await readable.fileSize();
  const magicLength = BigInt(MCAP_MAGIC.length);
  if (size < magicLength || !isMagic(await readable.read(0n, magicLength))) {
    throw new RecordingError('not-mcap', 'not an MCAP file: it does not start with the MCAP magic bytes');
  }
  if (size < 2n * magicLength || !isMagic(await readable.read(size - magicLength, magicLength))) {
    throw new RecordingError(
      'truncated',
      'the file ends without an MCAP footer (a recording cut short?); recoverRecording can rebuild it',
    );
  }
  let reader: McapIndexedReader;
  try {
    reader = await McapIndexedReader.Initialize({
      readable,
      decompressHandlers: recordingDecompressHandlers,
    });
  } catch (error) {
    throw asRecordingError(error, 'corrupt', 'cannot read the MCAP index');
  }

  const inFileOrder = [...reader.chunkIndexes].sort((a, b) =>
    a.chunkStartOffset < b.chunkStartOffset ? -1 : a.chunkStartOffset > b.chunkStartOffset ? 1 : 0,
  );
  for (const [i, chunk] of inFileOrder.entries()) {
    if (!READABLE_COMPRESSIONS.has(chunk.compression)) throw unsupportedCompression(chunk.compression, i + 1);
  }
  // The decoder loads only when a file needs it: in the browser, only the player ever opens one.
  if (reader.chunkIndexes.some((c) => c.compression === 'zstd')) await loadZstdDecoder();

  const parsedById = new Map<number, { topic: string; parsed: ParsedTopic }>();
  const topics: RecordingTopicInfo[] = [];
  for (const channel of reader.channelsById.values()) {
    const parsed = parseTopic(channel.topic);
    if (!parsed) continue;
    if (channel.messageEncoding !== 'json') {
      throw new RecordingError(
        'corrupt',
        `channel ${channel.topic} is encoded as "${channel.messageEncoding}"; Gigawatt channels are JSON`,
      );
    }
    parsedById.set(channel.id, { topic: channel.topic, parsed });
    const count = reader.statistics?.channelMessageCounts.get(channel.id);
    topics.push({
      topic: channel.topic,
      kind: parsed.kind,
      ...('site' in parsed ? { site: parsed.site } : {}),
      ...('hall' in parsed ? { hall: parsed.hall } : {}),
      messageCount: count === undefined ? (reader.statistics ? 0 : undefined) : Number(count),
    });
  }
  topics.sort((a, b) => a.topic.localeCompare(b.topic));

  let metadata: RecordingMetadata | undefined;
  try {
    for await (const record of reader.readMetadata({ name: RECORDING_METADATA_NAME })) {
      metadata = metadataFromMap(record.metadata);
      break;
    }
  } catch (error) {
    throw asRecordingError(error, 'corrupt', 'cannot read the recording metadata');
  }

  let start: bigint | undefined;
  let end: bigint | undefined;
  for (const c of reader.chunkIndexes) {
    if (start === undefined || c.messageStartTime < start) start = c.messageStartTime;
    if (end === undefined || c.messageEndTime > end) end = c.messageEndTime;
  }
  const stats = reader.statistics;
  const chunkWithoutIndex = reader.chunkIndexes.some(
    (c) => c.messageIndexLength === 0n && (c.messageStartTime !== 0n || c.messageEndTime !== 0n),
  );
  const outsideChunks = reader.chunkIndexes.length === 0 && (stats === undefined || stats.messageCount > 0n);

  return {
    metadata,
    startTime: start === undefined ? undefined : Number(start / MS_TO_NS),
    endTime: end === undefined ? undefined : Number(end / MS_TO_NS),
    topics,
    messageCount: stats ? Number(stats.messageCount) : undefined,
    chunkCount: reader.chunkIndexes.length,
    indexed: !chunkWithoutIndex && !outsideChunks,
    reader,
    async readMetadataAt(index) {
      const stream = new McapStreamReader({ noMagicPrefix: true });
      stream.append(await readable.read(index.offset, index.length));
      const record = stream.nextRecord();
      if (record?.type !== 'Metadata') {
        throw new RecordingError(
          'corrupt',
          `the metadata index entry "${index.name}" at offset ${index.offset} does not point at a metadata record`,
        );
      }
      return record.metadata;
    },
    async *readMessages(options: ReadMessagesOptions = {}) {
      const wanted = options.topics ? topics.filter((t) => options.topics!.includes(t.topic)) : topics;
      if (wanted.length === 0 || start === undefined || end === undefined) return;
      const startTime = options.from === undefined ? start : logTimeOf(Math.max(0, options.from));
      const endTime = options.to === undefined ? end : logTimeOf(Math.max(0, options.to));
      if (startTime > endTime) return;
      const messages = reader.readMessages({ topics: wanted.map((t) => t.topic), startTime, endTime });
      for (;;) {
        let next: IteratorResult<{ channelId: number; logTime: bigint; data: Uint8Array }>;
        try {
          next = await messages.next();
        } catch (error) {
          throw asRecordingError(error, 'corrupt', 'cannot read the recording');
        }
        if (next.done) return;
        const channel = parsedById.get(next.value.channelId);
        if (!channel) {
          throw new RecordingError(
            'corrupt',
            `the message index points at a message of unknown channel ${next.value.channelId}`,
          );
        }
        yield decodeRecordedMessage(channel.topic, channel.parsed, next.value.logTime, next.value.data);
      }
    },
  };
}
