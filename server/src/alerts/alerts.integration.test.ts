import { type AlertEvent, alertSchema } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import { connected, connectLive, type LiveClient, waitFor } from '../testing/socketHelpers.ts';

const VIEWER = 'viewer-token-abc';
let server: GigawattServer;
let viewer: LiveClient;
const events: AlertEvent[] = [];
const base = Math.floor(Date.now() / 1000) - 600;

beforeAll(async () => {
  server = await createGigawattServer(testConfig({ GIGAWATT_VIEWER_TOKEN: VIEWER }));
  viewer = connectLive(server.url, { token: VIEWER });
  viewer.on('alert', (e) => events.push(e));
  await connected(viewer);
});
afterAll(async () => {
  viewer.close();
  await server.close();
});

/** Ohio at `pctOfCap` % of its 660 MW cap for `seconds` consecutive samples starting at `from`. */
function feedOhio(from: number, seconds: number, pctOfCap: number) {
  for (let s = from; s < from + seconds; s++) {
    // Lower utilization for lower power keeps PUE (facility / IT) physical.
    const sample = makeSample('ohio', s * 1000, { util: pctOfCap > 90 ? 80 : 50 });
    sample.facilityPowerMw = (660 * pctOfCap) / 100;
    const ack = server.ingest.sample(sample);
    expect(ack, JSON.stringify(ack)).toEqual({ ok: true, outcome: 'live' });
  }
}

const authed = (token?: string) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

describe('alert life cycle through the real server', () => {
  let id = '';

  it('raises power-cap alerts after the hold time, pushes them to viewers and lists them', async () => {
    feedOhio(base, 45, 96);
    const raised = await waitFor(() =>
      events.find((e) => e.kind === 'raised' && e.alert.rule === 'power-cap-95'),
    );
    expect(alertSchema.parse(raised.alert)).toMatchObject({
      severity: 'critical',
      state: 'raised',
      scope: { site: 'ohio' },
    });
    expect(raised.alert.title).toMatch(/Ohio.*96 %/);
    await waitFor(() => events.find((e) => e.alert.rule === 'power-cap-80'));
    id = raised.alert.id;
    const res = await fetch(`${server.url}/api/alerts`, { headers: authed(VIEWER) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { active: { id: string; severity: string }[] };
    expect(body.active[0]!.severity).toBe('critical');
    expect(body.active.map((a) => a.id)).toContain(id);
  });

  it('refuses acknowledgement without the operator token (403) and changes nothing', async () => {
    const before = events.length;
    for (const headers of [authed(), authed(VIEWER), authed('guess-guess-guess')]) {
      const res = await fetch(`${server.url}/api/alerts/${encodeURIComponent(id)}/ack`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ by: 'mallory', comment: 'not me' }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/operator token/);
    }
    expect(server.alerts.active().find((a) => a.id === id)!.state).toBe('raised');
    expect(events.length).toBe(before);
  });

  it('validates the ack body and answers unknown ids with 404', async () => {
    const bad = await fetch(`${server.url}/api/alerts/${encodeURIComponent(id)}/ack`, {
      method: 'POST',
      headers: authed(TEST_OPERATOR_TOKEN),
      body: JSON.stringify({ comment: 'who am I' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/by/);
    const notJson = await fetch(`${server.url}/api/alerts/${encodeURIComponent(id)}/ack`, {
      method: 'POST',
      headers: authed(TEST_OPERATOR_TOKEN),
      body: '{"by":',
    });
    expect(notJson.status).toBe(400);
    const unknown = await fetch(`${server.url}/api/alerts/nope/ack`, {
      method: 'POST',
      headers: authed(TEST_OPERATOR_TOKEN),
      body: JSON.stringify({ by: 'ana' }),
    });
    expect(unknown.status).toBe(404);
  });

  it('acknowledges with the operator token; every viewer learns who and when; a second ack is 409', async () => {
    const res = await fetch(`${server.url}/api/alerts/${encodeURIComponent(id)}/ack`, {
      method: 'POST',
      headers: authed(TEST_OPERATOR_TOKEN),
      body: JSON.stringify({ by: 'Ana (NOC)', comment: 'load shed requested' }),
    });
    expect(res.status).toBe(200);
    const acked = await waitFor(() => events.find((e) => e.kind === 'acknowledged' && e.alert.id === id));
    expect(acked.alert.ack).toMatchObject({ by: 'Ana (NOC)', comment: 'load shed requested' });
    expect(acked.alert.state).toBe('acknowledged');
    const again = await fetch(`${server.url}/api/alerts/${encodeURIComponent(id)}/ack`, {
      method: 'POST',
      headers: authed(TEST_OPERATOR_TOKEN),
      body: JSON.stringify({ by: 'Ana (NOC)' }),
    });
    expect(again.status).toBe(409);
    // A display connecting now gets the open alerts in hello.
    const late = connectLive(server.url, { token: VIEWER });
    const hello = await new Promise<{ alerts: { id: string; state: string }[] }>((r) =>
      late.once('hello', r),
    );
    expect(hello.alerts.find((a) => a.id === id)?.state).toBe('acknowledged');
    late.close();
  });

  it('clears when the power falls below the clear level, keeping the acknowledgement', async () => {
    feedOhio(base + 45, 90, 70);
    const cleared = await waitFor(() => events.find((e) => e.kind === 'cleared' && e.alert.id === id));
    expect(cleared.alert.state).toBe('cleared');
    expect(cleared.alert.end).toBeGreaterThan(cleared.alert.start);
    expect(cleared.alert.ack?.by).toBe('Ana (NOC)');
    expect(server.alerts.active().some((a) => a.rule.startsWith('power-cap'))).toBe(false);
  });
});
