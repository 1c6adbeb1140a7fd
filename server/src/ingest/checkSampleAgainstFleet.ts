import type { FleetIndex, SiteSample } from '@gigawatt/shared';

/**
 * Cross-checks a schema-valid sample against the fleet config: the site and halls must exist, the
 * site totals must agree with its halls and fit the site's capacity, and only liquid-cooled halls may
 * report a coolant loop, so one bad producer cannot corrupt fleet roll-ups. Time is the ingest policy's
 * business (ingestPolicy.ts), not this check's.
 */
export function checkSampleAgainstFleet(s: SiteSample, idx: FleetIndex): string | null {
  const site = idx.site(s.site);
  if (!site) return `unknown site "${s.site}"`;
  // Checked whatever halls the sample lists: an empty hall list must not lift the site's capacity.
  let siteCapacity = 0;
  for (const hc of site.halls) siteCapacity += (idx.model(hc.gpuModel)?.gpusPerRack ?? 0) * hc.racks;
  if (s.gpus.total > siteCapacity) return `site reports ${s.gpus.total} GPUs but has ${siteCapacity}`;
  if (s.itPowerMw > site.powerCapMw * 3)
    return `itPowerMw ${s.itPowerMw} is implausible for a ${site.powerCapMw} MW site`;
  const seen = new Set<string>();
  let gpus = 0;
  let rented = 0;
  let internal = 0;
  let idle = 0;
  let failed = 0;
  let it = 0;
  for (const h of s.halls) {
    const hc = idx.hall(s.site, h.hall);
    if (!hc) return `unknown hall "${h.hall}" at site "${s.site}"`;
    if (seen.has(h.hall)) return `hall "${h.hall}" appears twice`;
    seen.add(h.hall);
    const model = idx.model(hc.gpuModel);
    const capacity = (model?.gpusPerRack ?? 0) * hc.racks;
    if (h.gpus.total > capacity) return `hall "${h.hall}" reports ${h.gpus.total} GPUs but has ${capacity}`;
    // Its gauges, history and alerts would describe a loop the hall does not have.
    if (h.coolant && model?.cooling !== 'liquid')
      return `hall "${h.hall}" is air-cooled (${model?.name ?? hc.gpuModel}) but reports a coolant loop`;
    gpus += h.gpus.total;
    rented += h.gpus.rented;
    internal += h.gpus.internal;
    idle += h.gpus.idle;
    failed += h.gpus.failed;
    it += h.itPowerMw;
  }
  if (s.halls.length > 0) {
    const g = s.gpus;
    if (
      g.total !== gpus ||
      g.rented !== rented ||
      g.internal !== internal ||
      g.idle !== idle ||
      g.failed !== failed
    ) {
      return 'site gpus must equal the sum of its halls';
    }
    if (Math.abs(s.itPowerMw - it) > 0.01 + 0.005 * it)
      return 'site itPowerMw must equal the sum of its halls';
  }
  if (s.facilityPowerMw + 1e-9 < s.itPowerMw * 0.99)
    return 'facilityPowerMw cannot be below itPowerMw (PUE < 1)';
  if (s.facilityPowerMw > site.powerCapMw * 3)
    return `facilityPowerMw ${s.facilityPowerMw} is implausible for a ${site.powerCapMw} MW site`;
  return null;
}
