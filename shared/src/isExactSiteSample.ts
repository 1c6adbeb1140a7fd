import { hasOnlyKeys, id, int, isObject, MAX_T, MIN_T, num } from './exactChecks.ts';
import { type SiteSample, siteSampleSchema } from './sampleSchema.ts';
import { type Parsed, parseWith } from './validation.ts';

/*
 * siteSampleSchema's checks as plain code, for the payloads that arrive every second: a viewer's tick
 * (parseTick) and each site's sample at the ingest gate. Zod without its JIT (the dashboard's CSP
 * forbids eval) copies the whole payload into a new object while it checks it: in the browser ~45 KB a
 * second of garbage, most of a live page's allocations; on the server the gate's copies sat between
 * each second's samples and its tick. This check reads the payload and allocates nothing; a sample it
 * accepts (an object literal or decoded from JSON, so an array holds its elements only) is one zod
 * accepts and would copy to an equal value, and anything it is unsure of (an unknown key, a missing
 * one, a value out of range) goes to zod, which decides and words the error. The schemas stay the
 * contract: the property tests in isExactSiteSample.test.ts and parseTick.test.ts hold this check to them.
 */

const GPU_KEYS = new Set(['total', 'rented', 'internal', 'idle', 'failed']);
function gpus(x: unknown): boolean {
  if (!isObject(x) || !hasOnlyKeys(x, GPU_KEYS, 5)) return false;
  const { total, rented, internal, idle, failed } = x;
  const c = (v: unknown) => int(v, 0, 100_000_000);
  return (
    c(total) &&
    c(rented) &&
    c(internal) &&
    c(idle) &&
    c(failed) &&
    (rented as number) + (internal as number) + (idle as number) + (failed as number) === total
  );
}

const COOLANT_KEYS = new Set(['supplyC', 'returnC', 'flowLpm', 'cduPowerKw']);
function coolant(x: unknown): boolean {
  return (
    isObject(x) &&
    hasOnlyKeys(x, COOLANT_KEYS, 4) &&
    num(x.supplyC, -50, 120) &&
    num(x.returnC, -50, 120) &&
    num(x.flowLpm, 0, 100_000_000) &&
    num(x.cduPowerKw, 0, 10_000_000)
  );
}

const HALL_KEYS = new Set(['hall', 'itPowerMw', 'gpus', 'gpuUtilPct', 'inletTempC', 'coolant']);
function hall(x: unknown): boolean {
  if (!isObject(x)) return false;
  const withCoolant = x.coolant !== undefined;
  return (
    hasOnlyKeys(x, HALL_KEYS, withCoolant ? 6 : 5) &&
    id(x.hall) &&
    num(x.itPowerMw, 0, 100_000) &&
    gpus(x.gpus) &&
    num(x.gpuUtilPct, 0, 100) &&
    num(x.inletTempC, -50, 120) &&
    (!withCoolant || coolant(x.coolant))
  );
}

const SITE_KEYS = new Set([
  'site',
  't',
  'seq',
  'facilityPowerMw',
  'itPowerMw',
  'gpus',
  'gpuUtilPct',
  'inletTempC',
  'halls',
]);
/**
 * Whether a payload is a site sample exactly as siteSampleSchema would return it (valid, and nothing zod
 * would strip or fill in): then it can be used as it is, without zod's copy.
 */
export function isExactSiteSample(x: unknown): x is SiteSample {
  if (!isObject(x) || !hasOnlyKeys(x, SITE_KEYS, 9)) return false;
  if (
    !id(x.site) ||
    !int(x.t, MIN_T, MAX_T) ||
    !int(x.seq, 0, Number.MAX_SAFE_INTEGER) ||
    !num(x.facilityPowerMw, 0, 100_000) ||
    !num(x.itPowerMw, 0, 100_000) ||
    !gpus(x.gpus) ||
    !num(x.gpuUtilPct, 0, 100) ||
    !num(x.inletTempC, -50, 120)
  ) {
    return false;
  }
  const halls = x.halls;
  if (!Array.isArray(halls) || halls.length > 256) return false;
  for (let i = 0; i < halls.length; i++) if (!hall(halls[i])) return false;
  return true;
}

/**
 * A site sample checked against siteSampleSchema: a well-formed one is returned as it is (no copy);
 * anything else is parsed by zod, which accepts it (stripping unknown keys) or says what is wrong.
 */
export function parseSiteSample(input: unknown): Parsed<SiteSample> {
  return isExactSiteSample(input) ? { ok: true, value: input } : parseWith(siteSampleSchema, input);
}
