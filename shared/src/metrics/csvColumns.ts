import { type MetricDef, type MetricRack, metricsAt } from './metricRegistry.ts';

/** A metric column of the site and hall CSV exports, as the registry describes it. */
export interface CsvMetricColumn {
  def: MetricDef;
  header: string;
  /** Decimals printed; undefined prints the value as it is (counts). */
  digits: number | undefined;
}

/**
 * The registry's CSV columns of a level in their published order: the one list the server's export.csv
 * and the client's window export (a local file, no server) both write, so the two read the same.
 */
export function csvColumnsAt(level: 'site' | 'hall'): CsvMetricColumn[] {
  return metricsAt(level)
    .flatMap((def) =>
      def.csv ? [{ def, header: def.csv.header, digits: def.csv.digits, column: def.csv.column }] : [],
    )
    .sort((a, b) => a.column - b.column)
    .map(({ def, header, digits }) => ({ def, header, digits }));
}

/** Rack-level columns (the RackBlock's), in registry order. */
export const RACK_CSV_COLUMNS: readonly MetricRack[] = metricsAt('rack').flatMap((def) =>
  def.rack ? [def.rack] : [],
);

export const CSV_HEADERS = Object.freeze({
  site: ['time', 'site', ...csvColumnsAt('site').map((c) => c.header)].join(','),
  hall: ['time', 'site', 'hall', ...csvColumnsAt('hall').map((c) => c.header)].join(','),
  rack: ['time', 'site', 'hall', 'rack', ...RACK_CSV_COLUMNS.map((r) => r.csvHeader)].join(','),
});

/** A value as an export prints it: rounded to the column's digits; not finite stays as it is (a gap). */
export const roundForCsv = (v: number, digits: number | undefined): number =>
  digits === undefined || !Number.isFinite(v) ? v : Number(v.toFixed(digits));
