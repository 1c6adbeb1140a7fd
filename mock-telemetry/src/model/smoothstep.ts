/** 0 below 0, 1 above 1, and a smooth S-curve between: how physical quantities settle. */
export function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}
