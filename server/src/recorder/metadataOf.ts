import type { RecordingInfo, RecordingMetadata } from '@gigawatt/shared/recording';

/** The metadata record a recording's file carries, from its sidecar (the name is metadata, never a path). */
export function metadataOf(
  info: RecordingInfo,
  fleetSites: readonly string[],
  source: string,
): RecordingMetadata {
  const { sites, halls } = info.scope;
  return {
    name: info.name,
    level: info.level,
    sites: sites ?? (halls ? [...new Set(halls.map((h) => h.site))] : [...fleetSites]),
    ...(halls ? { halls } : {}),
    created: info.created,
    source,
  };
}
