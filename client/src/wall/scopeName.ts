import type { FleetIndex } from '@gigawatt/shared';

/** "Ohio + Texas": what a subset of sites is called on screen (the fleet's name for all of them). */
export function scopeName(index: FleetIndex, siteIds: readonly string[]): string {
  if (siteIds.length === index.fleet.sites.length) return 'Fleet';
  return siteIds.map((id) => index.site(id)?.name ?? id).join(' + ');
}
