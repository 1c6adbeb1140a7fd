import { pue } from '../derived.ts';
import type { CoolantSample, GpuCounts } from '../sampleSchema.ts';

/** Where a metric exists. Rack level is the RackBlock's columns, which have no series ids (yet). */
export type MetricLevel = 'fleet' | 'site' | 'hall' | 'rack';

/**
 * The measured fields a site sample, a hall sample and the fleet's totals share, which every metric is
 * read from. Halls have no facility meter, so facility power is optional.
 */
export interface MetricSource {
  facilityPowerMw?: number;
  itPowerMw: number;
  gpus: GpuCounts;
  gpuUtilPct: number;
  inletTempC: number;
  /** Liquid-cooled halls only. */
  coolant?: CoolantSample;
}

/**
 * How a level's value follows from the values of the level below (sites → fleet). Weights and ratio
 * terms name other metrics, so a new metric can be weighted by any existing one.
 */
export type MetricRollUp<Id extends string = string> =
  | { readonly kind: 'sum' }
  /** Σ v·w / Σ w, with w the sum of the named metrics; `whenNoWeight` when Σ w is not positive. */
  | { readonly kind: 'weightedMean'; readonly by: readonly Id[]; readonly whenNoWeight: number }
  /** Recomputed from rolled-up terms, never averaged; `whenNoDenominator` when it is not positive. */
  | {
      readonly kind: 'ratio';
      readonly numerator: Id;
      readonly denominator: Id;
      readonly whenNoDenominator: number;
    };

export interface PrometheusGauge {
  readonly name: string;
  readonly help: string;
}

export interface MetricPrometheus {
  /** Multiplier from the metric's unit to Prometheus's base unit (MW → W). */
  readonly scale?: number;
  /** Fixed labels: the GPU states share one gauge, told apart by `state`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** One gauge per exported level; the fleet exports only what does not add up (sum the sites instead). */
  readonly gauges: Readonly<Partial<Record<'fleet' | 'site' | 'hall', PrometheusGauge>>>;
  /** Why a site- or hall-level metric has no gauge: an omission is a decision, not an accident. */
  readonly unexported?: string;
}

/** A column of the site and hall CSV exports (server export.csv and the client's window CSV). */
export interface MetricCsv {
  readonly header: string;
  /** Position among the metric columns: the published column order predates the registry's. */
  readonly column: number;
  /** Decimals printed; absent prints the value as it is (counts). */
  readonly digits?: number;
}

/** The RackBlock column that carries the metric at rack level, in the rack's own unit. */
export interface MetricRack {
  readonly column: 'powerKw' | 'utilPct' | 'inletTempC' | 'coolantReturnC';
  readonly unit: string;
  readonly csvHeader: string;
  readonly csvDigits: number;
}

export interface MetricDefinition<Id extends string = string> {
  readonly id: Id;
  readonly levels: readonly MetricLevel[];
  readonly unit: string;
  readonly label: string;
  /** Decimals a screen shows (the client's format helpers; shares are shown in %). */
  readonly displayDigits: number;
  /** Chart colour (Okabe–Ito palette, as client/src/theme/theme.ts). */
  readonly color: string;
  readonly rollUp: MetricRollUp<Id>;
  /** The value at site, hall or fleet level; revenue needs prices from the fleet config, so it is lazy. */
  readonly read: (x: MetricSource, revenueUsdPerHour: () => number) => number;
  readonly prometheus: MetricPrometheus;
  /** Null: not a CSV column, with the reason in `csvOmitted`. */
  readonly csv: MetricCsv | null;
  readonly csvOmitted?: string;
  readonly rack?: MetricRack;
}

const MW_TO_W = 1e6;
const KW_TO_W = 1e3;
const LPM_TO_M3_PER_S = 1 / 60_000;
/** Coolant is measured per hall (its CDUs); a hall without a liquid loop reads NaN, a gap in its series. */
const coolantOf = (x: MetricSource, read: (c: CoolantSample) => number): number =>
  x.coolant ? read(x.coolant) : Number.NaN;
const SITE_FLEET_HALL = ['fleet', 'site', 'hall'] as const;
const gpusByState = (state: keyof GpuCounts): MetricPrometheus => ({
  labels: { state },
  gauges: {
    site: { name: 'gigawatt_site_gpus', help: 'GPUs of a site by state (rented, internal, idle, failed).' },
    hall: { name: 'gigawatt_hall_gpus', help: 'GPUs of a hall by state (rented, internal, idle, failed).' },
  },
});

// `const` keeps each id a literal, so MetricId is their union and a misspelt id does not compile.
function defineMetrics<const T extends readonly MetricDefinition<string>[]>(defs: T): T {
  for (const d of defs) Object.freeze(d);
  return Object.freeze(defs);
}

/*
 * The order is the order of METRICS, of the store's rows and of /metrics; append new metrics at the end.
 * A new metric is one entry here (plus its field on the samples and its physics).
 */
const DEFINITIONS = defineMetrics([
  {
    id: 'facilityPowerMw',
    levels: ['fleet', 'site'],
    unit: 'MW',
    label: 'Facility power',
    displayDigits: 1,
    color: '#56b4e9',
    rollUp: { kind: 'sum' },
    read: (x) => x.facilityPowerMw ?? Number.NaN,
    prometheus: {
      scale: MW_TO_W,
      gauges: {
        site: {
          name: 'gigawatt_site_facility_power_watts',
          help: 'Facility power draw of a site, in watts.',
        },
      },
    },
    csv: { header: 'facilityPowerMw (MW)', column: 0, digits: 4 },
  },
  {
    id: 'itPowerMw',
    levels: ['fleet', 'site', 'hall', 'rack'],
    unit: 'MW',
    label: 'IT power',
    displayDigits: 1,
    color: '#b4c0d0',
    rollUp: { kind: 'sum' },
    read: (x) => x.itPowerMw,
    prometheus: {
      scale: MW_TO_W,
      gauges: {
        site: { name: 'gigawatt_site_it_power_watts', help: 'IT power draw of a site, in watts.' },
        hall: { name: 'gigawatt_hall_it_power_watts', help: 'IT power draw of a hall, in watts.' },
      },
    },
    csv: { header: 'itPowerMw (MW)', column: 1, digits: 4 },
    rack: { column: 'powerKw', unit: 'kW', csvHeader: 'powerKw (kW)', csvDigits: 3 },
  },
  {
    id: 'gpuUtilPct',
    levels: ['fleet', 'site', 'hall', 'rack'],
    unit: '%',
    label: 'GPU utilization',
    displayDigits: 1,
    color: '#009e73',
    // A mean over allocated GPUs, so it is weighted by them, never a mean of site means.
    rollUp: { kind: 'weightedMean', by: ['gpusRented', 'gpusInternal'], whenNoWeight: 0 },
    read: (x) => x.gpuUtilPct,
    prometheus: {
      gauges: {
        site: {
          name: 'gigawatt_site_gpu_utilization_percent',
          help: 'Mean utilization of the allocated GPUs of a site, 0-100 (as DCGM_FI_DEV_GPU_UTIL).',
        },
        hall: {
          name: 'gigawatt_hall_gpu_utilization_percent',
          help: 'Mean utilization of the allocated GPUs of a hall, 0-100 (as DCGM_FI_DEV_GPU_UTIL).',
        },
        fleet: {
          name: 'gigawatt_fleet_gpu_utilization_percent',
          help: 'Mean utilization of the allocated GPUs of the fleet, 0-100, weighted by allocated GPUs.',
        },
      },
    },
    csv: { header: 'gpuUtilPct (%)', column: 3, digits: 2 },
    rack: { column: 'utilPct', unit: '%', csvHeader: 'utilPct (%)', csvDigits: 2 },
  },
  {
    id: 'inletTempC',
    levels: ['fleet', 'site', 'hall', 'rack'],
    unit: '°C',
    label: 'Inlet temperature',
    displayDigits: 1,
    color: '#cc79a7',
    rollUp: { kind: 'weightedMean', by: ['gpusTotal'], whenNoWeight: 0 },
    read: (x) => x.inletTempC,
    prometheus: {
      gauges: {
        site: {
          name: 'gigawatt_site_inlet_temperature_celsius',
          help: 'Mean rack inlet air temperature of a site, in degrees Celsius.',
        },
        hall: {
          name: 'gigawatt_hall_inlet_temperature_celsius',
          help: 'Mean rack inlet air temperature of a hall, in degrees Celsius.',
        },
      },
    },
    csv: { header: 'inletTempC (°C)', column: 4, digits: 2 },
    rack: { column: 'inletTempC', unit: '°C', csvHeader: 'inletTempC (°C)', csvDigits: 2 },
  },
  {
    id: 'gpusTotal',
    levels: SITE_FLEET_HALL,
    unit: 'GPUs',
    label: 'GPUs',
    displayDigits: 0,
    color: '#9aa7b5',
    rollUp: { kind: 'sum' },
    read: (x) => x.gpus.total,
    prometheus: {
      gauges: {},
      unexported: 'the sum of gigawatt_site_gpus over its states',
    },
    csv: { header: 'gpusTotal (GPUs)', column: 5 },
  },
  {
    id: 'gpusRented',
    levels: SITE_FLEET_HALL,
    unit: 'GPUs',
    label: 'Rented GPUs',
    displayDigits: 0,
    color: '#e69f00',
    rollUp: { kind: 'sum' },
    read: (x) => x.gpus.rented,
    prometheus: gpusByState('rented'),
    csv: { header: 'gpusRented (GPUs)', column: 6 },
  },
  {
    id: 'gpusInternal',
    levels: SITE_FLEET_HALL,
    unit: 'GPUs',
    label: 'Internal GPUs',
    displayDigits: 0,
    color: '#56b4e9',
    rollUp: { kind: 'sum' },
    read: (x) => x.gpus.internal,
    prometheus: gpusByState('internal'),
    csv: { header: 'gpusInternal (GPUs)', column: 7 },
  },
  {
    id: 'gpusIdle',
    levels: SITE_FLEET_HALL,
    unit: 'GPUs',
    label: 'Idle GPUs',
    displayDigits: 0,
    color: '#7d8796',
    rollUp: { kind: 'sum' },
    read: (x) => x.gpus.idle,
    prometheus: gpusByState('idle'),
    csv: { header: 'gpusIdle (GPUs)', column: 8 },
  },
  {
    id: 'gpusFailed',
    levels: SITE_FLEET_HALL,
    unit: 'GPUs',
    label: 'Failed GPUs',
    displayDigits: 0,
    color: '#cc79a7',
    rollUp: { kind: 'sum' },
    read: (x) => x.gpus.failed,
    prometheus: gpusByState('failed'),
    csv: { header: 'gpusFailed (GPUs)', column: 9 },
  },
  {
    id: 'pue',
    levels: ['fleet', 'site'],
    unit: '',
    label: 'PUE',
    displayDigits: 2,
    color: '#0072b2',
    rollUp: {
      kind: 'ratio',
      numerator: 'facilityPowerMw',
      denominator: 'itPowerMw',
      whenNoDenominator: Number.NaN,
    },
    read: (x) => (x.facilityPowerMw === undefined ? Number.NaN : pue(x.facilityPowerMw, x.itPowerMw)),
    prometheus: {
      gauges: {
        site: {
          name: 'gigawatt_site_pue_ratio',
          help: 'Power usage effectiveness of a site: facility power / IT power.',
        },
        fleet: {
          name: 'gigawatt_fleet_pue_ratio',
          help: 'Power usage effectiveness of the fleet: facility power / IT power.',
        },
      },
    },
    csv: { header: 'pue', column: 2, digits: 4 },
  },
  {
    id: 'rentedShare',
    levels: SITE_FLEET_HALL,
    unit: '',
    label: 'Rented share',
    displayDigits: 1,
    color: '#e69f00',
    rollUp: { kind: 'ratio', numerator: 'gpusRented', denominator: 'gpusTotal', whenNoDenominator: 0 },
    // As gpuShares (derived.ts), without building all four shares.
    read: (x) => (x.gpus.total <= 0 ? 0 : x.gpus.rented / x.gpus.total),
    prometheus: {
      gauges: {
        site: {
          name: 'gigawatt_site_gpus_rented_ratio',
          help: 'Share of the GPUs of a site rented out, 0-1.',
        },
        hall: {
          name: 'gigawatt_hall_gpus_rented_ratio',
          help: 'Share of the GPUs of a hall rented out, 0-1.',
        },
      },
    },
    csv: null,
    csvOmitted: 'follows from the GPU columns; the published header has no column for it',
  },
  {
    id: 'revenueUsdPerHour',
    levels: SITE_FLEET_HALL,
    unit: '$/h',
    label: 'Rental revenue',
    displayDigits: 1,
    color: '#d55e00',
    rollUp: { kind: 'sum' },
    read: (_x, revenueUsdPerHour) => revenueUsdPerHour(),
    prometheus: {
      gauges: {
        site: {
          name: 'gigawatt_site_rental_revenue_usd_per_hour',
          help: 'Rental revenue run-rate of a site: rented GPUs x price per GPU-hour, in US dollars per hour.',
        },
        hall: {
          name: 'gigawatt_hall_rental_revenue_usd_per_hour',
          help: 'Rental revenue run-rate of a hall: rented GPUs x price per GPU-hour, in US dollars per hour.',
        },
      },
    },
    csv: null,
    csvOmitted: 'needs the prices of the fleet config, which a recording export does not read',
  },
  {
    id: 'coolantSupplyC',
    levels: ['hall'],
    unit: '°C',
    label: 'Coolant supply',
    displayDigits: 1,
    color: '#0072b2',
    // A loop's temperatures mix by flow, so a hall group's supply is flow-weighted.
    rollUp: { kind: 'weightedMean', by: ['coolantFlowLpm'], whenNoWeight: Number.NaN },
    read: (x) => coolantOf(x, (c) => c.supplyC),
    prometheus: {
      gauges: {
        hall: {
          name: 'gigawatt_hall_coolant_supply_temperature_celsius',
          help: 'Coolant supply temperature of the CDUs of a liquid-cooled hall, in degrees Celsius.',
        },
      },
    },
    csv: { header: 'coolantSupplyC (°C)', column: 10, digits: 2 },
  },
  {
    id: 'coolantReturnC',
    levels: ['hall', 'rack'],
    unit: '°C',
    label: 'Coolant return',
    displayDigits: 1,
    color: '#d55e00',
    rollUp: { kind: 'weightedMean', by: ['coolantFlowLpm'], whenNoWeight: Number.NaN },
    read: (x) => coolantOf(x, (c) => c.returnC),
    prometheus: {
      gauges: {
        hall: {
          name: 'gigawatt_hall_coolant_return_temperature_celsius',
          help: 'Coolant return temperature of the CDUs of a liquid-cooled hall, in degrees Celsius.',
        },
      },
    },
    csv: { header: 'coolantReturnC (°C)', column: 11, digits: 2 },
    rack: { column: 'coolantReturnC', unit: '°C', csvHeader: 'coolantReturnC (°C)', csvDigits: 2 },
  },
  {
    id: 'coolantDeltaC',
    levels: ['hall'],
    unit: '°C',
    label: 'Coolant ΔT',
    displayDigits: 1,
    color: '#e69f00',
    // Return − supply is linear in both, so the flow-weighted mean of ΔT is ΔT of the weighted means.
    rollUp: { kind: 'weightedMean', by: ['coolantFlowLpm'], whenNoWeight: Number.NaN },
    read: (x) => coolantOf(x, (c) => c.returnC - c.supplyC),
    prometheus: {
      gauges: {},
      unexported: 'return minus supply: both are exported',
    },
    csv: null,
    csvOmitted: 'follows from the supply and return columns',
  },
  {
    id: 'coolantFlowLpm',
    levels: ['hall'],
    unit: 'L/min',
    label: 'Coolant flow',
    displayDigits: 0,
    color: '#009e73',
    rollUp: { kind: 'sum' },
    read: (x) => coolantOf(x, (c) => c.flowLpm),
    prometheus: {
      scale: LPM_TO_M3_PER_S,
      gauges: {
        hall: {
          name: 'gigawatt_hall_coolant_flow_cubic_meters_per_second',
          help: 'Coolant flow through the CDUs of a liquid-cooled hall, in cubic metres per second.',
        },
      },
    },
    csv: { header: 'coolantFlowLpm (L/min)', column: 12, digits: 1 },
  },
  {
    id: 'cduPowerKw',
    levels: ['hall'],
    unit: 'kW',
    label: 'CDU power',
    displayDigits: 1,
    color: '#cc79a7',
    rollUp: { kind: 'sum' },
    read: (x) => coolantOf(x, (c) => c.cduPowerKw),
    prometheus: {
      scale: KW_TO_W,
      gauges: {
        hall: {
          name: 'gigawatt_hall_cdu_power_watts',
          help: 'Electrical draw of the coolant distribution units of a liquid-cooled hall, in watts.',
        },
      },
    },
    csv: { header: 'cduPowerKw (kW)', column: 13, digits: 3 },
  },
]);

export type MetricId = (typeof DEFINITIONS)[number]['id'];
export type MetricDef = MetricDefinition<MetricId>;

/**
 * Every metric, once. Typed by the wide definition so consumers read optional fields freely; the
 * assignment also checks that every id a roll-up names is a metric.
 */
export const METRIC_REGISTRY: readonly MetricDef[] = DEFINITIONS;

export const metricsAt = (level: MetricLevel): readonly MetricDef[] =>
  METRIC_REGISTRY.filter((d) => d.levels.includes(level));

const byId = new Map<string, MetricDef>(METRIC_REGISTRY.map((d) => [d.id, d]));
export const metricDef = (id: MetricId): MetricDef => byId.get(id)!;
