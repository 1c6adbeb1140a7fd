import { describe, expect, it } from 'vitest';
import { timeSeriesCsv } from './toCsv.ts';

/** A small RFC 4180 reader, the reference for the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV', () => {
  it('writes ISO timestamps and units in the header', () => {
    const csv = timeSeriesCsv(
      [Date.parse('2026-11-23T14:00:00Z'), Date.parse('2026-11-23T14:01:00Z')],
      [
        { name: 'Fleet rental revenue mean', unit: '$/h', values: [800000.5, 801000] },
        { name: 'Fleet PUE mean', unit: '', values: [1.12, Number.NaN] },
      ],
    );
    expect(parseCsv(csv)).toEqual([
      ['time (ISO 8601 UTC)', 'Fleet rental revenue mean ($/h)', 'Fleet PUE mean'],
      ['2026-11-23T14:00:00.000Z', '800000.5', '1.12'],
      ['2026-11-23T14:01:00.000Z', '801000', ''],
    ]);
  });
});
