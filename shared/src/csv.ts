export type CsvCell = string | number;

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field: RFC 4180 quoting (a field with a comma, quote or line break is quoted, quotes doubled),
 * after a guard against formula injection: a text cell starting with = + - @ tab or CR that is not a
 * plain number gets a leading apostrophe, so "=HYPERLINK(…)" in a site name or a note shows as text.
 * A number that is not finite is an empty cell (a gap, not "NaN").
 */
export function csvField(v: CsvCell): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One record with its line break. CRLF, as RFC 4180 says (the old server export wrote LF, the client
 * CRLF; spreadsheets read both, and one rule means one file shape wherever a window is exported).
 */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** A whole table: the header, then the rows. */
export function csvTable(header: readonly CsvCell[], rows: readonly (readonly CsvCell[])[]): string {
  let out = csvRow(header);
  for (const r of rows) out += csvRow(r);
  return out;
}
