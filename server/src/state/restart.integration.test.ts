import { afterEach, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import { MemoryStateStorage } from './memoryStateStorage.ts';

/**
 * Restarts over one state store (in memory here; the file store passes the same contract, and the kill -9
 * browser test runs the real thing): what the alert rules do with what comes back.
 */
describe('alerts across a restart', () => {
  const servers: GigawattServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close().catch(() => undefined);
  });
  const start = async (storage: MemoryStateStorage) => {
    const s = await createGigawattServer(testConfig(), { storage });
    servers.push(s);
    return s;
  };
  const base = Math.floor(Date.now() / 1000) - 900;
  /** Ohio at pct % of its 660 MW cap, hall h11 at hallUtil %, for the given seconds. */
  const feed = (server: GigawattServer, from: number, to: number, pct: number, hallUtil = 80) => {
    for (let s = from; s < to; s++) {
      const x = makeSample('ohio', (base + s) * 1000, { util: pct > 90 ? 80 : 40 });
      x.facilityPowerMw = (660 * pct) / 100;
      const h = x.halls.find((h) => h.hall === 'h11')!;
      h.gpuUtilPct = hallUtil;
      const ack = server.ingest.sample(x);
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    }
  };

  it('keeps an acknowledged alert whose condition still holds, and clears it when the condition ends', async () => {
    const storage = new MemoryStateStorage();
    const a = await start(storage);
    feed(a, 0, 20, 98);
    const raised = a.alerts.active().find((x) => x.rule === 'power-cap-95')!;
    expect(raised).toBeDefined();
    const res = await fetch(`${a.url}/api/alerts/${encodeURIComponent(raised.id)}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'Dana', comment: 'on it' }),
    });
    expect(res.status).toBe(200);
    await a.close();
    servers.splice(0);

    const b = await start(storage);
    const back = b.alerts.active().find((x) => x.id === raised.id);
    expect(back).toMatchObject({ state: 'acknowledged', ack: { by: 'Dana', comment: 'on it' } });
    // Still above 95 %: the same alert stays, none is raised anew.
    feed(b, 20, 40, 98);
    expect(
      b.alerts
        .active()
        .filter((x) => x.rule === 'power-cap-95')
        .map((x) => x.id),
    ).toEqual([raised.id]);
    // Back to normal: the restored alert clears as any other would.
    feed(b, 40, 60, 60);
    expect(b.alerts.active().find((x) => x.rule === 'power-cap-95')).toBeUndefined();
    expect(b.alerts.log().find((x) => x.id === raised.id)).toMatchObject({ state: 'cleared' });
  });

  it('a hall still down after a restart stays alerted (its pre-drop reference comes back), then recovers', async () => {
    const storage = new MemoryStateStorage();
    const a = await start(storage);
    feed(a, 0, 70, 70, 92);
    feed(a, 70, 200, 70, 4);
    const drop = a.alerts.active().find((x) => x.rule === 'util-drop-hall' && x.scope.hall === 'h11');
    expect(drop, JSON.stringify(a.alerts.active().map((x) => x.rule))).toBeDefined();
    await a.close();
    servers.splice(0);

    const b = await start(storage);
    // Utilization still 4 %: without its reference (92 %) the rule would call this recovered.
    feed(b, 200, 260, 70, 4);
    expect(b.alerts.active().find((x) => x.id === drop!.id)).toBeDefined();
    feed(b, 260, 300, 70, 90);
    expect(b.alerts.active().find((x) => x.id === drop!.id)).toBeUndefined();
  });
});
