/** Errors the HTTP layer maps to a status: bad-id/invalid → 400, not-found → 404, conflict → 409, io → 500. */
export type RecorderErrorCode = 'bad-id' | 'invalid' | 'not-found' | 'conflict' | 'io';

export class RecorderError extends Error {
  readonly code: RecorderErrorCode;

  constructor(code: RecorderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecorderError';
    this.code = code;
  }
}
