import { csvColumnsAt, csvTable, type HistoryResponse, roundForCsv } from '@gigawatt/shared';
import { siteSeries } from '../store/seriesCatalog.ts';

const COLUMNS = csvColumnsAt('site');

/** The series a window export asks the source for. */
export function windowSeries(sites: readonly string[]): string[] {
  return sites.flatMap((s) => COLUMNS.map((c) => siteSeries(s, c.def.id)));
}

/**
 * A window of a local file as CSV, built in the page from the source's history (no server has the
 * file): one row per site per second, shaped like the server's export so both read the same.
 */
export function windowCsv(sites: readonly string[], response: HistoryResponse): string {
  const byId = new Map(response.series.map((s) => [s.id, s]));
  const header = ['time', 'site', ...COLUMNS.map((c) => c.header)];
  const rows: (string | number)[][] = [];
  for (const site of sites) {
    const cols = COLUMNS.map((c) => byId.get(siteSeries(site, c.def.id)));
    const times = new Set<number>();
    for (const c of cols) for (const t of c?.t ?? []) times.add(t);
    const lookups = cols.map((c) => new Map(c ? c.t.map((t, i) => [t, c.mean[i] ?? Number.NaN]) : []));
    for (const t of [...times].sort((a, b) => a - b)) {
      rows.push([
        new Date(t).toISOString(),
        site,
        ...lookups.map((l, k) => roundForCsv(l.get(t) ?? Number.NaN, COLUMNS[k]!.digits)),
      ]);
    }
  }
  rows.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
  return csvTable(header, rows);
}
