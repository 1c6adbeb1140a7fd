import { formatMw, formatPct, formatTempC } from '../format/format.ts';

/** Stable formatter references for charts (a new function per render would defeat memoisation). */
export const mwFormat = (v: number): string => formatMw(v);
export const pctFormat = (v: number): string => formatPct(v);
export const tempFormat = (v: number): string => formatTempC(v);
