import { csvField, pue } from '@gigawatt/shared';
import type { OpenedRecording } from '@gigawatt/shared/recording';

export interface CsvWindow {
  level: 'site' | 'hall' | 'rack';
  from: number | undefined;
  to: number | undefined;
}

const GPU_COLUMNS =
  'gpusTotal (GPUs),gpusRented (GPUs),gpusInternal (GPUs),gpusIdle (GPUs),gpusFailed (GPUs)';
export const CSV_HEADERS = {
  site: `time,site,facilityPowerMw (MW),itPowerMw (MW),pue,gpuUtilPct (%),inletTempC (°C),${GPU_COLUMNS}`,
  hall: `time,site,hall,itPowerMw (MW),gpuUtilPct (%),inletTempC (°C),${GPU_COLUMNS}`,
  rack: 'time,site,hall,rack,powerKw (kW),utilPct (%),inletTempC (°C)',
} as const;

const num = (v: number, digits: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)).toString() : '');
// Ids are validated lower-case names today; they go through the shared writer anyway, so a recording
// made by another tool cannot put a formula or a comma into someone's spreadsheet. Numbers and ISO times
// need no quoting, and skipping the writer for them keeps a day of rack level cheap.
const id = (v: string) => csvField(v);
/** RFC 4180 records end in CRLF (the shared writer's rule; this export used to write LF). */
const EOL = '\r\n';
const iso = (t: number) => new Date(t).toISOString();

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
      const g = s.gpus;
      buf.push(
        [
          iso(s.t),
          id(s.site),
          num(s.facilityPowerMw, 4),
          num(s.itPowerMw, 4),
          num(pue(s.facilityPowerMw, s.itPowerMw), 4),
          num(s.gpuUtilPct, 2),
          num(s.inletTempC, 2),
          g.total,
          g.rented,
          g.internal,
          g.idle,
          g.failed,
        ].join(','),
      );
      rows++;
    } else if (m.kind === 'site' && w.level === 'hall') {
      for (const h of m.sample.halls) {
        const g = h.gpus;
        buf.push(
          [
            iso(m.sample.t),
            id(m.sample.site),
            id(h.hall),
            num(h.itPowerMw, 4),
            num(h.gpuUtilPct, 2),
            num(h.inletTempC, 2),
            g.total,
            g.rented,
            g.internal,
            g.idle,
            g.failed,
          ].join(','),
        );
        rows++;
      }
    } else if (m.kind === 'racks' && w.level === 'rack') {
      const b = m.block;
      const t = iso(b.t);
      const where = `${id(b.site)},${id(b.hall)}`;
      for (let i = 0; i < b.powerKw.length; i++) {
        buf.push(
          `${t},${where},${i + 1},${num(b.powerKw[i]!, 3)},${num(b.utilPct[i]!, 2)},${num(b.inletTempC[i]!, 2)}`,
        );
        rows++;
      }
    }
    if (buf.length >= 2000) flush();
  }
  flush();
  return rows;
}
