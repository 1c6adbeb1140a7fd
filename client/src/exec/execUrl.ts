import { parseInstant } from '@gigawatt/shared';

/**
 * The executive view's state lives in its URL (DESIGN.md "Client routes"), so a copied link reproduces
 * the view: `/exec?range=24h&sites=ohio,texas&figures=revenue,util` or a fixed window with
 * `from=`/`to=` in RFC 3339.
 */
export const RANGE_PRESETS = ['1h', '24h', '7d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_MS: Record<RangePreset, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

export const DEFAULT_PRESET: RangePreset = '24h';
/** The server answers at most 31 days per history request. */
export const MAX_CUSTOM_MS = 31 * 86_400_000;
export const MIN_CUSTOM_MS = 60_000;

/** Headline figures that can be shown or hidden (`figures=`); all are shown by default. */
export const FIGURE_IDS = ['revenue', 'util', 'gpus', 'idle', 'power', 'pue'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export type ExecRange =
  | { kind: 'preset'; preset: RangePreset }
  | { kind: 'custom'; from: number; to: number };

export interface ExecUrlState {
  range: ExecRange;
  /** Selected site ids in fleet order; null = every site. */
  sites: string[] | null;
  /** Figures shown in catalogue order; null = all. */
  figures: FigureId[] | null;
  /**
   * The headline mean window as written (`avg=1m`, `avg=0`), carried through range and selection changes;
   * averageWindow.ts reads it and says what it does not understand.
   */
  avg?: string | undefined;
}

export interface ParsedExecUrl {
  state: ExecUrlState;
  /** What in the URL was ignored and why, shown to the user. */
  problems: string[];
}

/** RFC 3339 in UTC, without milliseconds when they are zero: "2026-11-23T14:05:00Z". */
export function formatInstant(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function list(raw: string | null): string[] {
  if (raw === null) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Parses the query string. `knownSites` (fleet order) validates `sites=` once the fleet is known;
 * without it the ids are kept as given.
 */
export function parseExecUrl(search: string, knownSites?: readonly string[]): ParsedExecUrl {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  let range: ExecRange = { kind: 'preset', preset: DEFAULT_PRESET };

  const fromRaw = q.get('from');
  const toRaw = q.get('to');
  const preset = q.get('range');
  if (fromRaw !== null || toRaw !== null) {
    const from = fromRaw === null ? undefined : parseInstant(fromRaw);
    const to = toRaw === null ? undefined : parseInstant(toRaw);
    if (from === undefined || to === undefined) {
      problems.push('from and to must both be RFC 3339 times (or ms since epoch); showing the last 24 h');
    } else if (to - from < MIN_CUSTOM_MS) {
      problems.push('from must be at least a minute before to; showing the last 24 h');
    } else if (to - from > MAX_CUSTOM_MS) {
      problems.push('a custom range can span at most 31 days; showing the last 24 h');
    } else range = { kind: 'custom', from, to };
  } else if (preset !== null) {
    if ((RANGE_PRESETS as readonly string[]).includes(preset))
      range = { kind: 'preset', preset: preset as RangePreset };
    else problems.push(`unknown range "${preset}" (use 1h, 24h or 7d); showing the last 24 h`);
  }

  let sites: string[] | null = null;
  const siteIds = [...new Set(list(q.get('sites')))];
  if (siteIds.length > 0) {
    if (knownSites) {
      const unknown = siteIds.filter((s) => !knownSites.includes(s));
      if (unknown.length > 0)
        problems.push(`unknown site${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored`);
      const kept = knownSites.filter((s) => siteIds.includes(s));
      sites = kept.length > 0 && kept.length < knownSites.length ? kept : null;
    } else sites = siteIds;
  }

  let figures: FigureId[] | null = null;
  const figureIds = list(q.get('figures'));
  if (figureIds.length > 0) {
    const unknown = figureIds.filter((f) => !(FIGURE_IDS as readonly string[]).includes(f));
    if (unknown.length > 0)
      problems.push(`unknown figure${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored`);
    const kept = FIGURE_IDS.filter((f) => figureIds.includes(f));
    figures = kept.length > 0 && kept.length < FIGURE_IDS.length ? kept : null;
  }
  const avg = q.get('avg') ?? undefined;
  return { state: { range, sites, figures, ...(avg === undefined ? {} : { avg }) }, problems };
}

/** The canonical `/exec?…` URL of a state (the range always spelled out, defaults for the rest left out). */
export function formatExecUrl(state: ExecUrlState): string {
  const q = new URLSearchParams();
  if (state.range.kind === 'preset') q.set('range', state.range.preset);
  else {
    q.set('from', formatInstant(state.range.from));
    q.set('to', formatInstant(state.range.to));
  }
  if (state.sites && state.sites.length > 0) q.set('sites', state.sites.join(','));
  if (state.figures && state.figures.length > 0) q.set('figures', state.figures.join(','));
  if (state.avg !== undefined) q.set('avg', state.avg);
  // Commas and colons read better unescaped and are legal in a query string.
  return `/exec?${q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':')}`;
}

/** The window a range covers at server time `now`, and whether it follows live data. */
export function resolveRange(range: ExecRange, now: number): { from: number; to: number; live: boolean } {
  if (range.kind === 'custom') return { from: range.from, to: range.to, live: false };
  return { from: now - PRESET_MS[range.preset], to: now, live: true };
}

/** "24 h", "7 d", or a custom window's length. */
export function rangeLabel(range: ExecRange): string {
  if (range.kind === 'preset') return range.preset.replace(/(\d+)/, '$1 ');
  return durationLabel(range.to - range.from);
}

export function durationLabel(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 120) return `${min} min`;
  const h = Math.round(ms / 3_600_000);
  if (h < 72) return `${h} h`;
  const d = ms / 86_400_000;
  return `${Number.isInteger(Math.round(d * 10) / 10) ? Math.round(d) : (Math.round(d * 10) / 10).toFixed(1)} d`;
}
