import {
  CSV_HEADERS,
  type CsvMetricColumn,
  csvColumnsAt,
  csvField,
  type MetricSource,
  RACK_CSV_COLUMNS,
  roundForCsv,
} from '@gigawatt/shared';
import type { OpenedRecording } from '@gigawatt/shared/recording';

export interface CsvWindow {
  level: 'site' | 'hall' | 'rack';
  from: number | undefined;
  to: number | undefined;
}

export { CSV_HEADERS };

const SITE_COLUMNS = csvColumnsAt('site');
const HALL_COLUMNS = csvColumnsAt('hall');

const num = (v: number, digits: number | undefined) =>
  Number.isFinite(v) ? `${roundForCsv(v, digits)}` : '';
// Ids are validated lower-case names today; they go through the shared writer anyway, so a recording
// made by another tool cannot put a formula or a comma into someone's spreadsheet. Numbers and ISO times
// need no quoting, and skipping the writer for them keeps a day of rack level cheap.
const id = (v: string) => csvField(v);
/** RFC 4180 records end in CRLF (the shared writer's rule; this export used to write LF). */
const EOL = '\r\n';
const iso = (t: number) => new Date(t).toISOString();
// A recording carries no prices; the registry keeps revenue out of the CSV, so this is never printed.
const NO_PRICES = () => Number.NaN;
const cells = (cols: readonly CsvMetricColumn[], x: MetricSource): string[] =>
  cols.map(({ def, digits }) => {
    const v = def.read(x, NO_PRICES);
    return digits === undefined ? `${v}` : num(v, digits);
  });

/**
 * Streams a window of a recording as CSV: units in the header, ISO times, one row per site, hall or rack
 * per second. Rows are written in batches so a day of rack level does not sit in memory at once.
 */
export async function exportCsv(
  rec: OpenedRecording,
  w: CsvWindow,
  write: (chunk: string) => void,
): Promise<number> {
  write(`${CSV_HEADERS[w.level]}${EOL}`);
  const topics = rec.topics
    .filter((t) => (w.level === 'rack' ? t.kind === 'racks' : t.kind === 'site'))
    .map((t) => t.topic);
  let rows = 0;
  let buf: string[] = [];
  const flush = () => {
    if (buf.length > 0) write(`${buf.join(EOL)}${EOL}`);
    buf = [];
  };
  for await (const m of rec.readMessages({ from: w.from, to: w.to, topics })) {
    if (m.kind === 'site' && w.level === 'site') {
      const s = m.sample;
      buf.push([iso(s.t), id(s.site), ...cells(SITE_COLUMNS, s)].join(','));
      rows++;
    } else if (m.kind === 'site' && w.level === 'hall') {
      for (const h of m.sample.halls) {
        buf.push([iso(m.sample.t), id(m.sample.site), id(h.hall), ...cells(HALL_COLUMNS, h)].join(','));
        rows++;
      }
    } else if (m.kind === 'racks' && w.level === 'rack') {
      const b = m.block;
      const t = iso(b.t);
      const where = `${id(b.site)},${id(b.hall)}`;
      for (let i = 0; i < b.powerKw.length; i++) {
        let line = `${t},${where},${i + 1}`;
        // An air-cooled hall has no coolant column: its cell stays empty.
        for (const r of RACK_CSV_COLUMNS) line += `,${num(b[r.column]?.[i] ?? Number.NaN, r.csvDigits)}`;
        buf.push(line);
        rows++;
      }
    }
    if (buf.length >= 2000) flush();
  }
  flush();
  return rows;
}
