import type { FleetConfig } from '@gigawatt/shared';
import type { CaptureRequest, RecordingScope } from '@gigawatt/shared/recording';
import { RecorderError } from './recorderError.ts';

/**
 * The scope of a (schema-checked) capture request, checked against the fleet, sites deduplicated.
 * Throws RecorderError 'invalid' for a site or hall the fleet does not have.
 */
export function captureScopeOf(request: CaptureRequest, fleet: FleetConfig): RecordingScope {
  const { sites, halls } = request;
  for (const s of sites ?? []) {
    if (!fleet.sites.some((f) => f.id === s)) throw new RecorderError('invalid', `unknown site "${s}"`);
  }
  for (const h of halls ?? []) {
    const site = fleet.sites.find((f) => f.id === h.site);
    if (!site?.halls.some((x) => x.id === h.hall)) {
      throw new RecorderError('invalid', `unknown hall "${h.site}/${h.hall}"`);
    }
  }
  return {
    ...(sites ? { sites: [...new Set(sites)] } : {}),
    ...(halls ? { halls } : {}),
  };
}
