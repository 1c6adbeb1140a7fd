import { type Tick, tickSchema } from './protocol.ts';
import { type Parsed, parseWith } from './validation.ts';

/*
 * tickSchema's checks as plain code, for the one payload a viewer gets every second. Zod without its
 * JIT (the dashboard's CSP forbids eval) copies the whole tick into a new object while it checks it:
 * ~45 KB a second of garbage at 4 sites and 43 halls, most of a live page's allocations. This check
 * reads the payload and allocates nothing; a tick it accepts (decoded from JSON, so an array holds its
 * elements only) is one zod accepts and would copy to an equal value, and anything it is unsure of (an unknown key, a missing one, a value out of range) goes
 * to zod, which decides and words the error. The schemas stay the contract: the property tests in
 * parseTick.test.ts hold this check to them.
 */

const ID = /^[a-z][a-z0-9-]*$/;
const MIN_T = 946_684_800_000;
const MAX_T = 4_102_444_800_000;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;

/** Every own enumerable key is one of `keys` and each of `required` is present. */
function hasOnlyKeys(o: Record<string, unknown>, keys: ReadonlySet<string>, required: number): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return false;
    if (!keys.has(k) || o[k] === undefined) return false;
    n++;
  }
  return n >= required;
}

const num = (x: unknown, min: number, max: number): boolean =>
  typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
const int = (x: unknown, min: number, max: number): boolean =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
const id = (x: unknown): boolean => typeof x === 'string' && x.length >= 1 && x.length <= 40 && ID.test(x);

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
function site(x: unknown): boolean {
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

const TICK_KEYS = new Set(['t', 'seq', 'sites']);

/**
 * Whether a payload is a tick exactly as tickSchema would return it (valid, and nothing zod would strip
 * or fill in): then it can be used as it is, without zod's copy.
 */
export function isExactTick(x: unknown): x is Tick {
  if (!isObject(x) || !hasOnlyKeys(x, TICK_KEYS, 3)) return false;
  if (!int(x.t, MIN_T, MAX_T) || !int(x.seq, 0, Number.MAX_SAFE_INTEGER)) return false;
  const sites = x.sites;
  if (!Array.isArray(sites) || sites.length > 64) return false;
  for (let i = 0; i < sites.length; i++) if (!site(sites[i])) return false;
  return true;
}

/**
 * A tick checked against tickSchema: a well-formed one is returned as it is (no copy); anything else is
 * parsed by zod, which accepts it (stripping unknown keys) or says what is wrong.
 */
export function parseTick(input: unknown): Parsed<Tick> {
  return isExactTick(input) ? { ok: true, value: input } : parseWith(tickSchema, input);
}
