import type { HallConfig, SiteConfig } from '@gigawatt/shared';

/** Fixed decimals, without a trailing ".0" (so a 290 MW cap reads "290", not "290.0"). */
export function trimmed(v: number, decimals: number): string {
  return String(Number(v.toFixed(decimals)));
}

/** Alert values carry the precision of their titles, not float noise. */
export function rounded(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** Rounded down (a cap is a limit: 95.99 % is not yet 96 %), forgiving float noise such as 95.9999999. */
const wholePct = (pct: number) => Math.floor(pct + 1e-9);

const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** "45 s", "12 min", "3 h": coarse on purpose, a wall display is read from across a room. */
export function durationText(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 120 * 60) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}

/** One readable line per alert, with units and the site's display name. */
export const alertTitles = {
  powerCap: (site: SiteConfig, facilityMw: number, pct: number) =>
    `${site.name} facility power at ${wholePct(pct)} % of cap (${facilityMw.toFixed(1)} of ${trimmed(site.powerCapMw, 1)} MW)`,

  pueHigh: (site: SiteConfig, pue: number) =>
    `${site.name} PUE ${pue.toFixed(3)}, above the ${site.pueDesign.min.toFixed(2)}–${site.pueDesign.max.toFixed(2)} design band`,

  utilDrop: (where: string, fromPct: number, toPct: number) =>
    `${where} GPU utilization fell from ${Math.round(fromPct)} % to ${Math.round(toPct)} %`,

  rackInletHigh: (
    site: SiteConfig,
    hall: HallConfig,
    count: number,
    raiseAtC: number,
    rack: number,
    tempC: number,
  ) =>
    `${site.name} ${hall.name}: ${count === 0 ? 'no rack' : count === 1 ? '1 rack' : `${int(count)} racks`} ` +
    `above ${trimmed(raiseAtC, 1)} °C (rack ${rack + 1} at ${tempC.toFixed(1)} °C)`,

  failedGpus: (site: SiteConfig, failed: number, raiseAt: number) =>
    `${site.name}: ${int(failed)} failed GPUs awaiting repair (alert at ${int(raiseAt)})`,

  feedStale: (site: SiteConfig, ageS: number, everSeen: boolean) =>
    everSeen
      ? `${site.name} feed stale: no sample for ${durationText(ageS)}`
      : `${site.name} feed stale: no sample since the server started ${durationText(ageS)} ago`,
};
