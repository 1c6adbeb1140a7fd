import { API_PATHS, withQuery } from '@gigawatt/shared';
import { ApiError, type ApiOptions, apiFetch, ensureOk, errorText } from '../api/apiClient.ts';

export type { ApiOptions } from '../api/apiClient.ts';

/**
 * The recordings endpoints the player uses. The list is read leniently (the server gains fields and
 * kinds over time, e.g. demos); a row without an id, a name or a start is dropped, never fatal.
 */
export interface RecordingListItem {
  id: string;
  /** segment (always-on), capture (named, on demand), demo (shipped with the product), … */
  kind: string;
  name: string;
  start: number;
  /** Undefined while nothing is recorded yet. */
  end: number | undefined;
  sizeBytes: number;
  level: string;
  /** Empty: the whole fleet. */
  sites: string[];
  state: string;
  error: string | undefined;
  /** While recording: the last second on disk, which is as far as opening it now reaches. */
  flushedEnd: number | undefined;
}

const rec = (x: unknown): Record<string, unknown> | undefined =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const strings = (x: unknown): string[] | undefined =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined;

export function parseRecordingList(body: unknown): RecordingListItem[] {
  const list = rec(body)?.recordings;
  if (!Array.isArray(list)) throw new Error('the server sent no recordings list');
  const out: RecordingListItem[] = [];
  for (const raw of list) {
    const r = rec(raw);
    const id = str(r?.id);
    const name = str(r?.name);
    const start = num(r?.start);
    if (!r || !id || !name || start === undefined) continue;
    out.push({
      id,
      kind: str(r.kind) ?? 'recording',
      name,
      start,
      end: num(r.end),
      sizeBytes: num(r.sizeBytes) ?? num(r.size) ?? 0,
      level: str(r.level) ?? '',
      sites: strings(r.sites) ?? strings(rec(r.scope)?.sites) ?? [],
      state: str(r.state) ?? 'complete',
      error: str(r.error),
      flushedEnd: num(r.flushedEnd),
    });
  }
  // Newest first: after an incident, the recording that holds it is usually the latest.
  return out.sort((a, b) => (b.end ?? b.start) - (a.end ?? a.start) || b.start - a.start);
}

export async function fetchRecordings(
  viewerToken: string | undefined,
  options: ApiOptions = {},
): Promise<RecordingListItem[]> {
  const res = await ensureOk(
    await apiFetch(API_PATHS.recordings, { ...options, token: viewerToken }),
    'the recordings list',
  );
  return parseRecordingList(await res.json());
}

export type NoteOutcome =
  | { ok: true }
  | { ok: false; kind: 'token' | 'invalid' | 'network' | 'server'; message: string };

export interface NoteRequest {
  recordingId: string;
  t: number;
  end?: number | undefined;
  text: string;
  author: string;
  operatorToken: string;
}

/** POST /api/recordings/:id/annotations; every failure comes back as a sentence to show. */
export async function postAnnotation(req: NoteRequest, options: ApiOptions = {}): Promise<NoteOutcome> {
  let res: Response;
  try {
    res = await apiFetch(API_PATHS.recordingAnnotations(req.recordingId), {
      ...options,
      method: 'POST',
      token: req.operatorToken,
      json: {
        t: req.t,
        ...(req.end !== undefined ? { end: req.end } : {}),
        text: req.text,
        author: req.author,
      },
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return e.kind === 'network'
      ? { ok: false, kind: 'network', message: `${e.message} Try again.` }
      : { ok: false, kind: 'server', message: e.message };
  }
  if (res.ok) return { ok: true };
  const text = await errorText(res);
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      kind: 'token',
      message: 'The server refused this operator token. Check it and enter it again.',
    };
  if (res.status === 400 || res.status === 404 || res.status === 409)
    return { ok: false, kind: 'invalid', message: text };
  return {
    ok: false,
    kind: 'server',
    message: `The server could not save the note (${res.status}): ${text}`,
  };
}

/** GET /api/recordings/:id/export.csv for a window, as text (the viewer token goes in a header). */
export async function fetchExportCsv(
  req: { recordingId: string; from: number; to: number; level: 'site' | 'hall' | 'rack' },
  viewerToken: string | undefined,
  options: ApiOptions = {},
): Promise<string> {
  const path = withQuery(API_PATHS.recordingExportCsv(req.recordingId), {
    from: new Date(req.from).toISOString(),
    to: new Date(req.to).toISOString(),
    level: req.level,
  });
  const res = await ensureOk(await apiFetch(path, { ...options, token: viewerToken }), 'the export');
  return res.text();
}

/** DELETE /api/recordings/:id with the operator token; resolves with a sentence on failure, null on success. */
export async function deleteRecording(
  id: string,
  operatorToken: string,
  options: ApiOptions = {},
): Promise<string | null> {
  let res: Response;
  try {
    res = await apiFetch(API_PATHS.recording(id), { ...options, method: 'DELETE', token: operatorToken });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return e.message;
  }
  if (res.ok) return null;
  if (res.status === 401 || res.status === 403)
    return 'The server refused the operator token saved on this device.';
  return `The server could not delete it (${res.status}): ${await errorText(res)}`;
}
