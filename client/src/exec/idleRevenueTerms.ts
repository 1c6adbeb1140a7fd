import { type FleetConfig, formatSeriesId } from '@gigawatt/shared';

export interface PricedSeries {
  seriesId: string;
  /** $ per GPU-hour applied to the series' GPU count (may be negative: a correction term). */
  pricePerGpuHourUsd: number;
}

/**
 * What a site's idle GPUs would earn, as a linear combination of history series:
 * site idle GPUs × the price most of its halls share, plus a correction per hall whose model is priced
 * differently. Exact for bucket means (a mean of a sum is the sum of means), and it needs hall series
 * only for the odd-priced halls (Ohio's three H100 halls), not for all forty-odd halls.
 */
export function idleRevenueTerms(fleet: FleetConfig, siteId: string): PricedSeries[] {
  const site = fleet.sites.find((s) => s.id === siteId);
  if (!site) return [];
  const price = new Map(fleet.gpuModels.map((m) => [m.id, m.pricePerGpuHourUsd]));
  const hallPrice = (model: string) => price.get(model) ?? 0;
  const halls = new Map<number, number>();
  for (const h of site.halls) halls.set(hallPrice(h.gpuModel), (halls.get(hallPrice(h.gpuModel)) ?? 0) + 1);
  let base = 0;
  let most = -1;
  for (const [p, n] of halls) {
    if (n > most) {
      most = n;
      base = p;
    }
  }
  const terms: PricedSeries[] = [
    {
      seriesId: formatSeriesId({ level: 'site', site: siteId, metric: 'gpusIdle' }),
      pricePerGpuHourUsd: base,
    },
  ];
  for (const h of site.halls) {
    const p = hallPrice(h.gpuModel);
    if (p === base) continue;
    terms.push({
      seriesId: formatSeriesId({ level: 'hall', site: siteId, hall: h.id, metric: 'gpusIdle' }),
      pricePerGpuHourUsd: p - base,
    });
  }
  return terms;
}
