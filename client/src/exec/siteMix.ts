import { csvTable } from '@gigawatt/shared';
import type { ExecSnapshot } from './createExecData.ts';
import { gpuStateShares } from './execFigures.ts';
import { formatInstant } from './execUrl.ts';
import { roundTo } from './formatExec.ts';
import { periodMean } from './rangeSeries.ts';

export interface SiteMixRow {
  siteId: string;
  name: string;
  rented: number;
  internal: number;
  idle: number;
  failed: number;
  total: number;
}

const STATES = ['rented', 'internal', 'idle', 'failed'] as const;

/**
 * Average GPUs per state of each site over the shown range (from the sparkline resolution), rounded to
 * one decimal as drawn and exported. Sites without data over the range are left out.
 */
export function siteMix(
  snap: ExecSnapshot,
  sites: readonly { siteId: string; scopeId: string; name: string }[],
): SiteMixRow[] {
  const out: SiteMixRow[] = [];
  for (const s of sites) {
    const series = snap.spark?.scopes.get(s.scopeId);
    const avg = STATES.map((k) => roundTo(periodMean(series?.get(k), snap.from, snap.to).mean, 1));
    if (avg.some((v) => !Number.isFinite(v))) continue;
    const [rented, internal, idle, failed] = avg as [number, number, number, number];
    out.push({
      siteId: s.siteId,
      name: s.name,
      rented,
      internal,
      idle,
      failed,
      total: roundTo(rented + internal + idle + failed, 1),
    });
  }
  return out;
}

/** The comparison as CSV: one row per site, average GPUs per state and their shares, with the window. */
export function siteMixCsv(rows: readonly SiteMixRow[], from: number, to: number): string {
  const header = [
    'site',
    'from (ISO 8601 UTC)',
    'to (ISO 8601 UTC)',
    ...STATES.map((k) => `${k} avg (GPUs)`),
    'total avg (GPUs)',
    ...STATES.map((k) => `${k} share (%)`),
  ];
  return csvTable(
    header,
    rows.map((r) => {
      const sh = gpuStateShares(r);
      return [
        r.siteId,
        formatInstant(from),
        formatInstant(to),
        ...STATES.map((k) => r[k]),
        r.total,
        ...STATES.map((k) => roundTo(sh[k] * 100, 2)),
      ];
    }),
  );
}
