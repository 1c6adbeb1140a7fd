import type { Alert } from '@gigawatt/shared';
import { siteHref } from '../router/parseRoute.ts';

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

/** Where an alert's link goes: its site (and hall); the recordings for the recorder; else the fleet. */
export function alertHref(alert: Alert): string {
  const { site, hall } = alert.scope;
  if (site !== undefined) return siteHref(site, hall ?? null);
  return alert.rule === 'recorder-failed' ? '/replay' : '/';
}
