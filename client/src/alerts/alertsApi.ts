import { type Alert, API_PATHS, alertSchema, parseWith, withQuery } from '@gigawatt/shared';
import { ApiError, type ApiOptions, apiFetch, ensureOk, errorText } from '../api/apiClient.ts';

export type AckFailureKind = 'token' | 'conflict' | 'gone' | 'invalid' | 'network' | 'server';

export type AckOutcome =
  | { ok: true; alert: Alert }
  | { ok: false; kind: AckFailureKind; status: number; message: string };

export interface AckRequest {
  id: string;
  by: string;
  comment: string;
  operatorToken: string;
}

export type AlertsApiOptions = Omit<ApiOptions, 'signal'>;

const field = (body: unknown, key: string): unknown =>
  body && typeof body === 'object' && key in body ? (body as Record<string, unknown>)[key] : undefined;

function parseAlertList(x: unknown, what: string): Alert[] {
  if (!Array.isArray(x)) throw new Error(`alert log is malformed: ${what} is not a list`);
  return x.map((a, i) => {
    const p = parseWith(alertSchema, a);
    if (!p.ok) throw new Error(`alert log is malformed: ${what}[${i}]: ${p.error}`);
    return p.value;
  });
}

/** POST /api/alerts/:id/ack with the operator token; every failure comes back as a sentence to show. */
export async function acknowledgeAlert(req: AckRequest, options: AlertsApiOptions = {}): Promise<AckOutcome> {
  let res: Response;
  try {
    res = await apiFetch(API_PATHS.alertAck(req.id), {
      ...options,
      method: 'POST',
      token: req.operatorToken,
      json: { by: req.by, comment: req.comment },
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return {
      ok: false,
      kind: e.kind === 'network' ? 'network' : 'server',
      status: e.status,
      message: e.kind === 'network' ? `${e.message} Try again.` : e.message,
    };
  }
  if (res.ok) {
    const parsed = parseWith(alertSchema, field(await res.json().catch(() => null), 'alert'));
    if (parsed.ok) return { ok: true, alert: parsed.value };
    return { ok: false, kind: 'server', status: res.status, message: `Unexpected answer: ${parsed.error}` };
  }
  const text = await errorText(res);
  switch (res.status) {
    case 401:
    case 403:
      return {
        ok: false,
        kind: 'token',
        status: res.status,
        message: 'The server refused this operator token. Check it and enter it again.',
      };
    case 409: {
      const by = /already acknowledged by (.+)$/i.exec(text)?.[1];
      return {
        ok: false,
        kind: 'conflict',
        status: 409,
        message: by
          ? `Already acknowledged by ${by}.`
          : /cleared/i.test(text)
            ? 'This alert has already cleared.'
            : text,
      };
    }
    case 404:
      return { ok: false, kind: 'gone', status: 404, message: 'This alert no longer exists on the server.' };
    case 400:
      return { ok: false, kind: 'invalid', status: 400, message: text };
    default:
      return {
        ok: false,
        kind: 'server',
        status: res.status,
        message: `The server failed (${res.status}): ${text}`,
      };
  }
}

/** GET /api/alerts: open alerts and the recent log (newest first). */
export async function fetchAlertLog(
  viewerToken: string | undefined,
  limit = 100,
  options: AlertsApiOptions & { signal?: AbortSignal } = {},
): Promise<{ active: Alert[]; log: Alert[] }> {
  const res = await ensureOk(
    await apiFetch(withQuery(API_PATHS.alerts, { limit }), { ...options, token: viewerToken }),
    'alert log request',
  );
  const body: unknown = await res.json().catch(() => null);
  return {
    active: parseAlertList(field(body, 'active'), 'active'),
    log: parseAlertList(field(body, 'log'), 'log'),
  };
}
