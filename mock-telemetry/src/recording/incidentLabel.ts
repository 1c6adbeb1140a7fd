import type { FleetConfig } from '@gigawatt/shared';
import type { Incident } from '../model/incidentSchema.ts';

/** How an incident reads on the scrubber: "Cooling failure in Ohio Hall 11". */
export function incidentLabel(incident: Incident, fleet: FleetConfig): string {
  const site = fleet.sites.find((s) => s.id === incident.site);
  const siteName = site?.name ?? incident.site;
  if (incident.kind === 'powerSurge') return `Power surge at ${siteName} (${incident.pctOfCap} % of cap)`;
  const hallName = site?.halls.find((h) => h.id === incident.hall)?.name ?? incident.hall;
  const what = incident.kind === 'coolingFailure' ? 'Cooling failure' : 'Training job crash';
  return `${what} in ${siteName} ${hallName}`;
}
