/**
 * Perceptually uniform, colour-blind-safe sequential scales for the rack heatmap (sampled from
 * matplotlib's viridis and magma). Power and temperature use different scales so the mode is obvious.
 */
type Rgb = readonly [number, number, number];

const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];

const MAGMA: readonly Rgb[] = [
  [0, 0, 4],
  [28, 16, 68],
  [79, 18, 123],
  [129, 37, 129],
  [181, 54, 122],
  [229, 80, 100],
  [251, 135, 97],
  [254, 194, 135],
  [252, 253, 191],
];

export type ScaleName = 'viridis' | 'magma';
const STOPS: Record<ScaleName, readonly Rgb[]> = { viridis: VIRIDIS, magma: MAGMA };

export function colorAt(scale: ScaleName, x: number): Rgb {
  const stops = STOPS[scale];
  const f = Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
  const pos = f * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(pos));
  const k = pos - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * k),
    Math.round(a[1] + (b[1] - a[1]) * k),
    Math.round(a[2] + (b[2] - a[2]) * k),
  ];
}

const luts = new Map<ScaleName, string[]>();

/** 256 CSS colours, so drawing thousands of cells a second allocates no strings. */
export function lut(scale: ScaleName): readonly string[] {
  let l = luts.get(scale);
  if (!l) {
    l = Array.from({ length: 256 }, (_, i) => {
      const [r, g, b] = colorAt(scale, i / 255);
      return `rgb(${r},${g},${b})`;
    });
    luts.set(scale, l);
  }
  return l;
}

/** Colour for `value` within [min, max]. */
export function colorFor(scale: ScaleName, value: number, min: number, max: number): string {
  const f = max > min ? (value - min) / (max - min) : 0;
  const idx = Number.isFinite(f) ? Math.round(Math.min(1, Math.max(0, f)) * 255) : 0;
  return lut(scale)[idx]!;
}

export function cssGradient(scale: ScaleName, direction = 'to right'): string {
  const stops = STOPS[scale];
  const parts = stops.map(
    ([r, g, b], i) => `rgb(${r},${g},${b}) ${((i / (stops.length - 1)) * 100).toFixed(1)}%`,
  );
  return `linear-gradient(${direction}, ${parts.join(', ')})`;
}
