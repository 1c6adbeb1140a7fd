// Recording (MCAP) support. Imported by path ('@gigawatt/shared/recording'), not from the package root, so
// that views which never touch recordings do not pull @mcap/core into the initial bundle.
export { type Annotation, annotationSchema } from './annotationSchema.ts';
export { type ChannelSchema, channelSchema } from './channelSchemas.ts';
export {
  type ChunkCompression,
  type ChunkCompressor,
  DEFAULT_CHUNK_COMPRESSION,
  loadChunkCompressor,
  READABLE_COMPRESSIONS,
  unsupportedCompression,
  ZSTD_LEVEL,
} from './chunkCompression.ts';
export { compressLz4 } from './compressLz4.ts';
export {
  alertEventTime,
  createRecordingMcap,
  createRecordingWriter,
  type RecordingMcap,
  type RecordingStats,
  type RecordingWriter,
  type RecordingWriterOptions,
} from './createRecordingWriter.ts';
export { decodeRecordedMessage, type RecordedMessage } from './decodeRecordedMessage.ts';
export { decompressLz4, MAX_CHUNK_BYTES } from './decompressLz4.ts';
export { decompressZstd, loadZstdDecoder } from './decompressZstd.ts';
export { logTimeOf, MS_TO_NS } from './logTime.ts';
export {
  type ByteSink,
  DEFAULT_CHUNK_SIZE,
  McapChunkedWriter,
  type McapSnapshot,
  type WriterStats,
} from './mcapChunkedWriter.ts';
export {
  type OpenedRecording,
  openRecording,
  type ReadMessagesOptions,
  type RecordingTopicInfo,
  recordingDecompressHandlers,
} from './openRecording.ts';
export {
  type RackBlockJson,
  rackBlockFromJson,
  rackBlockJsonSchema,
  rackBlockToJson,
} from './rackBlockJson.ts';
export { asRecordingError, RecordingError, type RecordingErrorCode } from './recordingError.ts';
export * from './recordingInfoSchema.ts';
export {
  createMarkerCollector,
  MARKERS_METADATA_NAME,
  type MarkerIndex,
  markerIndexFromMap,
  markerIndexToMap,
  readMarkerIndex,
} from './recordingMarkers.ts';
export * from './recordingMetadata.ts';
export { boundedReadable, bytesReadable, MAX_READ_BYTES } from './recordingReadable.ts';
export * from './recordingTopics.ts';
export { type RecoveryResult, recoverRecording, recoverRecordingTo } from './recoverRecording.ts';
export { restrictFleet } from './restrictFleet.ts';
export {
  chunkCompression,
  type RewriteOptions,
  type RewriteResult,
  rewriteRecording,
} from './rewriteRecording.ts';
export {
  type DamagedChunk,
  describeChunk,
  type RecordingVerification,
  type VerifyOptions,
  verifyRecording,
} from './verifyRecording.ts';
