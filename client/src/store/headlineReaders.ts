import type { GpuCounts } from '@gigawatt/shared';
import { gpuShareOf, type HeadlineFigures } from './headlineFigures.ts';
import type { Live } from './useLiveDom.ts';

/** A scope's headline figures one by one, as live figures read them. */
export interface HeadlineReaders {
  /** Facility power in MW; undefined (not NaN) without data, as a bar and its headroom expect. */
  power: Live<number | undefined>;
  gpuUtilPct: Live<number | undefined>;
  pue: Live<number | undefined>;
  inletTempC: Live<number | undefined>;
  revenueUsdPerHour: Live<number | undefined>;
  /** Rented GPUs as a share of all (0–1). */
  rentedShare: Live<number | undefined>;
  gpus: Live<GpuCounts | null | undefined>;
}

/** The readers of one scope's figures; made once per scope and window, not per update. */
export function headlineReaders(figures: Live<HeadlineFigures | null>): HeadlineReaders {
  return {
    power: (s) => {
      const p = figures(s)?.facilityPowerMw;
      return p !== undefined && Number.isFinite(p) ? p : undefined;
    },
    gpuUtilPct: (s) => figures(s)?.gpuUtilPct,
    pue: (s) => figures(s)?.pue,
    inletTempC: (s) => figures(s)?.inletTempC,
    revenueUsdPerHour: (s) => figures(s)?.revenueUsdPerHour,
    rentedShare: (s) => {
      const h = figures(s);
      return h ? gpuShareOf(h, 'rented') : undefined;
    },
    gpus: (s) => figures(s)?.gpus,
  };
}
