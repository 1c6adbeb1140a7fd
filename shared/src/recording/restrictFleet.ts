import type { FleetConfig } from '../fleetSchema.ts';

/**
 * The part of a fleet a recording covers: the given sites (in fleet order) and only the GPU models their
 * halls use, so a recording carries what it needs to render and nothing about sites it never saw.
 */
export function restrictFleet(fleet: FleetConfig, sites: readonly string[]): FleetConfig {
  const wanted = new Set(sites);
  const kept = fleet.sites.filter((s) => wanted.has(s.id));
  const models = new Set(kept.flatMap((s) => s.halls.map((h) => h.gpuModel)));
  return { ...fleet, gpuModels: fleet.gpuModels.filter((m) => models.has(m.id)), sites: kept };
}
