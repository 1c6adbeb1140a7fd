import type { FleetIndex, SiteSample } from '@gigawatt/shared';

/** Max clock skew tolerated for a producer's `t` ahead of the server clock. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Cross-checks a schema-valid sample against the fleet config: the site and halls must exist and the
 * site totals must agree with its halls, so one bad producer cannot corrupt fleet roll-ups.
 */
export function checkSampleAgainstFleet(s: SiteSample, idx: FleetIndex, now: number): string | null {
  const site = idx.site(s.site);
  if (!site) return `unknown site "${s.site}"`;
  if (s.t > now + MAX_FUTURE_SKEW_MS) return `t is ${Math.round((s.t - now) / 1000)} s in the future`;
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
