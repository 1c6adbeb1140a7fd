/*
 * Counter-based randomness: every random number in the model is a pure function of (key, stream, a, b),
 * so the state at any instant can be computed directly, with no generator state carried between calls.
 * The mixing is MurmurHash3's block and finalizer steps (public domain), which pass SMHasher's
 * avalanche tests; that matters because neighbouring counters (slot 1000, 1001) must look unrelated.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Folds one 32-bit word into a running hash (Math.imul wraps any integer key to its low 32 bits). */
function mixWord(h: number, k: number): number {
  let x = Math.imul(k, C1);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, C2);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

function finalize(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Unsigned 32-bit hash of a key and three integer counters. */
export function hash(key: number, a: number, b = 0, c = 0): number {
  return finalize(mixWord(mixWord(mixWord(key, a), b), c));
}

const TWO_POW_32 = 4_294_967_296;

/** Uniform in [0, 1). */
export function unit(key: number, a: number, b = 0, c = 0): number {
  return hash(key, a, b, c) / TWO_POW_32;
}

/** Uniform in [lo, hi). */
export function between(lo: number, hi: number, key: number, a: number, b = 0, c = 0): number {
  return lo + (hi - lo) * unit(key, a, b, c);
}

/**
 * Derives a 32-bit key from any safe integer (seeds above 2^32 keep their high bits) and extra words,
 * e.g. deriveKey(seed, siteIndex, hallIndex) gives each hall its own independent family of streams.
 */
export function deriveKey(seed: number, ...words: number[]): number {
  let h = mixWord(0x9e3779b9, seed >>> 0);
  h = mixWord(h, Math.floor(seed / TWO_POW_32) >>> 0);
  for (const w of words) h = mixWord(h, w);
  return finalize(h);
}
