import {
  type CoolantSample,
  defaultFleet,
  designFlowLpm,
  type FleetConfig,
  type HallSample,
  indexFleet,
  type SiteSample,
} from '@gigawatt/shared';
import { loadConfig, type ServerConfig } from '../config.ts';
import { TelemetryStore } from '../store/telemetryStore.ts';

/** A consistent, schema-valid sample of a site (every hall at `util` %), independent of the simulator. */
export function makeSample(
  siteId: string,
  t: number,
  opts: {
    util?: number;
    fleet?: FleetConfig;
    /** The loop of each liquid-cooled hall (given its design flow); none when absent or undefined. */
    coolant?: (hallId: string, designFlowLpm: number) => CoolantSample | undefined;
  } = {},
): SiteSample {
  const fleet = opts.fleet ?? defaultFleet;
  const site = fleet.sites.find((s) => s.id === siteId);
  if (!site) throw new Error(`no site ${siteId}`);
  const util = opts.util ?? 80;
  const halls: HallSample[] = site.halls.map((h) => {
    const model = fleet.gpuModels.find((m) => m.id === h.gpuModel)!;
    const total = model.gpusPerRack * h.racks;
    const failed = 3;
    const rented = Math.floor(total * h.rentalPropensity);
    const internal = Math.floor((total - rented - failed) * 0.9);
    const idle = total - rented - internal - failed;
    const loop = model.cooling === 'liquid' ? opts.coolant?.(h.id, designFlowLpm(model, h.racks)) : undefined;
    return {
      hall: h.id,
      itPowerMw: (h.racks * model.rackKw * (0.3 + (0.7 * util) / 100)) / 1000,
      gpus: { total, rented, internal, idle, failed },
      gpuUtilPct: util,
      inletTempC: 24,
      ...(loop ? { coolant: loop } : {}),
    };
  });
  const sum = (f: (h: HallSample) => number) => halls.reduce((a, h) => a + f(h), 0);
  const it = sum((h) => h.itPowerMw);
  return {
    site: siteId,
    t,
    seq: Math.floor(t / 1000),
    facilityPowerMw: it * 1.12,
    itPowerMw: it,
    gpus: {
      total: sum((h) => h.gpus.total),
      rented: sum((h) => h.gpus.rented),
      internal: sum((h) => h.gpus.internal),
      idle: sum((h) => h.gpus.idle),
      failed: sum((h) => h.gpus.failed),
    },
    gpuUtilPct: util,
    inletTempC: 24,
    halls,
  };
}

export const TEST_INGEST_TOKEN = 'test-ingest-token-123';
export const TEST_OPERATOR_TOKEN = 'test-operator-token-123';

/** Config for integration tests: a free port, no simulator unless asked, no built client needed. */
export function testConfig(env: Record<string, string> = {}): ServerConfig {
  return loadConfig([], {
    PORT: '0',
    GIGAWATT_SIMULATE: 'off',
    GIGAWATT_INGEST_TOKEN: TEST_INGEST_TOKEN,
    GIGAWATT_OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
    GIGAWATT_BACKFILL: '0s',
    GIGAWATT_CLIENT_DIR: '/nonexistent-client-dir',
    GIGAWATT_RECORD: 'off',
    GIGAWATT_DEMOS: 'off',
    // Tests share the working directory: state is kept only where a test gives its own data dir.
    GIGAWATT_STATE: 'off',
    // Quiet unless asked (GIGAWATT_TEST_LOG_LEVEL=debug to see a failing test's server logs).
    GIGAWATT_LOG_LEVEL: process.env.GIGAWATT_TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
}

/** Small history tiers a test can fill and overflow: 1 s × 60, 10 s × 30, 1 min × 20. */
export const SMALL_TIERS = [
  { name: '1s' as const, stepMs: 1000, capacity: 60 },
  { name: '10s' as const, stepMs: 10_000, capacity: 30 },
  { name: '1m' as const, stepMs: 60_000, capacity: 20 },
];

/** Every default-fleet site's sample at second s after t0, each hall at util(s) %. */
export function fleetSecond(t0: number, s: number, util: (s: number) => number): SiteSample[] {
  return defaultFleet.sites.map((site) => makeSample(site.id, t0 + s * 1000, { util: util(s) }));
}

/** A default-fleet store with SMALL_TIERS holding `seconds` seconds of fleetSecond from t0. */
export function filledStore(seconds: number, t0: number, util: (s: number) => number): TelemetryStore {
  const store = new TelemetryStore(indexFleet(defaultFleet), SMALL_TIERS);
  for (let s = 0; s < seconds; s++) for (const x of fleetSecond(t0, s, util)) store.putSample(x);
  return store;
}
