import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rollupFleet, type SiteSample } from '@gigawatt/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';
import { commandAvailable, describeWithService } from '../testing/services.ts';
import { sendBacklogBytes } from './sendBacklog.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const VIEWER_TOKEN = 'metrics-viewer-token-42';

/** Samples of every site at one second, each site at its own utilization; held still (no simulator). */
function feed(server: GigawattServer): SiteSample[] {
  const t = Math.floor(Date.now() / 1000) * 1000 - 2000;
  const out = server.store.idx.fleet.sites.map((site, i) => makeSample(site.id, t, { util: 50 + 10 * i }));
  for (const s of out) expect(server.ingest.sample(s)).toMatchObject({ ok: true, outcome: 'live' });
  return out;
}

async function startServer(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-metrics-'));
  const server = await createGigawattServer(
    testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir, ...env }),
  );
  return {
    server,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `name{labels}` → value, from the exposition text. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const scrape = async (server: GigawattServer, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}/metrics`, init);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

const near = (actual: number | undefined, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-9);

describe('/metrics: Prometheus names, site and hall series, ingest outcomes, process metrics', () => {
  let h: Awaited<ReturnType<typeof startServer>>;
  let samples: SiteSample[];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    h = await startServer();
    samples = feed(h.server);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await h?.close();
  });

  it('fleet gauges in base units with site and hall labels', async () => {
    const m = parse(await scrape(h.server));
    const idx = h.server.store.idx;
    for (const s of samples) {
      const site = `site="${s.site}"`;
      near(m.get(`gigawatt_site_facility_power_watts{${site}}`), s.facilityPowerMw * 1e6);
      near(m.get(`gigawatt_site_it_power_watts{${site}}`), s.itPowerMw * 1e6);
      near(m.get(`gigawatt_site_power_cap_watts{${site}}`), idx.site(s.site)!.powerCapMw * 1e6);
      near(m.get(`gigawatt_site_pue_ratio{${site}}`), s.facilityPowerMw / s.itPowerMw);
      expect(m.get(`gigawatt_site_gpu_utilization_percent{${site}}`)).toBe(s.gpuUtilPct);
      expect(m.get(`gigawatt_site_inlet_temperature_celsius{${site}}`)).toBe(s.inletTempC);
      expect(m.get(`gigawatt_site_last_sample_timestamp_seconds{${site}}`)).toBe(s.t / 1000);
      near(m.get(`gigawatt_site_gpus_rented_ratio{${site}}`), s.gpus.rented / s.gpus.total);
      for (const state of ['rented', 'internal', 'idle', 'failed'] as const)
        expect(m.get(`gigawatt_site_gpus{${site},state="${state}"}`)).toBe(s.gpus[state]);
      let revenue = 0;
      for (const hall of s.halls) {
        const labels = `${site},hall="${hall.hall}"`;
        near(m.get(`gigawatt_hall_it_power_watts{${labels}}`), hall.itPowerMw * 1e6);
        expect(m.get(`gigawatt_hall_gpu_utilization_percent{${labels}}`)).toBe(hall.gpuUtilPct);
        expect(m.get(`gigawatt_hall_inlet_temperature_celsius{${labels}}`)).toBe(hall.inletTempC);
        expect(m.get(`gigawatt_hall_gpus{${labels},state="rented"}`)).toBe(hall.gpus.rented);
        const usd = hall.gpus.rented * idx.hallPrice(s.site, hall.hall);
        near(m.get(`gigawatt_hall_rental_revenue_usd_per_hour{${labels}}`), usd);
        revenue += usd;
      }
      near(m.get(`gigawatt_site_rental_revenue_usd_per_hour{${site}}`), revenue);
    }
    const fleet = rollupFleet(samples, idx);
    near(m.get('gigawatt_fleet_gpu_utilization_percent'), fleet.gpuUtilPct);
    near(m.get('gigawatt_fleet_pue_ratio'), fleet.facilityPowerMw / fleet.itPowerMw);
    const halls = idx.fleet.sites.reduce((n, s) => n + s.halls.length, 0);
    expect([...m.keys()].filter((k) => k.startsWith('gigawatt_hall_gpu_utilization_percent{'))).toHaveLength(
      halls,
    );
  });

  it('build info, alerts by rule and severity, and none of the old names', async () => {
    const text = await scrape(h.server);
    const m = parse(text);
    expect(m.get(`gigawatt_build_info{version="0.1.0",node="${process.version}",protocol="1"}`)).toBe(1);
    expect(m.get('gigawatt_alerts_active{rule="power-cap-95",severity="critical"}')).toBe(0);
    expect(m.get('gigawatt_alerts_active{rule="recorder-failed",severity="critical"}')).toBe(0);
    expect(text).not.toMatch(/_mw\b|_pct\b|gigawatt_viewers |gigawatt_uptime_seconds|gigawatt_heap_used/);
  });

  it('ingest outcomes and refusals by reason (invalid, unparsable, too_old, too_new, unauthorized)', async () => {
    const before = parse(await scrape(h.server));
    const s = samples[0]!;
    h.server.ingest.sample(s); // duplicate
    h.server.ingest.sample(makeSample(s.site, s.t - 10_000)); // late: older than the newest, in the window
    h.server.ingest.sample({ site: s.site }); // invalid
    h.server.ingest.sample(makeSample(s.site, s.t - 2 * 3_600_000)); // too_old
    h.server.ingest.sample(makeSample(s.site, s.t + 120_000)); // too_new
    h.server.ingest.racks({ nonsense: true }); // invalid rack block
    const post = (token: string, body: string) =>
      fetch(`${h.server.url}/api/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
    expect((await post(TEST_INGEST_TOKEN, 'not json\n')).status).toBe(400); // unparsable
    expect((await post('a-wrong-ingest-token', '{}\n')).status).toBe(403); // unauthorized
    const refused = io(`${h.server.url}/ingest`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: 'another-wrong-token' },
    });
    sockets.push(refused);
    await new Promise<void>((r) => refused.once('connect_error', () => r()));

    const m = parse(await scrape(h.server));
    const delta = (key: string) => (m.get(key) ?? Number.NaN) - (before.get(key) ?? 0);
    expect(delta('gigawatt_ingest_samples_total{outcome="duplicate"}')).toBe(1);
    expect(delta('gigawatt_ingest_samples_total{outcome="late"}')).toBe(1);
    expect(delta('gigawatt_ingest_samples_total{outcome="rejected"}')).toBe(4);
    expect(m.get('gigawatt_ingest_samples_total{outcome="live"}')).toBe(samples.length);
    expect(delta('gigawatt_ingest_rejected_total{kind="sample",reason="invalid"}')).toBe(1);
    expect(delta('gigawatt_ingest_rejected_total{kind="sample",reason="unparsable"}')).toBe(1);
    expect(delta('gigawatt_ingest_rejected_total{kind="sample",reason="too_old"}')).toBe(1);
    expect(delta('gigawatt_ingest_rejected_total{kind="sample",reason="too_new"}')).toBe(1);
    expect(delta('gigawatt_ingest_rejected_total{kind="rack_block",reason="invalid"}')).toBe(1);
    expect(delta('gigawatt_ingest_rack_blocks_total{outcome="rejected"}')).toBe(1);
    expect(delta('gigawatt_ingest_rejected_total{kind="request",reason="unauthorized"}')).toBe(2);
  });

  it('viewers per namespace, HTTP durations by route pattern, recorder, disk and process metrics', async () => {
    const viewer = io(`${h.server.url}/live`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(viewer);
    await new Promise<void>((r) => viewer.once('hello', () => r()));
    await (await fetch(`${h.server.url}/api/recordings/not-a-recording-id/annotations`)).arrayBuffer();
    await (await fetch(`${h.server.url}/api/fleet?token=ignored`)).arrayBuffer();
    const text = await scrape(h.server);
    const m = parse(text);
    expect(m.get('gigawatt_socketio_clients{namespace="/live"}')).toBe(1);
    expect(m.get('gigawatt_socketio_clients{namespace="/ingest"}')).toBe(0);
    expect(m.get('gigawatt_socketio_send_backlog_max_bytes{namespace="/live"}')).toBeGreaterThanOrEqual(0);
    expect(m.get('gigawatt_socketio_send_backlog_bytes{namespace="/live"}')).toBeGreaterThanOrEqual(0);
    expect(
      m.get('http_request_duration_seconds_count{method="GET",route="/api/fleet",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    // The route pattern, never the raw path with an id in it.
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((r) => r[1]));
    expect([...routes].some((r) => r?.includes('not-a-recording-id'))).toBe(false);
    expect(routes).toContain('/api/recordings/:id/annotations');
    expect(m.get('gigawatt_recorder_recordings{kind="segment"}')).toBe(1);
    expect(m.get('gigawatt_recorder_active_recordings')).toBe(1);
    expect(m.get('gigawatt_recorder_write_errors_total')).toBe(0);
    expect(m.has('gigawatt_recorder_disk_bytes{kind="segment"}')).toBe(true);
    expect(m.get('gigawatt_data_dir_free_bytes')).toBeGreaterThan(0);
    expect(m.get('gigawatt_data_dir_size_bytes')).toBeGreaterThanOrEqual(
      m.get('gigawatt_data_dir_free_bytes')!,
    );
    expect(m.get('gigawatt_bus_connected')).toBe(1);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_open_fds',
      'process_start_time_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(m.has(name), name).toBe(true);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('times every tick from its second to its broadcast (gigawatt_tick_delay_seconds)', async () => {
    const viewer = io(`${h.server.url}/live`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(viewer);
    // Ticks the viewer saw were observed before the scrape.
    await new Promise<void>((r) => {
      let n = 0;
      viewer.on('tick', () => {
        if (++n === 3) r();
      });
    });
    const m = parse(await scrape(h.server));
    const count = m.get('gigawatt_tick_delay_seconds_count')!;
    expect(count).toBeGreaterThanOrEqual(2);
    // The counter and the histogram are read a moment apart in one scrape: a tick may fall between.
    expect(Math.abs(count - m.get('gigawatt_ticks_sent_total')!)).toBeLessThanOrEqual(1);
    const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
    const cumulative = bounds.map((le) => m.get(`gigawatt_tick_delay_seconds_bucket{le="${le}"}`)!);
    for (let i = 1; i < cumulative.length; i++)
      expect(cumulative[i]).toBeGreaterThanOrEqual(cumulative[i - 1]!);
    expect(cumulative.at(-1)).toBe(count);
    // No producer here: each second is ticked at its deadline, after the second has ended.
    expect(m.get('gigawatt_tick_delay_seconds_sum')! / count).toBeGreaterThan(1);
  });

  it('two servers in one process keep their own series', async () => {
    const other = await startServer();
    try {
      const m = parse(await scrape(other.server));
      expect(m.get('gigawatt_ingest_samples_total{outcome="live"}')).toBe(0);
      expect(m.has('gigawatt_site_facility_power_watts{site="ohio"}')).toBe(false);
      expect(m.has('process_cpu_seconds_total')).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('send backlog: engine.io write buffer plus what ws has not handed to the kernel', () => {
    expect(sendBacklogBytes({})).toBe(0);
    expect(
      sendBacklogBytes({
        writeBuffer: [{ data: 'héllo' }, { data: new Uint8Array(10) }, { data: undefined }],
        transport: { socket: { bufferedAmount: 100 } },
      }),
    ).toBe(6 + 10 + 100);
  });
});

const promtool = commandAvailable('promtool', 'prometheus');
describeWithService("promtool check metrics on a live scrape (Debian's prometheus package)", promtool, () => {
  let h: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    h = await startServer();
    feed(h.server);
    // Something in every family: a request, a viewer.
    await (await fetch(`${h.server.url}/api/fleet`)).arrayBuffer();
  });
  afterAll(() => h?.close());

  it('passes with no error and no lint warning', async () => {
    const text = await scrape(h.server);
    const r = spawnSync(promtool.url, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('deploy/prometheus.yml is a valid Prometheus configuration', () => {
    const r = spawnSync(promtool.url, ['check', 'config', join(ROOT, 'deploy/prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});

const prometheus = commandAvailable('prometheus', 'prometheus');
describeWithService("Debian's Prometheus scraping the server answers PromQL", prometheus, () => {
  let h: Awaited<ReturnType<typeof startServer>>;
  let samples: SiteSample[];
  let child: ChildProcess | undefined;
  let output = '';
  let api = '';
  let dir = '';

  beforeAll(async () => {
    // With a viewer token, as deploy/prometheus.yml shows: /metrics needs it.
    h = await startServer({ GIGAWATT_VIEWER_TOKEN: VIEWER_TOKEN });
    samples = feed(h.server);
    dir = mkdtempSync(join(tmpdir(), 'gigawatt-prometheus-'));
    writeFileSync(join(dir, 'viewer-token'), VIEWER_TOKEN, { mode: 0o600 });
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: gigawatt',
        '    authorization:',
        '      type: Bearer',
        `      credentials_file: ${join(dir, 'viewer-token')}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${h.server.port}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    child = spawn(
      prometheus.url,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${api}/-/ready`).catch(() => undefined))?.status !== 200) {
      if (child.exitCode !== null) throw new Error(`prometheus exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`prometheus never became ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  interface VectorResult {
    metric: Record<string, string>;
    value: [number, string];
  }
  /** An instant query, retried until it has a result (the first scrapes take a second or two). */
  async function query(promql: string): Promise<VectorResult[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as {
        status: string;
        data?: { result: VectorResult[] };
        error?: string;
      };
      if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
      if (body.data!.result.length > 0) return body.data!.result;
      if (Date.now() > deadline) throw new Error(`${promql}: no result after 30 s\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('scrapes with the viewer token as bearer: the target is up', async () => {
    const [up] = await query('up{job="gigawatt"} == 1');
    expect(up!.value[1]).toBe('1');
  }, 60_000);

  it('fleet power in watts: sum(gigawatt_site_facility_power_watts) is the store’s fleet facility power', async () => {
    const [r] = await query('sum(gigawatt_site_facility_power_watts)');
    const fleetMw = rollupFleet(h.server.store.latestSamples(), h.server.store.idx).facilityPowerMw;
    expect(fleetMw).toBeGreaterThan(100);
    near(Number(r!.value[1]), fleetMw * 1e6);
  }, 60_000);

  it('per-hall utilization with site and hall labels, and per site weighted by allocated GPUs', async () => {
    const halls = await query('gigawatt_hall_gpu_utilization_percent');
    const expected = new Map(
      samples.flatMap((s) => s.halls.map((x) => [`${s.site}/${x.hall}`, x.gpuUtilPct])),
    );
    expect(halls).toHaveLength(expected.size);
    for (const r of halls) {
      expect(Number(r.value[1])).toBe(expected.get(`${r.metric.site}/${r.metric.hall}`));
    }
    const perSite = await query(
      'sum by (site) (gigawatt_hall_gpu_utilization_percent * on (site, hall) sum by (site, hall) (gigawatt_hall_gpus{state=~"rented|internal"}))' +
        ' / sum by (site) (gigawatt_hall_gpus{state=~"rented|internal"})',
    );
    expect(perSite).toHaveLength(samples.length);
    for (const r of perSite) {
      near(Number(r.value[1]), samples.find((s) => s.site === r.metric.site)!.gpuUtilPct);
    }
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}
