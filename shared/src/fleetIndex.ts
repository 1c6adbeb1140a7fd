import type { FleetConfig, GpuModel, HallConfig, SiteConfig } from './fleetSchema.ts';

/** Lookups over a validated fleet config; built once, used on every sample. */
export interface FleetIndex {
  fleet: FleetConfig;
  site(id: string): SiteConfig | undefined;
  hall(siteId: string, hallId: string): HallConfig | undefined;
  model(id: string): GpuModel | undefined;
  /** Price per GPU-hour of the model installed in a hall (0 for an unknown hall). */
  hallPrice(siteId: string, hallId: string): number;
  totalCapMw: number;
}

export function indexFleet(fleet: FleetConfig): FleetIndex {
  const sites = new Map(fleet.sites.map((s) => [s.id, s]));
  const models = new Map(fleet.gpuModels.map((m) => [m.id, m]));
  // By site, then hall: asked for every hall of every tick, so no key string is built per lookup.
  const halls = new Map<string, Map<string, HallConfig>>();
  const prices = new Map<string, Map<string, number>>();
  for (const s of fleet.sites) {
    halls.set(s.id, new Map(s.halls.map((h) => [h.id, h])));
    prices.set(s.id, new Map(s.halls.map((h) => [h.id, models.get(h.gpuModel)?.pricePerGpuHourUsd ?? 0])));
  }
  return {
    fleet,
    site: (id) => sites.get(id),
    hall: (siteId, hallId) => halls.get(siteId)?.get(hallId),
    model: (id) => models.get(id),
    hallPrice: (siteId, hallId) => prices.get(siteId)?.get(hallId) ?? 0,
    totalCapMw: fleet.sites.reduce((a, s) => a + s.powerCapMw, 0),
  };
}

export function hallGpuCount(fleet: FleetConfig, hall: HallConfig): number {
  const model = fleet.gpuModels.find((m) => m.id === hall.gpuModel);
  return model ? model.gpusPerRack * hall.racks : 0;
}
