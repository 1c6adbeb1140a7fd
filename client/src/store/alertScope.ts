import type { Alert } from '@gigawatt/shared';
import { type RackColor, siteHref } from '../router/parseRoute.ts';

/** An alert without a site is about the system as a whole (the recorder failing), not one site. */
export const isFleetWide = (alert: Alert): boolean => alert.scope.site === undefined;

/**
 * Whether a page (or wall page) showing only these sites shows the alert: its site's alerts, and every
 * fleet-wide one, because a recorder that stopped matters whichever site is on screen.
 */
export function alertConcerns(alert: Alert, sites: ReadonlySet<string> | string): boolean {
  const site = alert.scope.site;
  if (site === undefined) return true;
  return typeof sites === 'string' ? site === sites : sites.has(site);
}

/**
 * A hall's coolant alert: raised per hall by the coolant rules (flow low against design, ΔT high,
 * supply warm). Rule ids are the operator's to choose in a rules file, so the title's wording
 * ("Ohio Hall 10: coolant flow 41 % of design, ΔT 22.4 °C") counts as much as the id.
 */
export const isCoolantAlert = (a: Alert): boolean =>
  a.scope.site !== undefined &&
  a.scope.hall !== undefined &&
  (/coolant/i.test(a.rule) || /\bcoolant\b/i.test(a.title));

/** A hall's rack inlet alert ("Ohio Hall 10: 4 racks above 32 °C"), by the same reasoning. */
const isInletAlert = (a: Alert): boolean => a.scope.hall !== undefined && /inlet/i.test(a.rule);

/** The rack heatmap colour that shows what an alert is about. */
const rackColorOf = (a: Alert): RackColor =>
  isCoolantAlert(a) ? 'coolant' : isInletAlert(a) ? 'temp' : 'power';

/**
 * Where an alert's link goes: its site (and hall, with the heatmap coloured by what went wrong); the
 * recordings for the recorder; else the fleet.
 */
export function alertHref(alert: Alert): string {
  const { site, hall } = alert.scope;
  if (site !== undefined)
    return siteHref(site, hall ?? null, hall === undefined ? 'power' : rackColorOf(alert));
  return alert.rule === 'recorder-failed' ? '/replay' : '/';
}
