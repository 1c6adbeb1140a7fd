import type { HallConfig, SiteConfig } from '../fleetSchema.ts';

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

/**
 * One readable line per alert, with units and the site's display name. Each says the value at the raise
 * and, once it got worse, the worst value reached (never the latest: the log keeps these titles, and a
 * recovery must not rewrite what happened).
 */
export const alertTitles = {
  /** `pct` and `facilityMw` are the worst (peak) reading; `triggerPct` the one at the raise. */
  powerCap: (site: SiteConfig, facilityMw: number, pct: number, triggerPct = pct) =>
    `${site.name} facility power at ${wholePct(triggerPct)} % of cap` +
    `${wholePct(pct) > wholePct(triggerPct) ? `, peak ${wholePct(pct)} %` : ''}` +
    ` (${facilityMw.toFixed(1)} of ${trimmed(site.powerCapMw, 1)} MW)`,

  pueHigh: (site: SiteConfig, pue: number, triggerPue = pue) =>
    `${site.name} PUE ${triggerPue.toFixed(3)}${pue.toFixed(3) !== triggerPue.toFixed(3) ? ` (peak ${pue.toFixed(3)})` : ''}, ` +
    `above the ${site.pueDesign.min.toFixed(2)}–${site.pueDesign.max.toFixed(2)} design band`,

  /** From the pre-drop level to where it was at the raise, and the lowest it reached if lower. */
  utilDrop: (where: string, fromPct: number, toPct: number, lowestPct = toPct) =>
    `${where} GPU utilization fell from ${Math.round(fromPct)} % to ${Math.round(toPct)} %` +
    `${Math.round(lowestPct) < Math.round(toPct) ? `, lowest ${Math.round(lowestPct)} %` : ''}`,

  rackInletHigh: (
    site: SiteConfig,
    hall: HallConfig,
    count: number,
    raiseAtC: number,
    rack: number,
    tempC: number,
    triggerC = tempC,
  ) =>
    `${site.name} ${hall.name}: ${count === 0 ? 'no rack' : count === 1 ? '1 rack' : `${int(count)} racks`} ` +
    `above ${trimmed(raiseAtC, 1)} °C (rack ${rack + 1} at ${tempC.toFixed(1)} °C` +
    `${tempC.toFixed(1) !== triggerC.toFixed(1) ? `; ${triggerC.toFixed(1)} °C when raised` : ''})`,

  /** `supplyC` is the worst (warmest) reading, `triggerC` the one at the raise. */
  coolantSupplyHigh: (
    site: SiteConfig,
    hall: HallConfig,
    supplyC: number,
    raiseAtC: number,
    triggerC = supplyC,
  ) =>
    `${site.name} ${hall.name}: coolant supply ${supplyC.toFixed(1)} °C (alert at ${trimmed(raiseAtC, 1)} °C` +
    `${supplyC.toFixed(1) !== triggerC.toFixed(1) ? `; ${triggerC.toFixed(1)} °C when raised` : ''})`,

  /** The worst reading's flow (in % of the hall's design flow) and ΔT; the flow at the raise if it differs. */
  coolantFlowLow: (
    site: SiteConfig,
    hall: HallConfig,
    flowPct: number,
    deltaC: number,
    triggerFlowPct = flowPct,
  ) =>
    `${site.name} ${hall.name}: coolant flow ${Math.round(flowPct)} % of design, ΔT ${deltaC.toFixed(1)} °C` +
    `${Math.round(flowPct) !== Math.round(triggerFlowPct) ? ` (${Math.round(triggerFlowPct)} % when raised)` : ''}`,

  failedGpus: (site: SiteConfig, failed: number, raiseAt: number, triggerFailed = failed) =>
    `${site.name}: ${int(triggerFailed)} failed GPUs awaiting repair` +
    `${failed > triggerFailed ? `, peak ${int(failed)}` : ''} (alert at ${int(raiseAt)})`,

  feedStale: (site: SiteConfig, ageS: number, everSeen: boolean) =>
    everSeen
      ? `${site.name} feed stale: no sample for ${durationText(ageS)}`
      : `${site.name} feed stale: no sample since the server started ${durationText(ageS)} ago`,
};
