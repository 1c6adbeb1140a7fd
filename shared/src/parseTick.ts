import { hasOnlyKeys, int, isObject, MAX_T, MIN_T } from './exactChecks.ts';
import { isExactSiteSample } from './isExactSiteSample.ts';
import { type Tick, tickSchema } from './protocol.ts';
import { type Parsed, parseWith } from './validation.ts';

/*
 * tickSchema's checks as plain code, for the one payload a viewer gets every second (see
 * isExactSiteSample.ts for why): a tick it accepts is used as it is, anything else goes to zod.
 */

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
  for (let i = 0; i < sites.length; i++) if (!isExactSiteSample(sites[i])) return false;
  return true;
}

/**
 * A tick checked against tickSchema: a well-formed one is returned as it is (no copy); anything else is
 * parsed by zod, which accepts it (stripping unknown keys) or says what is wrong.
 */
export function parseTick(input: unknown): Parsed<Tick> {
  return isExactTick(input) ? { ok: true, value: input } : parseWith(tickSchema, input);
}
