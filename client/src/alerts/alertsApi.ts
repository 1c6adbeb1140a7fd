import { type Alert, alertSchema, parseWith } from '@gigawatt/shared';

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

export interface AlertsApiOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

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

const doFetch = (o: AlertsApiOptions): typeof fetch =>
  o.fetch ?? ((input, init) => globalThis.fetch(input, init));

async function errorText(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => null);
  return body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
    ? body.error
    : res.statusText || `HTTP ${res.status}`;
}

/** POST /api/alerts/:id/ack with the operator token; every failure comes back as a sentence to show. */
export async function acknowledgeAlert(req: AckRequest, options: AlertsApiOptions = {}): Promise<AckOutcome> {
  let res: Response;
  try {
    res = await doFetch(options)(`${options.baseUrl ?? ''}/api/alerts/${encodeURIComponent(req.id)}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${req.operatorToken}` },
      body: JSON.stringify({ by: req.by, comment: req.comment }),
    });
  } catch (e) {
    return {
      ok: false,
      kind: 'network',
      status: 0,
      message: `Could not reach the server (${e instanceof Error ? e.message : String(e)}). Try again.`,
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
  const headers: Record<string, string> = {};
  if (viewerToken) headers.authorization = `Bearer ${viewerToken}`;
  const res = await doFetch(options)(`${options.baseUrl ?? ''}/api/alerts?limit=${limit}`, {
    headers,
    signal: options.signal,
  });
  if (!res.ok) throw new Error(`alert log request failed (${res.status}): ${await errorText(res)}`);
  const body: unknown = await res.json().catch(() => null);
  return {
    active: parseAlertList(field(body, 'active'), 'active'),
    log: parseAlertList(field(body, 'log'), 'log'),
  };
}
