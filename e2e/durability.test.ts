import './debugWindow.ts';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { type Alert, defaultFleet, type HistoryResponse, parseHistoryWire } from '@gigawatt/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, describeInBrowser } from './browserSuite.ts';
import { openPage, screenshot, startServer, statusText } from './harness.ts';
import { startProducer, type TestProducer } from './producer.ts';

const OPERATOR = 'e2e-operator-token';
const INGEST = 'e2e-ingest-token';
const SERIES = [
  'site:louisiana:itPowerMw',
  'site:texas:gpuUtilPct',
  'hall:missouri:h1:gpuUtilPct',
  'site:ohio:facilityPowerMw',
  'fleet:itPowerMw',
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface AlertsBody {
  active: Alert[];
  log: Alert[];
}

/**
 * Ohio is fed by the test over POST /api/ingest at 98 % of its cap (the critical power-cap rule), the
 * other sites by the external mock producer over /ingest: both are external producers with the
 * simulator off, so everything the restarted server knows came back from its data folder.
 */
function startOhioFeeder(url: () => string) {
  const sim = createSimulator({ seed: 11, fleet: defaultFleet });
  const cap = defaultFleet.sites.find((s) => s.id === 'ohio')!.powerCapMw;
  let stopped = false;
  const run = (async () => {
    while (!stopped) {
      const t = Math.floor(Date.now() / 1000) * 1000;
      const sample = sim.sampleSite('ohio', t);
      sample.facilityPowerMw = cap * 0.98;
      try {
        await fetch(`${url()}/api/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/x-ndjson' },
          body: `${JSON.stringify(sample)}\n`,
        });
      } catch {
        // The server is down: this feeder does not buffer (the mock producer does).
      }
      await sleep(1000 - (Date.now() % 1000) + 50);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await run;
    },
  };
}

async function history(url: string, from: number, to: number): Promise<HistoryResponse> {
  const res = await fetch(
    `${url}/api/history?series=${SERIES.join(',')}&from=${from}&to=${to}&maxPoints=5000`,
  );
  expect(res.status).toBe(200);
  const parsed = parseHistoryWire(await res.json());
  if (!parsed.ok) throw new Error(`history answer is malformed: ${parsed.error}`);
  return parsed.value;
}

async function alerts(url: string): Promise<AlertsBody> {
  return (await (await fetch(`${url}/api/alerts`)).json()) as AlertsBody;
}

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('state survives kill -9 (external producers, simulator off)', () => {
  const env = { GIGAWATT_SIMULATE: 'off', GIGAWATT_BACKFILL: '0s', GIGAWATT_CHECKPOINT: '4s' };
  const suite = browserSuite(env);
  let producer: TestProducer;
  let ohio: { stop(): Promise<void> };

  beforeAll(() => {
    producer = startProducer(suite.server.url, INGEST, ['louisiana', 'texas', 'missouri']);
    ohio = startOhioFeeder(() => suite.server.url);
  });
  afterAll(async () => {
    await ohio?.stop();
    await producer?.stop();
  });

  it('brings back every second of history, the alert and its acknowledgement; the wall shows it still active', async () => {
    const started = Date.now();
    // The critical power-cap alert is raised for Ohio, and an operator acknowledges it.
    const raised = await expect
      .poll(async () => (await alerts(suite.server.url)).active.find((a) => a.rule === 'power-cap-95'), {
        timeout: 30_000,
        interval: 500,
      })
      .toBeDefined()
      .then(async () => (await alerts(suite.server.url)).active.find((a) => a.rule === 'power-cap-95')!);
    const ack = await fetch(`${suite.server.url}/api/alerts/${encodeURIComponent(raised.id)}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'Dana', comment: 'shedding load in hall 3' }),
    });
    expect(ack.status).toBe(200);
    // Long enough for a checkpoint (every 4 s here) and a log after it.
    await sleep(7000);
    // And at least ten seconds of every series held (a loaded machine's producers deliver fewer).
    const held = async () => {
      const h = await history(suite.server.url, started - 60_000, Date.now() + 5000);
      return Math.min(...h.series.map((x) => x.t.length));
    };
    await expect.poll(held, { timeout: 30_000, interval: 500 }).toBeGreaterThan(10);

    const before = await history(suite.server.url, started - 60_000, Date.now() + 5000);
    const alertsBefore = await alerts(suite.server.url);
    const killedAt = Date.now();
    await suite.server.stop('SIGKILL');
    await sleep(3000);
    // On its port, so on its data folder.
    suite.server = await startServer(env, { port: suite.server.port, keepData: true });
    const after = await history(suite.server.url, started - 60_000, killedAt + 5000);

    // Every second held before the kill is back, with the same values (and nothing is lost at the kill).
    let compared = 0;
    for (const s of before.series) {
      const a = after.series.find((x) => x.id === s.id)!;
      const byT = new Map(a.t.map((t, i) => [t, a.mean[i]!]));
      for (const [i, t] of s.t.entries()) {
        expect(byT.get(t), `${s.id} at ${new Date(t).toISOString()}`).toBeCloseTo(s.mean[i]!, 4);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5 * 10);

    // The alert is still open, acknowledged by the same person with the same comment, not raised anew.
    const alertsAfter = await alerts(suite.server.url);
    const restored = alertsAfter.active.find((a) => a.id === raised.id);
    expect(restored).toMatchObject({
      state: 'acknowledged',
      ack: { by: 'Dana', comment: 'shedding load in hall 3' },
    });
    expect(restored!.ack!.at).toBe(alertsBefore.active.find((a) => a.id === raised.id)!.ack!.at);
    for (const a of alertsBefore.log) expect(alertsAfter.log.map((x) => x.id)).toContain(a.id);

    // The mock producer resends what it could not deliver: no hole across the outage.
    await sleep(6000);
    const span = await history(suite.server.url, killedAt - 10_000, killedAt + 8000);
    const louisiana = span.series.find((s) => s.id === 'site:louisiana:itPowerMw')!;
    const holes = louisiana.t.slice(1).filter((t, i) => t - louisiana.t[i]! > 1000);
    expect(holes, `louisiana seconds ${louisiana.t.map((t) => (t - killedAt) / 1000).join(',')}`).toEqual([]);
    expect(louisiana.t[0]).toBeLessThanOrEqual(killedAt - 9000);
    expect(louisiana.t.at(-1)).toBeGreaterThanOrEqual(killedAt + 7000);
    // Ohio is still above 95 % of its cap: the restored alert stays, and no second one was raised.
    const again = await alerts(suite.server.url);
    expect(
      again.active.filter((a) => a.rule === 'power-cap-95' && a.scope.site === 'ohio').map((a) => a.id),
    ).toEqual([raised.id]);

    // The wall, from across the room: the acknowledged alert, not "All clear".
    const { page, context } = await openPage(suite.browser, { width: 1920, height: 1080 });
    await page.goto(`${suite.server.url}/wall`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    const row = page.locator(`[data-alert-id="${raised.id}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    expect(await row.innerText()).toMatch(/Dana/);
    expect(await page.getByText('All clear').count()).toBe(0);
    await screenshot(page, 'wall-after-kill9-restart');
    await context.close();
  }, 120_000);
});
