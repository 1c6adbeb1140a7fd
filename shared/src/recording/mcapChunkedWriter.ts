import { crc32, crc32Final, crc32Init, crc32Update } from '@foxglove/crc';
import type { Channel, ChunkIndex, MetadataIndex, Schema, Statistics } from '@mcap/core';
import { McapChunkBuilder, McapRecordBuilder, Opcode } from '@mcap/core';
import { type ChunkCompression, type ChunkCompressor, loadChunkCompressor } from './chunkCompression.ts';
import { errorMessage, RecordingError } from './recordingError.ts';

/** Where the bytes go: a file, an in-memory buffer, an upload. Called one write at a time, in order. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<unknown>;
}

export interface McapChunkedWriterOptions {
  sink: ByteSink;
  /** Close a chunk once its uncompressed records pass this many bytes. */
  chunkSize?: number;
  /**
   * A compression name (its compressor loads on first use) or a compressor; default 'none'. Gigawatt's
   * recording writers pass DEFAULT_CHUNK_COMPRESSION (zstd).
   */
  compression?: ChunkCompression | ChunkCompressor;
  profile?: string;
  library?: string;
}

export interface WriterStats {
  messages: number;
  chunks: number;
  /** Bytes of the file built so far, written or still queued (a chunk counts once it is compressed). */
  bytes: number;
  /**
   * Bytes queued for the sink but not yet written (a chunk not yet compressed counts its uncompressed
   * size): what a slow disk leaves in memory.
   */
  pendingBytes: number;
  /** Log time range in ns (undefined until the first message). */
  startTime: bigint | undefined;
  endTime: bigint | undefined;
  /** Bytes with the sink that end on a whole record of the data section (the readable prefix). */
  durableBytes: number;
  /** Last log time (ns) in that prefix; undefined while no chunk has reached the sink. */
  durableEndTime: bigint | undefined;
}

/**
 * A complete MCAP file as of a point in the past of a file still being written: the first `dataLength`
 * bytes of what went to the sink (whole records, ending after a chunk), followed by `tail` (data end,
 * summary and footer for exactly those chunks).
 */
export interface McapSnapshot {
  dataLength: number;
  tail: Uint8Array;
}

/** A moment after a data-section write reached the sink: where a snapshot can end. */
interface DurablePoint {
  position: bigint;
  dataCrc: number;
  chunks: number;
  metadata: number;
  endTime: bigint | undefined;
}

/**
 * Smaller chunks make a seek fetch and inflate less (about 30 s of the default fleet at site + hall level
 * per chunk); bigger ones barely compress better (zstd level 6 on the hall-level day: 1 MiB chunks are 3 %
 * smaller than 256 KiB ones).
 */
export const DEFAULT_CHUNK_SIZE = 256 * 1024;

/**
 * An MCAP writer whose chunk can be closed on demand. @mcap/core's McapWriter only closes a chunk when it
 * is full, so a recorder could not guarantee "on disk within a second"; this one builds the same
 * records (chunks, message indexes, chunk indexes, statistics, summary offsets, CRCs) with the
 * library's record builders and adds `flush()`.
 *
 * Adding messages is synchronous (it only touches the in-memory chunk); a closed chunk is compressed and
 * its bytes go to the sink through an internal queue, in order, so callers need not await each message
 * and the compressor may load asynchronously (zstd is WebAssembly). A sink or compressor failure is
 * remembered: the file keeps what was written before it, and every later call reports the failure.
 */
export class McapChunkedWriter {
  readonly #sink: ByteSink;
  readonly #chunkSize: number;
  /** Resolved (or rejected) once; every chunk task awaits it, in queue order. */
  readonly #compressor: Promise<ChunkCompressor | undefined>;
  readonly #records = new McapRecordBuilder();
  readonly #chunk = new McapChunkBuilder({ useMessageIndex: true });
  readonly #schemas = new Map<number, Schema>();
  readonly #channels = new Map<number, Channel>();
  readonly #written = new Set<number>();
  readonly #writtenSchemas = new Set<number>();
  readonly #chunkIndexes: ChunkIndex[] = [];
  readonly #metadataIndexes: MetadataIndex[] = [];
  readonly #channelCounts = new Map<number, bigint>();
  /** Per chunk (in #chunkIndexes order): channel id, message count, channel id, count, … */
  readonly #chunkCounts: Uint32Array[] = [];
  /** In position order; a reader of the file being written can open any of them (see snapshot()). */
  readonly #durable: DurablePoint[] = [];
  #messages = 0;
  #chunks = 0;
  #metadataCount = 0;
  #startTime: bigint | undefined;
  #endTime: bigint | undefined;
  /** Bytes built so far: the offset of the next record. Only queue tasks move it. */
  #position = 0n;
  #dataCrc = crc32Init();
  #queue: Promise<void> = Promise.resolve();
  #pendingBytes = 0;
  #failure: RecordingError | undefined;
  #ended = false;

  constructor(options: McapChunkedWriterOptions) {
    this.#sink = options.sink;
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.#compressor = loadChunkCompressor(options.compression ?? 'none');
    // Awaited by the first chunk task; this keeps a failed load from being reported as unhandled before.
    this.#compressor.catch(() => {});
    const profile = options.profile ?? '';
    const library = options.library ?? 'gigawatt';
    this.#schedule(0, () => {
      this.#records.writeMagic();
      this.#records.writeHeader({ profile, library });
      return true;
    });
  }

  get stats(): WriterStats {
    return {
      messages: this.#messages,
      chunks: this.#chunks,
      bytes: Number(this.#position),
      pendingBytes: this.#pendingBytes,
      startTime: this.#startTime,
      endTime: this.#endTime,
      durableBytes: Number(this.#durable.at(-1)?.position ?? 0n),
      durableEndTime: this.#durable.at(-1)?.endTime,
    };
  }

  /**
   * The file as a reader could open it now (or as of an earlier snapshot's `dataLength`, so one reader
   * sees one consistent file while writing goes on): the chunks already with the sink plus a synthesized
   * summary and footer. Undefined when `dataLength` is not a point this writer passed, or once ended
   * (the file itself is then complete).
   */
  snapshot(dataLength?: number): McapSnapshot | undefined {
    if (this.#ended) return undefined;
    const point =
      dataLength === undefined
        ? this.#durable.at(-1)
        : this.#durable.find((p) => p.position === BigInt(dataLength));
    if (!point) return undefined;
    const records = new McapRecordBuilder();
    records.writeDataEnd({ dataSectionCrc: crc32Final(point.dataCrc) });
    const dataEnd = records.buffer.slice();
    records.reset();
    const counts = new Map<number, bigint>();
    let messages = 0n;
    let startTime: bigint | undefined;
    for (let i = 0; i < point.chunks; i++) {
      const c = this.#chunkCounts[i]!;
      for (let j = 0; j < c.length; j += 2) {
        counts.set(c[j]!, (counts.get(c[j]!) ?? 0n) + BigInt(c[j + 1]!));
        messages += BigInt(c[j + 1]!);
      }
      const t = this.#chunkIndexes[i]!.messageStartTime;
      if (startTime === undefined || t < startTime) startTime = t;
    }
    writeSummarySection(records, point.position + BigInt(dataEnd.byteLength), {
      schemas: [...this.#schemas.values()],
      channels: [...this.#channels.values()],
      statistics: {
        messageCount: messages,
        schemaCount: this.#schemas.size,
        channelCount: this.#channels.size,
        attachmentCount: 0,
        metadataCount: point.metadata,
        chunkCount: point.chunks,
        messageStartTime: startTime ?? 0n,
        messageEndTime: point.endTime ?? 0n,
        channelMessageCounts: counts,
      },
      metadataIndexes: this.#metadataIndexes.slice(0, point.metadata),
      chunkIndexes: this.#chunkIndexes.slice(0, point.chunks),
    });
    const summary = records.buffer;
    const tail = new Uint8Array(dataEnd.byteLength + summary.byteLength);
    tail.set(dataEnd, 0);
    tail.set(summary, dataEnd.byteLength);
    return { dataLength: Number(point.position), tail };
  }

  /** The write error that stopped this writer, if any. */
  get failure(): RecordingError | undefined {
    return this.#failure;
  }

  get ended(): boolean {
    return this.#ended;
  }

  addSchema(schema: Omit<Schema, 'id'>): number {
    const id = this.#schemas.size + 1; // 0 means "no schema" in MCAP
    this.#schemas.set(id, { ...schema, id });
    return id;
  }

  addChannel(channel: Omit<Channel, 'id'>): number {
    const id = this.#channels.size;
    this.#channels.set(id, { ...channel, id });
    return id;
  }

  /** Metadata records sit outside chunks, so they are written (queued) at once. */
  /** Writes a metadata record after every message added so far (the open chunk is closed first). */
  addMetadata(name: string, metadata: Map<string, string>): void {
    this.#assertOpen();
    this.#closeChunk();
    this.#metadataCount++;
    this.#schedule(0, () => {
      const offset = this.#position;
      const length = this.#records.writeMetadata({ name, metadata });
      this.#metadataIndexes.push({ offset, length, name });
      return true;
    });
  }

  addMessage(
    channelId: number,
    logTime: bigint,
    data: Uint8Array,
    sequence = 0,
    publishTime = logTime,
  ): void {
    this.#assertOpen();
    const channel = this.#channels.get(channelId);
    if (!channel) throw new RecordingError('invalid-input', `no channel ${channelId}`);
    // Schema and channel go into the first chunk that uses them, ahead of its messages; a crash-cut file
    // is read from the start (recovery), so later chunks need not repeat them.
    if (!this.#written.has(channelId)) {
      if (channel.schemaId !== 0 && !this.#writtenSchemas.has(channel.schemaId)) {
        this.#chunk.addSchema(this.#schemas.get(channel.schemaId)!);
        this.#writtenSchemas.add(channel.schemaId);
      }
      this.#chunk.addChannel(channel);
      this.#written.add(channelId);
    }
    this.#chunk.addMessage({ channelId, sequence, logTime, publishTime, data });
    this.#messages++;
    this.#channelCounts.set(channelId, (this.#channelCounts.get(channelId) ?? 0n) + 1n);
    if (this.#startTime === undefined || logTime < this.#startTime) this.#startTime = logTime;
    if (this.#endTime === undefined || logTime > this.#endTime) this.#endTime = logTime;
    if (this.#chunk.byteLength >= this.#chunkSize) this.#closeChunk();
  }

  /** Closes the open chunk and resolves once every byte so far is with the sink. */
  async flush(): Promise<void> {
    if (!this.#ended && !this.#failure) this.#closeChunk();
    await this.#drain();
  }

  /** Waits for queued bytes without closing the chunk: backpressure for bulk writers (recovery). */
  drain(): Promise<void> {
    return this.#drain();
  }

  /** Resolves once the queue is empty; rejects with the write failure if there was one. */
  async #drain(): Promise<void> {
    await this.#queue;
    if (this.#failure) throw this.#failure;
  }

  /** Writes the summary (schemas, channels, statistics, indexes) and footer; the file is then complete. */
  async end(): Promise<void> {
    if (this.#ended) return this.#drain();
    this.#assertOpen();
    this.#closeChunk();
    this.#ended = true;
    this.#schedule(0, () => {
      this.#records.writeDataEnd({ dataSectionCrc: crc32Final(this.#dataCrc) });
      return false;
    });
    this.#schedule(0, () => {
      this.#writeSummary();
      return false;
    });
    return this.#drain();
  }

  #writeSummary(): void {
    writeSummarySection(this.#records, this.#position, {
      schemas: [...this.#schemas.values()],
      channels: [...this.#channels.values()],
      statistics: this.#statistics(),
      metadataIndexes: this.#metadataIndexes,
      chunkIndexes: this.#chunkIndexes,
    });
  }

  #statistics(): Statistics {
    return {
      messageCount: BigInt(this.#messages),
      schemaCount: this.#schemas.size,
      channelCount: this.#channels.size,
      attachmentCount: 0,
      metadataCount: this.#metadataCount,
      chunkCount: this.#chunkIndexes.length,
      messageStartTime: this.#startTime ?? 0n,
      messageEndTime: this.#endTime ?? 0n,
      channelMessageCounts: this.#channelCounts,
    };
  }

  #assertOpen(): void {
    if (this.#failure) throw this.#failure;
    if (this.#ended) throw new RecordingError('closed', 'the recording has ended');
  }

  /** Takes the open chunk's records (copied: the builder reuses its buffer) and queues its compression. */
  #closeChunk(): void {
    const chunk = this.#chunk;
    if (chunk.numMessages === 0) return;
    const data = chunk.buffer.slice();
    const messageStartTime = chunk.messageStartTime;
    const messageEndTime = chunk.messageEndTime;
    const indices = [...chunk.indices];
    const counts = new Uint32Array(indices.length * 2);
    indices.forEach((index, i) => {
      counts[i * 2] = index.channelId;
      counts[i * 2 + 1] = index.records.length;
    });
    chunk.reset();
    this.#chunks++;
    this.#schedule(data.byteLength, (compress) => {
      const { compression, compressedData } = compress?.(data) ?? { compression: '', compressedData: data };
      const chunkStartOffset = this.#position;
      const chunkLength = this.#records.writeChunk({
        messageStartTime,
        messageEndTime,
        uncompressedSize: BigInt(data.byteLength),
        uncompressedCrc: crc32(data),
        compression,
        records: compressedData,
      });
      const messageIndexOffsets = new Map<number, bigint>();
      let messageIndexLength = 0n;
      for (const index of indices) {
        messageIndexOffsets.set(index.channelId, chunkStartOffset + chunkLength + messageIndexLength);
        messageIndexLength += this.#records.writeMessageIndex(index);
      }
      this.#chunkIndexes.push({
        messageStartTime,
        messageEndTime,
        chunkStartOffset,
        chunkLength,
        messageIndexOffsets,
        messageIndexLength,
        compression,
        compressedSize: BigInt(compressedData.byteLength),
        uncompressedSize: BigInt(data.byteLength),
      });
      this.#chunkCounts.push(counts);
      // Chunk and its message indexes go to the sink as one write, so a crash cannot separate them.
      return true;
    });
  }

  /** Everything up to #position is with the sink and ends on a whole data-section record. */
  #noteDurable(): void {
    const last = this.#chunkIndexes.at(-1);
    const prev = this.#durable.at(-1)?.endTime;
    const end = last && (prev === undefined || last.messageEndTime > prev) ? last.messageEndTime : prev;
    this.#durable.push({
      position: this.#position,
      dataCrc: this.#dataCrc,
      chunks: this.#chunkIndexes.length,
      metadata: this.#metadataIndexes.length,
      endTime: end,
    });
  }

  /**
   * Queues `build` (which writes records into the record builder and says whether they belong to the
   * data section) and the write of what it built. Tasks run one at a time in call order, so offsets are
   * exact; `estimate` is what the task holds in memory until it has run.
   */
  #schedule(estimate: number, build: (compress: ChunkCompressor | undefined) => boolean): void {
    this.#pendingBytes += estimate;
    this.#queue = this.#queue.then(async () => {
      let bytes: Uint8Array | undefined;
      try {
        if (this.#failure) return;
        const dataSection = build(await this.#compressor);
        // Copied: the builder reuses its buffer.
        bytes = this.#records.buffer.slice();
        this.#records.reset();
        if (dataSection) this.#dataCrc = crc32Update(this.#dataCrc, bytes);
        this.#position += BigInt(bytes.byteLength);
        this.#pendingBytes += bytes.byteLength - estimate;
        if (bytes.byteLength > 0) await this.#sink.write(bytes);
        if (dataSection) this.#noteDurable();
      } catch (error) {
        this.#records.reset();
        this.#failure ??=
          error instanceof RecordingError
            ? error
            : new RecordingError('write-failed', `recording write failed: ${errorMessage(error)}`, {
                cause: error,
              });
      } finally {
        this.#pendingBytes -= bytes ? bytes.byteLength : estimate;
      }
    });
  }
}

interface SummaryParts {
  schemas: Schema[];
  channels: Channel[];
  statistics: Statistics;
  metadataIndexes: MetadataIndex[];
  chunkIndexes: ChunkIndex[];
}

/**
 * Writes the summary section, summary offsets, footer and closing magic into an empty builder, for a
 * summary that starts at `summaryStart` in the file.
 */
function writeSummarySection(records: McapRecordBuilder, summaryStart: bigint, parts: SummaryParts): void {
  const groups: { opcode: Opcode; start: bigint; length: bigint }[] = [];
  const group = (opcode: Opcode, write: () => void) => {
    const start = BigInt(records.length);
    write();
    const length = BigInt(records.length) - start;
    if (length > 0n) groups.push({ opcode, start: summaryStart + start, length });
  };
  group(Opcode.SCHEMA, () => {
    for (const s of parts.schemas) records.writeSchema(s);
  });
  group(Opcode.CHANNEL, () => {
    for (const c of parts.channels) records.writeChannel(c);
  });
  group(Opcode.STATISTICS, () => records.writeStatistics(parts.statistics));
  group(Opcode.METADATA_INDEX, () => {
    for (const m of parts.metadataIndexes) records.writeMetadataIndex(m);
  });
  group(Opcode.CHUNK_INDEX, () => {
    for (const c of parts.chunkIndexes) records.writeChunkIndex(c);
  });
  const summaryOffsetStart = summaryStart + BigInt(records.length);
  for (const g of groups) {
    records.writeSummaryOffset({ groupOpcode: g.opcode, groupStart: g.start, groupLength: g.length });
  }
  // The summary CRC covers the summary section and the footer up to the CRC field itself.
  const footerPrefix = new DataView(new ArrayBuffer(1 + 8 + 8 + 8));
  footerPrefix.setUint8(0, Opcode.FOOTER);
  footerPrefix.setBigUint64(1, 8n + 8n + 4n, true);
  footerPrefix.setBigUint64(9, summaryStart, true);
  footerPrefix.setBigUint64(17, summaryOffsetStart, true);
  const summaryCrc = crc32Final(crc32Update(crc32Update(crc32Init(), records.buffer), footerPrefix));
  records.writeFooter({ summaryStart, summaryOffsetStart, summaryCrc });
  records.writeMagic();
}
