/** One numeric column of a chart's data, with the unit that goes into its header. */
export interface CsvColumn {
  name: string;
  unit: string;
  values: readonly number[];
}

export type CsvCell = string | number;

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(v: CsvCell): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
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
