import type { FleetConfig } from '@gigawatt/shared';
import { parseDuration } from '@gigawatt/shared';
import { formatDuration } from '../format/format.ts';
import { parseAverageWindow } from '../store/averageWindow.ts';

export type WallTheme = 'dark' | 'light' | 'contrast';
export const WALL_THEMES: readonly WallTheme[] = ['dark', 'light', 'contrast'];

export interface WallOptions {
  /** Time on each page; null: no rotation. */
  rotateMs: number | null;
  /** A pinned page ('fleet' or a site id); null: rotate. */
  page: string | null;
  /** Only these sites (in the order given); null: every site of the fleet. */
  sites: string[] | null;
  theme: WallTheme;
  /** Headline figures are a rolling mean over this (`avg=1m`; 0: the newest second); charts stay raw. */
  avgMs: number;
  /** URL values that were not understood, said on screen (a kiosk has no other way to tell). */
  warnings: string[];
}

export const DEFAULT_ROTATE_MS = 30_000;
/** Faster than this nobody can read a page before it goes. */
export const MIN_ROTATE_MS = 2000;
export const MAX_ROTATE_MS = 3_600_000;
export const FLEET_PAGE = 'fleet';

/** Reads the wall's URL options: `rotate`, `page`, `sites`, `theme`, `avg`. */
export function parseWallOptions(search: string): WallOptions {
  const q = new URLSearchParams(search);
  const warnings: string[] = [];

  let rotateMs: number | null = DEFAULT_ROTATE_MS;
  const rotate = q.get('rotate');
  if (rotate !== null) {
    const r = rotate.trim().toLowerCase();
    if (r === 'off' || r === 'no' || r === 'false' || r === '0') rotateMs = null;
    else {
      const ms = parseDuration(r, { bareNumber: 'seconds' });
      if (ms === undefined) {
        warnings.push(`rotate=${rotate} is not a duration (try 30s or 1m); rotating every 30 s`);
      } else if (ms < MIN_ROTATE_MS || ms > MAX_ROTATE_MS) {
        rotateMs = Math.min(MAX_ROTATE_MS, Math.max(MIN_ROTATE_MS, ms));
        warnings.push(`rotate=${rotate} is out of range; rotating every ${formatDuration(rotateMs)}`);
      } else rotateMs = ms;
    }
  }

  const pageRaw = q.get('page')?.trim().toLowerCase();
  const page = pageRaw ? pageRaw : null;

  const sitesRaw = q.get('sites');
  let sites: string[] | null = null;
  if (sitesRaw !== null) {
    const ids = [
      ...new Set(
        sitesRaw
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    sites = ids.length > 0 ? ids : null;
  }

  const themeRaw = q.get('theme')?.trim().toLowerCase();
  let theme: WallTheme = 'dark';
  if (themeRaw) {
    if ((WALL_THEMES as readonly string[]).includes(themeRaw)) theme = themeRaw as WallTheme;
    else warnings.push(`theme=${q.get('theme')} is unknown (dark, light or contrast); using dark`);
  }
  const avg = parseAverageWindow(search);
  if (avg.warning) warnings.push(avg.warning);
  return { rotateMs, page, sites, theme, avgMs: avg.ms, warnings };
}

export interface WallPlan {
  /** Site ids shown, in order. */
  sites: string[];
  /** Pages in rotation order: 'fleet', then each site. */
  pages: string[];
  /** Index of the pinned page, or null when rotating. */
  pinned: number | null;
  warnings: string[];
}

/** Resolves the options against the fleet: which sites and pages exist, and what could not be found. */
export function planWall(options: WallOptions, fleet: FleetConfig): WallPlan {
  const known = new Set(fleet.sites.map((s) => s.id));
  const warnings = [...options.warnings];
  let sites = fleet.sites.map((s) => s.id);
  if (options.sites) {
    const unknown = options.sites.filter((id) => !known.has(id));
    if (unknown.length > 0) warnings.push(`sites: no site called ${unknown.join(', ')}`);
    const chosen = options.sites.filter((id) => known.has(id));
    if (chosen.length > 0) sites = chosen;
  }
  const pages = [FLEET_PAGE, ...sites];
  let pinned: number | null = null;
  if (options.page !== null) {
    const i = pages.indexOf(options.page);
    if (i >= 0) pinned = i;
    else if (known.has(options.page)) {
      // A pinned site outside ?sites= is still a clear request: show it.
      pages.push(options.page);
      pinned = pages.length - 1;
    } else warnings.push(`page=${options.page} is not fleet or a site id; rotating instead`);
  }
  return { sites, pages, pinned, warnings };
}
