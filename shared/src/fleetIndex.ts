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
  const halls = new Map<string, HallConfig>();
  for (const s of fleet.sites) for (const h of s.halls) halls.set(`${s.id}/${h.id}`, h);
  const models = new Map(fleet.gpuModels.map((m) => [m.id, m]));
  return {
    fleet,
    site: (id) => sites.get(id),
    hall: (siteId, hallId) => halls.get(`${siteId}/${hallId}`),
    model: (id) => models.get(id),
    hallPrice(siteId, hallId) {
      const h = halls.get(`${siteId}/${hallId}`);
      return h ? (models.get(h.gpuModel)?.pricePerGpuHourUsd ?? 0) : 0;
    },
    totalCapMw: fleet.sites.reduce((a, s) => a + s.powerCapMw, 0),
  };
}

export function hallGpuCount(fleet: FleetConfig, hall: HallConfig): number {
  const model = fleet.gpuModels.find((m) => m.id === hall.gpuModel);
  return model ? model.gpusPerRack * hall.racks : 0;
}
