/**
 * History is kept in float32 (7 significant digits); printed as doubles it would take 17. Rounding to 7
 * significant digits prints what is held, in about half the bytes.
 */
export const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** (i - 20));

/** The decimal exponent that leaves 7 significant digits left of the point (x finite, not 0). */
export function float32Exponent(x: number): number {
  return 6 - Math.floor(Math.log10(Math.abs(x)));
}

export function float32Digits(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const p = float32Exponent(x);
  const scale = POW10[Math.abs(p) + 20];
  if (scale === undefined) return Number(x.toPrecision(7));
  // Divide by a power of ten ≥ 1 (never multiply by 1e-4): the quotient then prints in few digits.
  return p >= 0 ? Math.round(x * scale) / scale : Math.round(x / scale) * scale;
}
