import type { FleetConfig } from '@gigawatt/shared';
import { type RecordingInfo, type RecordingMetadata, restrictFleet } from '@gigawatt/shared/recording';

/**
 * The metadata record a recording's file carries, from its sidecar (the name is metadata, never a path),
 * with the fleet config of the recorded sites so the file renders without this server.
 */
export function metadataOf(info: RecordingInfo, fleet: FleetConfig, source: string): RecordingMetadata {
  const { sites, halls } = info.scope;
  const known = new Set(fleet.sites.map((s) => s.id));
  const recorded = sites ?? (halls ? [...new Set(halls.map((h) => h.site))] : fleet.sites.map((s) => s.id));
  // A recording from before a fleet change may name sites this fleet no longer has: then the file
  // carries no fleet rather than a wrong one.
  const complete = recorded.every((s) => known.has(s));
  return {
    name: info.name,
    level: info.level,
    sites: recorded,
    ...(halls ? { halls } : {}),
    created: info.created,
    source,
    ...(complete ? { fleet: restrictFleet(fleet, recorded) } : {}),
  };
}
