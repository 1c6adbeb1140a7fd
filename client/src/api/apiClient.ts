import {
  type Parsed,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  parseWith,
  protocolMismatch,
} from '@gigawatt/shared';
import type { z } from 'zod';

/**
 * - network: the server could not be reached; protocol: it speaks another protocol version (reload);
 * - http: it answered with an error status; malformed: its answer is not what the contract says.
 */
export type ApiErrorKind = 'network' | 'protocol' | 'http' | 'malformed';

/** A failed API call, with a message fit to show as it is. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    /** 0 when no answer came. */
    readonly status: number,
    message: string,
    /** The server's own `{ error }` sentence, when it sent one. */
    readonly serverMessage = '',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ApiOptions {
  /** Origin of the server; empty for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface ApiRequest extends ApiOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Viewer or operator token, sent as a bearer token. */
  token?: string | undefined;
  /** Sent as a JSON body. */
  json?: unknown;
  headers?: Record<string, string>;
}

const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

/**
 * The one place the client calls the server's REST API: base URL, token, protocol version (sent, and
 * checked on the answer), readable network errors. Returns the response whatever its status; an aborted
 * request rejects with the AbortError unchanged, so callers can tell it from a failure.
 */
export async function apiFetch(path: string, req: ApiRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  const doFetch = req.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(`${req.baseUrl ?? ''}${path}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });
  } catch (e) {
    if (isAbort(e)) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new ApiError('network', 0, `Could not reach the server (${why}).`, '', { cause: e });
  }
  const mismatch = protocolMismatch(res.headers.get(PROTOCOL_HEADER), 'client');
  if (mismatch) {
    await res.body?.cancel().catch(() => undefined);
    throw new ApiError('protocol', res.status, `${mismatch[0]!.toUpperCase()}${mismatch.slice(1)}.`);
  }
  return res;
}

/** The server's `{ error }` sentence, or the status text when the body has none. */
export async function errorText(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => null);
  return body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
    ? body.error
    : res.statusText || `HTTP ${res.status}`;
}

/** Throws an `http` ApiError for an error status: "<what> failed (<status>): <server's sentence>". */
export async function ensureOk(res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  const text = await errorText(res);
  throw new ApiError('http', res.status, `${what} failed (${res.status}): ${text}`, text);
}

/** A zod schema of the contract, or a parser of its own (lenient lists, wire formats). */
export type BodyParser<T> = z.ZodType<T> | ((body: unknown) => Parsed<T>);

/** Validates a body already read; a body that is not what the contract says is a `malformed` ApiError. */
export function parseBody<T>(body: unknown, parse: BodyParser<T>, what: string, status = 200): T {
  const parsed = typeof parse === 'function' ? parse(body) : parseWith(parse, body);
  if (!parsed.ok) throw new ApiError('malformed', status, `${what} response is malformed: ${parsed.error}`);
  return parsed.value;
}

/**
 * A JSON API call: apiFetch, then an error status becomes an `http` ApiError, and the body is parsed
 * and validated against the shared schema (types alone are not validation). `what` names the request in
 * messages ("history request" → "history request failed (503): …").
 */
export async function fetchJson<T>(
  path: string,
  parse: BodyParser<T>,
  what: string,
  req: ApiRequest = {},
): Promise<T> {
  const res = await ensureOk(await apiFetch(path, req), what);
  let body: unknown;
  try {
    body = await res.json();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError('malformed', res.status, `${what} response is malformed: not JSON`, '', { cause: e });
  }
  return parseBody(body, parse, what, res.status);
}
