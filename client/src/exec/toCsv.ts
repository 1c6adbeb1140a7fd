// Quoting and the formula guard live in the shared writer (@gigawatt/shared csv.ts), one for every export.
import { csvTable } from '@gigawatt/shared';

/** One numeric column of a chart's data, with the unit that goes into its header. */
export interface CsvColumn {
  name: string;
  unit: string;
  values: readonly number[];
}

/** "name (unit)", or the bare name for a unitless figure such as PUE. */
export function headerName(name: string, unit: string): string {
  return unit ? `${name} (${unit})` : name;
}

/**
 * A time series table: ISO 8601 UTC timestamps, then one column per series with its unit in the header.
 * Missing values are empty cells.
 */
export function timeSeriesCsv(times: readonly number[], columns: readonly CsvColumn[]): string {
  const header = ['time (ISO 8601 UTC)', ...columns.map((c) => headerName(c.name, c.unit))];
  const rows = times.map((t, i) => [
    new Date(t).toISOString(),
    ...columns.map((c) => c.values[i] ?? Number.NaN),
  ]);
  return csvTable(header, rows);
}
