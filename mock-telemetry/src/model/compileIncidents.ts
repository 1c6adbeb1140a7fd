import { describeZodError } from '@gigawatt/shared';
import type { SiteModel } from './buildFleetModel.ts';
import { type Incident, incidentSchema } from './incidentSchema.ts';
import {
  COOLING_RECOVERY_S,
  COOLING_THROTTLE_RELEASE_S,
  RESTART_RAMP_UP_S,
  SURGE_RAMP_S,
} from './modelConstants.ts';

/** An incident in whole seconds: the fault lasts [startS, endS); its after-effects end at untilS. */
export interface IncidentSpan {
  startS: number;
  endS: number;
  untilS: number;
}

export interface SurgeSpan extends IncidentSpan {
  pctOfCap: number;
}

/** The incidents of one site, indexed for the per-second lookups of the model. */
export interface SiteIncidents {
  /** By hall index (fleet-config order); empty lists for untouched halls. */
  cooling: IncidentSpan[][];
  crashes: IncidentSpan[][];
  surges: SurgeSpan[];
}

/** By site index; undefined for a site without incidents. */
export type CompiledIncidents = readonly (SiteIncidents | undefined)[];

const TAIL_S: Record<Incident['kind'], number> = {
  coolingFailure: Math.max(COOLING_RECOVERY_S, COOLING_THROTTLE_RELEASE_S),
  jobCrash: RESTART_RAMP_UP_S,
  powerSurge: SURGE_RAMP_S,
};

function spanOf(i: Incident): IncidentSpan {
  const startS = Math.floor(i.start / 1000);
  const endS = startS + Math.ceil(i.durationMs / 1000);
  return { startS, endS, untilS: endS + TAIL_S[i.kind] };
}

/**
 * Validates incidents (shape with zod, then sites and halls against the fleet) and indexes them.
 * Every problem is reported with the incident's position, e.g.
 * `incident 2 (jobCrash): unknown hall "h99" at site "texas" (texas has h1, …, h12)`.
 */
export function compileIncidents(
  incidents: readonly unknown[],
  sites: readonly SiteModel[],
): CompiledIncidents {
  const out: (SiteIncidents | undefined)[] = sites.map(() => undefined);
  incidents.forEach((raw, n) => {
    const kind =
      typeof raw === 'object' && raw !== null && 'kind' in raw && typeof raw.kind === 'string'
        ? ` (${raw.kind})`
        : '';
    const where = `incident ${n + 1}${kind}`;
    const parsed = incidentSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${where}: ${describeZodError(parsed.error)}`);
    const incident = parsed.data;
    const site = sites.find((s) => s.config.id === incident.site);
    if (!site) {
      const known = sites.map((s) => s.config.id).join(', ');
      throw new Error(`${where}: unknown site "${incident.site}" (known: ${known})`);
    }
    let entry = out[site.index];
    if (!entry) {
      entry = { cooling: site.halls.map(() => []), crashes: site.halls.map(() => []), surges: [] };
      out[site.index] = entry;
    }
    const span = spanOf(incident);
    if (incident.kind === 'powerSurge') {
      entry.surges.push({ ...span, pctOfCap: incident.pctOfCap });
      return;
    }
    const hall = site.hallById.get(incident.hall);
    if (!hall) {
      const known = site.halls.map((h) => h.hallId).join(', ');
      throw new Error(
        `${where}: unknown hall "${incident.hall}" at site "${site.config.id}" (${site.config.id} has ${known})`,
      );
    }
    if (incident.kind === 'jobCrash') {
      if (hall.trainShare === 0) {
        throw new Error(
          `${where}: hall "${site.config.id}/${hall.hallId}" runs no training job (its workload is ${hall.workload})`,
        );
      }
      entry.crashes[hall.hallIndex]!.push(span);
    } else {
      entry.cooling[hall.hallIndex]!.push(span);
    }
  });
  return out;
}
