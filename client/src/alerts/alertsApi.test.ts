import type { Alert } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { acknowledgeAlert, fetchAlertLog } from './alertsApi.ts';

const alert: Alert = {
  id: 'power-cap-80:ohio',
  rule: 'power-cap-80',
  severity: 'warning',
  scope: { site: 'ohio' },
  title: 'Ohio facility power at 81 % of cap',
  value: 81,
  threshold: 80,
  unit: '%',
  start: 1_760_000_000_000,
  state: 'acknowledged',
  ack: { by: 'Dana', at: 1_760_000_060_000, comment: 'on it' },
};

function fakeFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const f = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { f, calls };
}

const req = { id: alert.id, by: 'Dana', comment: 'on it', operatorToken: 'op-token' };

describe('acknowledgeAlert', () => {
  it('posts who and why with the operator token and returns the acknowledged alert', async () => {
    const { f, calls } = fakeFetch(200, { alert });
    const r = await acknowledgeAlert(req, { fetch: f });
    expect(r).toEqual({ ok: true, alert });
    expect(calls[0]?.url).toBe('/api/alerts/power-cap-80%3Aohio/ack');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer op-token');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ by: 'Dana', comment: 'on it' });
  });
  it('turns each refusal into a sentence', async () => {
    const cases: Array<[number, unknown, string, RegExp]> = [
      [403, { error: 'acknowledging needs the operator token' }, 'token', /refused this operator token/],
      [
        409,
        { error: `alert "x" was already acknowledged by Sam` },
        'conflict',
        /^Already acknowledged by Sam\.$/,
      ],
      [
        409,
        { error: `alert "x" has already cleared; only a raised alert can be acknowledged` },
        'conflict',
        /cleared/,
      ],
      [404, { error: 'no alert' }, 'gone', /no longer exists/],
      [400, { error: 'by (who acknowledges) is required' }, 'invalid', /required/],
      [500, { error: 'internal error' }, 'server', /500/],
    ];
    for (const [status, body, kind, msg] of cases) {
      const r = await acknowledgeAlert(req, { fetch: fakeFetch(status, body).f });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.kind).toBe(kind);
        expect(r.message).toMatch(msg);
      }
    }
  });
  it('reports a network failure', async () => {
    const f = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const r = await acknowledgeAlert(req, { fetch: f });
    expect(r).toMatchObject({ ok: false, kind: 'network' });
  });
});

describe('fetchAlertLog', () => {
  it('validates the log', async () => {
    const ok = await fetchAlertLog('v', 10, { fetch: fakeFetch(200, { active: [alert], log: [alert] }).f });
    expect(ok.log[0]?.ack?.by).toBe('Dana');
    await expect(
      fetchAlertLog(undefined, 10, { fetch: fakeFetch(200, { active: [], log: [{}] }).f }),
    ).rejects.toThrow(/malformed/);
    await expect(
      fetchAlertLog(undefined, 10, { fetch: fakeFetch(403, { error: 'nope' }).f }),
    ).rejects.toThrow(/403/);
  });
});
