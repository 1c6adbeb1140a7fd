/** Allocation-free checks shared by the exact (copy-free) payload checks; the schemas stay the contract. */

const ID = /^[a-z][a-z0-9-]*$/;
export const MIN_T = 946_684_800_000;
export const MAX_T = 4_102_444_800_000;

export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;

/** Every own enumerable key is one of `keys` and each of `required` is present. */
export function hasOnlyKeys(
  o: Record<string, unknown>,
  keys: ReadonlySet<string>,
  required: number,
): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return false;
    if (!keys.has(k) || o[k] === undefined) return false;
    n++;
  }
  return n >= required;
}

export const num = (x: unknown, min: number, max: number): boolean =>
  typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
export const int = (x: unknown, min: number, max: number): boolean =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
export const id = (x: unknown): boolean =>
  typeof x === 'string' && x.length >= 1 && x.length <= 40 && ID.test(x);
