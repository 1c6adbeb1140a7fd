/**
 * Inverse-CDF draw from a Poisson distribution with mean `lambda`, given a uniform `u` in [0, 1).
 * Taking u from a hash (instead of a generator) keeps the draw a pure function of its counters.
 */
export function poissonCount(lambda: number, u: number): number {
  if (!(lambda > 0)) return 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  // The cap only guards against u ≈ 1 with a rounding-limited cdf; it is far beyond any real tail.
  const cap = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 12);
  while (u >= cdf && k < cap) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}
