import { formatNumber, NO_VALUE } from '../format/format.ts';
import type { Change } from './execFigures.ts';

const ok = (x: number): boolean => Number.isFinite(x);

/** An annual amount, compact: "$7.0B/yr", "$412M/yr", "$41.2M/yr", "$950k/yr". */
export function formatUsdPerYear(x: number): string {
  if (!ok(x)) return NO_VALUE;
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  const scaled = (v: number, suffix: string) => `${sign}$${formatNumber(v, v >= 100 ? 0 : 1)}${suffix}/yr`;
  if (a >= 1e9) return scaled(a / 1e9, 'B');
  if (a >= 1e6) return scaled(a / 1e6, 'M');
  if (a >= 1e3) return scaled(a / 1e3, 'k');
  return `${sign}$${formatNumber(a)}/yr`;
}

export type ChangeStyle = 'pts' | 'rel' | 'abs';

export interface ChangeText {
  text: string;
  arrow: string;
  /** Rounds to zero at the shown precision: drawn as flat whatever its sign. */
  flat: boolean;
}

/**
 * A change against the previous period, always signed and with its unit: "+1.2 pts", "−3.4 %",
 * "+0.01". A relative change without a previous value to relate to falls back to the absolute one.
 * A change that rounds to zero reads "±0.0 pts" with a flat arrow, never "−0.00".
 */
export function formatChange(c: Change, style: ChangeStyle, formatAbs: (v: number) => string): ChangeText {
  if (c.direction === 'unknown') return { text: NO_VALUE, arrow: '', flat: false };
  let magnitude: string;
  let v: number;
  if (style === 'pts') {
    v = c.abs;
    magnitude = `${formatNumber(Math.abs(v), 1)} pts`;
  } else if (style === 'rel' && ok(c.rel)) {
    v = c.rel;
    magnitude = `${formatNumber(Math.abs(v), Math.abs(v) < 10 ? 1 : 0)} %`;
  } else {
    v = c.abs;
    magnitude = formatAbs(Math.abs(v));
  }
  const flat = !/[1-9]/.test(magnitude.replace(/[^\d]/g, ''));
  const sign = flat ? '±' : v > 0 ? '+' : '−';
  return { text: `${sign}${magnitude}`, arrow: flat ? '▶' : v > 0 ? '▲' : '▼', flat };
}

/** Whether a change is good news, bad news or neither, given which way is better for the figure. */
export function changeTone(
  c: Change,
  better: 'up' | 'down' | 'none',
  flat = false,
): 'good' | 'bad' | 'neutral' {
  if (flat || better === 'none' || c.direction === 'flat' || c.direction === 'unknown') return 'neutral';
  return c.direction === better ? 'good' : 'bad';
}

/** Rounds for display and export alike, so a CSV holds exactly what a chart draws. */
export function roundTo(x: number, decimals: number): number {
  if (!ok(x)) return Number.NaN;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
