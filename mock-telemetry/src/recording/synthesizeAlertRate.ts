import {
  type AlertRule,
  createAlertEngine,
  defaultAlertRules,
  defaultFleet,
  type FleetConfig,
  type HallRef,
  indexFleet,
  type Severity,
} from '@gigawatt/shared';
import { createSimulator } from '../model/createSimulator.ts';
import { DEFAULT_SEED } from '../model/defaultSeed.ts';
import type { Incident } from '../model/incidentSchema.ts';

export interface AlertRateOptions {
  from: number;
  durationMs: number;
  seed?: number;
  fleet?: FleetConfig;
  rules?: readonly AlertRule[];
  incidents?: readonly Incident[];
  /** Sites fed (default: the whole fleet). */
  sites?: readonly string[];
  /** Halls whose rack blocks are fed too (the rack inlet rule); default none. */
  rackHalls?: readonly HallRef[];
}

export interface AlertRate {
  hours: number;
  /** New alerts by their severity at the raise. */
  raised: Record<Severity, number>;
  /** Alerts whose condition outlasted their rule's escalate.afterS. */
  escalated: number;
  /** Alerts that were warning or critical at some point: each is a "Not acknowledged" row on the wall. */
  wall: number;
  /** Share of the time (0–1) the wall showed at least one warning or critical. */
  wallLoudShare: number;
  /** Rule ids of the alerts counted in `wall`. */
  wallRules: string[];
  /** The same counts per hour. */
  perHour: { raised: Record<Severity, number>; wall: number };
}

const loud = (s: Severity) => s !== 'info';

/**
 * Runs the alert rules over synthesized site and hall data (as the live server would receive it) and
 * counts what they raise: the measure of alert fatigue (bench section `alerts`, and a test that holds a
 * normal day's rate in a band). Rack-level rules are not fed: a normal day at hall level is what the
 * always-on wall sees most of the time, and the rack simulator would multiply the cost by ~100.
 */
export function synthesizeAlertRate(options: AlertRateOptions): AlertRate {
  const fleet = options.fleet ?? defaultFleet;
  const sim = createSimulator({
    seed: options.seed ?? DEFAULT_SEED,
    fleet,
    incidents: [...(options.incidents ?? [])],
  });
  const rules = (options.rules ?? defaultAlertRules).filter((r) => r.kind !== 'feedStale');
  const engine = createAlertEngine({ rules, idx: indexFleet(fleet) });
  const raised: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const everLoud = new Set<string>();
  const openLoud = new Set<string>();
  const wallRules = new Set<string>();
  let escalated = 0;
  let loudSeconds = 0;
  const seconds = Math.floor(options.durationMs / 1000);
  const from = Math.floor(options.from / 1000) * 1000;
  const racks = options.rackHalls ?? [];
  const sites = fleet.sites.filter((s) => !options.sites || options.sites.includes(s.id));
  for (let i = 0; i < seconds; i++) {
    const t = from + i * 1000;
    for (const site of sites) {
      const events = engine.onSample(sim.sampleSite(site.id, t), t);
      for (const r of racks)
        if (r.site === site.id) events.push(...engine.onRacks(sim.racks(r.site, r.hall, t), t));
      for (const e of events) {
        const a = e.alert;
        if (e.kind === 'raised') raised[a.severity]++;
        if (e.kind === 'updated' && a.escalatedAt === t) escalated++;
        if (e.kind === 'cleared') openLoud.delete(a.id);
        else if (loud(a.severity)) {
          everLoud.add(a.id);
          openLoud.add(a.id);
          wallRules.add(a.rule);
        }
      }
    }
    if (openLoud.size > 0) loudSeconds++;
  }
  const hours = seconds / 3600;
  const per = (n: number) => (hours > 0 ? n / hours : 0);
  return {
    hours,
    raised,
    escalated,
    wall: everLoud.size,
    wallRules: [...wallRules].sort(),
    wallLoudShare: seconds > 0 ? loudSeconds / seconds : 0,
    perHour: {
      raised: { critical: per(raised.critical), warning: per(raised.warning), info: per(raised.info) },
      wall: per(everLoud.size),
    },
  };
}
