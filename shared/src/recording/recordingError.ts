/**
 * Why a recording could not be read or written. The code lets the HTTP layer pick a status (a hostile
 * upload is a 400, a full disk is a 507/500) without parsing messages.
 */
export type RecordingErrorCode =
  /** The bytes are not an MCAP file at all (bad magic, no header). */
  | 'not-mcap'
  /** An MCAP file whose structure is damaged: bad CRC, impossible lengths, missing index. */
  | 'corrupt'
  /** The file ends before anything recoverable (cut inside the header). */
  | 'truncated'
  /** A well-formed record whose payload breaks the shared schemas. */
  | 'invalid-message'
  /** Something asked to be written that the schemas refuse. */
  | 'invalid-input'
  /** A declared size beyond what a Gigawatt recording can hold (hostile or broken file). */
  | 'too-large'
  /**
   * Sound as far as can be told, but written with something this reader cannot decode (a chunk
   * compression other than zstd, lz4 or none): the message names it.
   */
  | 'unsupported'
  /** The byte sink failed (disk full, I/O error); the recording stopped. */
  | 'write-failed'
  /** Used after end() or after a write failure. */
  | 'closed';

export class RecordingError extends Error {
  readonly code: RecordingErrorCode;

  constructor(code: RecordingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordingError';
    this.code = code;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Adds context; a RecordingError keeps its code, anything else (thrown by the MCAP library) gets `code`. */
export function asRecordingError(error: unknown, code: RecordingErrorCode, context: string): RecordingError {
  const keep = error instanceof RecordingError ? error.code : code;
  return new RecordingError(keep, `${context}: ${errorMessage(error)}`, { cause: error });
}
