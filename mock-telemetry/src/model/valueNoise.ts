import { unit } from './hash.ts';

/**
 * Smooth noise in [-1, 1]: hashed values on an integer lattice, eased between neighbours (smoothstep).
 * Evaluating at x needs only the two lattice points around it, so it stays jumpable.
 */
export function valueNoise(key: number, stream: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = unit(key, stream, i);
  const b = unit(key, stream, i + 1);
  const s = f * f * (3 - 2 * f);
  return 2 * (a + (b - a) * s) - 1;
}
