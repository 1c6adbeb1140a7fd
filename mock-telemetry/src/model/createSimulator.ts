import {
  COOLANT,
  cduPumpKw,
  coolantReturnC,
  defaultFleet,
  describeZodError,
  type FleetConfig,
  fleetConfigSchema,
  type HallSample,
  type RackBlock,
  type SiteSample,
} from '@gigawatt/shared';
import { buildFleetModel, type HallModel, type SiteModel } from './buildFleetModel.ts';
import { compileIncidents } from './compileIncidents.ts';
import { FAILURE_CAUSES, type FailureCause } from './failureCauses.ts';
import { hallRacks } from './hallRacks.ts';
import type { Incident } from './incidentSchema.ts';
import { FAILURE_SLOT_S } from './modelConstants.ts';
import { type SiteStates, siteStates } from './siteStates.ts';
import { slotFailures } from './slotFailures.ts';

/** A GPU failure (Llama 3 rate and cause mix). */
export interface FailureEvent {
  /** ms since epoch, on a whole second. */
  t: number;
  site: string;
  hall: string;
  cause: FailureCause;
  /** Rack index in the hall's config order. */
  rack: number;
  /** When the GPU is back in service (ms since epoch). */
  repairedAt: number;
  /** Whether the failure hit the hall's synchronous training job and forced a restart. */
  restartsJob: boolean;
}

export interface Simulator {
  readonly fleet: FleetConfig;
  readonly seed: number;
  readonly incidents: readonly Incident[];
  /** One site at the whole second containing t (ms since epoch); seq = that second. */
  sampleSite(siteId: string, t: number): SiteSample;
  /** Every site, in fleet-config order. */
  sampleFleet(t: number): SiteSample[];
  /** Rack detail of one hall: one value per rack, in config order. Computed only when asked. */
  racks(siteId: string, hallId: string, t: number): RackBlock;
  /** GPU failures with fromMs ≤ t < toMs, ordered by time (then fleet order). */
  failures(fromMs: number, toMs: number): FailureEvent[];
}

export interface SimulatorOptions {
  seed: number;
  fleet?: FleetConfig;
  /** Scripted faults layered over the normal model (validated; see incidentSchema). */
  incidents?: readonly Incident[];
}

const toSecond = (t: number): number => {
  if (!Number.isFinite(t)) throw new RangeError(`t must be a finite number of ms since epoch (got ${t})`);
  return Math.floor(t / 1000);
};

/**
 * Meter precision: 0.1 kW, 0.01 % and 0.01 °C (coolant flow in whole L/min, see coolantLoop). Real
 * meters report no more, and full doubles would make every tick ~40 % larger on the wire for digits that
 * mean nothing.
 */
const round = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

function sampleOf(site: SiteModel, sec: number, states: SiteStates): SiteSample {
  const halls: HallSample[] = [];
  let it = 0;
  let total = 0;
  let rented = 0;
  let internal = 0;
  let idle = 0;
  let failed = 0;
  let utilWeighted = 0;
  let tempWeighted = 0;
  for (const [i, h] of site.halls.entries()) {
    const s = states.halls[i]!;
    const hallIt = round(s.itPowerMw, 4);
    const hall: HallSample = {
      hall: h.hallId,
      itPowerMw: hallIt,
      gpus: { total: s.total, rented: s.rented, internal: s.internal, idle: s.idle, failed: s.failed },
      gpuUtilPct: round(s.utilPct, 2),
      inletTempC: round(s.inletC, 2),
    };
    if (h.coolantDesignLpm > 0) {
      // From the reported figures, so a reader can check return − supply = heat / (flow × cp) itself.
      const heatKw = COOLANT.liquidHeatShare * hallIt * 1000;
      hall.coolant = {
        supplyC: s.coolantSupplyC,
        returnC: round(coolantReturnC(s.coolantSupplyC, heatKw, s.coolantFlowLpm), 2),
        flowLpm: s.coolantFlowLpm,
        cduPowerKw: round(cduPumpKw(s.coolantFlowLpm), 1),
      };
    }
    halls.push(hall);
    it += hallIt;
    total += s.total;
    rented += s.rented;
    internal += s.internal;
    idle += s.idle;
    failed += s.failed;
    utilWeighted += s.utilPct * (s.rented + s.internal);
    tempWeighted += s.inletC * s.total;
  }
  const allocated = rented + internal;
  const itMw = round(it, 4);
  // Rounding must not push the reported PUE (facility / IT) outside the site's design band.
  const band = site.config.pueDesign;
  let facilityMw = round(itMw * states.pue, 4);
  if (facilityMw < itMw * band.min) facilityMw = Math.ceil(itMw * band.min * 1e4) / 1e4;
  if (facilityMw > itMw * band.max) facilityMw = Math.floor(itMw * band.max * 1e4) / 1e4;
  return {
    site: site.config.id,
    t: sec * 1000,
    seq: sec,
    facilityPowerMw: facilityMw,
    itPowerMw: itMw,
    gpus: { total, rented, internal, idle, failed },
    gpuUtilPct: allocated > 0 ? round(Math.min(100, utilWeighted / allocated), 2) : 0,
    inletTempC: total > 0 ? round(tempWeighted / total, 2) : 0,
    halls,
  };
}

/**
 * A deterministic, jumpable telemetry model: every output is a pure function of (seed, fleet, incidents,
 * t). The only state kept is caches of such pure values (per seed, hour, failure slot or last second),
 * never anything that depends on call order.
 */
export function createSimulator({ seed, fleet = defaultFleet, incidents = [] }: SimulatorOptions): Simulator {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer (got ${seed})`);
  const parsed = fleetConfigSchema.safeParse(fleet);
  if (!parsed.success) throw new Error(`invalid fleet config: ${describeZodError(parsed.error)}`);
  const sites = buildFleetModel(fleet, seed);
  const siteById = new Map(sites.map((s) => [s.config.id, s]));
  const compiled = compileIncidents(incidents, sites);
  // The last second computed per site: rack detail asked for right after a sample (the producer's
  // pattern) reuses its hall states. A pure function of (seed, incidents, t), so reuse cannot change results.
  const last: (SiteStates | undefined)[] = sites.map(() => undefined);
  const statesAt = (s: SiteModel, sec: number): SiteStates => {
    const cached = last[s.index];
    if (cached?.sec === sec) return cached;
    const fresh = siteStates(s, compiled[s.index], sec);
    last[s.index] = fresh;
    return fresh;
  };

  const site = (id: string): SiteModel => {
    const s = siteById.get(id);
    if (!s) throw new Error(`unknown site "${id}"`);
    return s;
  };
  const hall = (siteId: string, hallId: string): [SiteModel, HallModel] => {
    const s = site(siteId);
    const h = s.hallById.get(hallId);
    if (!h) throw new Error(`unknown hall "${siteId}/${hallId}"`);
    return [s, h];
  };

  return {
    fleet,
    seed,
    incidents,
    sampleSite(siteId, t) {
      const sec = toSecond(t);
      const s = site(siteId);
      return sampleOf(s, sec, statesAt(s, sec));
    },
    sampleFleet(t) {
      const sec = toSecond(t);
      return sites.map((s) => sampleOf(s, sec, statesAt(s, sec)));
    },
    racks(siteId, hallId, t) {
      const sec = toSecond(t);
      const [s, h] = hall(siteId, hallId);
      return hallRacks(h, statesAt(s, sec).halls[h.hallIndex]!, sec * 1000);
    },
    failures(fromMs, toMs) {
      const from = Math.ceil(fromMs / 1000);
      const to = Math.ceil(toMs / 1000);
      const out: FailureEvent[] = [];
      if (!(to > from)) return out;
      for (let slot = Math.floor(from / FAILURE_SLOT_S); slot * FAILURE_SLOT_S < to; slot++) {
        for (const s of sites) {
          for (const h of s.halls) {
            for (const f of slotFailures(h, slot)) {
              if (f.tS < from || f.tS >= to) continue;
              out.push({
                t: f.tS * 1000,
                site: s.config.id,
                hall: h.hallId,
                cause: FAILURE_CAUSES[f.cause]!.id,
                rack: f.rack,
                repairedAt: f.repairedS * 1000,
                restartsJob: f.restartEndS > 0,
              });
            }
          }
        }
      }
      // Slots are visited in time order; only events of different halls within one slot need ordering.
      return out.sort((a, b) => a.t - b.t);
    },
  };
}
