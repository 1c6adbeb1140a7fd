import type { FleetConfig } from '@gigawatt/shared';
import { type RecordingMetadata, restrictFleet } from '@gigawatt/shared/recording';

export type RecordingFleet =
  | { fleet: FleetConfig; from: 'recording' | 'server' }
  | { fleet: undefined; reason: string };

/**
 * The fleet to render a recording with. The file's own (metadata.fleet) comes first: it is the fleet as
 * it was when recorded, and a file dropped on the page needs no server to ask. Older files carry none;
 * then a server's fleet, cut to the recorded sites, if it knows all of them.
 */
export function fleetOfRecording(
  metadata: RecordingMetadata | undefined,
  serverFleet?: FleetConfig,
): RecordingFleet {
  if (metadata?.fleet) return { fleet: metadata.fleet, from: 'recording' };
  if (!serverFleet) {
    return {
      fleet: undefined,
      reason: metadata
        ? 'this recording was made before recordings carried their fleet; open it from the server that made it'
        : 'this MCAP file has no Gigawatt metadata (no fleet to render it with)',
    };
  }
  if (!metadata) return { fleet: serverFleet, from: 'server' };
  const known = new Set(serverFleet.sites.map((s) => s.id));
  const unknown = metadata.sites.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    return {
      fleet: undefined,
      reason: `this recording covers sites the server does not know (${unknown.join(', ')}) and carries no fleet of its own`,
    };
  }
  return { fleet: restrictFleet(serverFleet, metadata.sites), from: 'server' };
}
