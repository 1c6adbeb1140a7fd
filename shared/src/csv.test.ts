import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, csvTable } from './csv.ts';

/** A minimal RFC 4180 reader, to check that what is written reads back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('csvField', () => {
  it('quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('')).toBe('');
  });

  it('writes numbers as numbers and a non-finite one as an empty cell', () => {
    expect(csvField(1.25)).toBe('1.25');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('defuses formulas but leaves plain numbers alone', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('+3')).toBe('+3');
    expect(csvField('-1e-3')).toBe('-1e-3');
    expect(csvField('2026-07-15T14:00:00Z')).toBe('2026-07-15T14:00:00Z');
  });
});

describe('csvTable', () => {
  it('ends every record with CRLF', () => {
    expect(csvTable(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
    expect(csvRow([])).toBe('\r\n');
  });

  it('reads back cell for cell, and no text cell starts a formula (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.constantFrom('=', '+1', '-x', '@', '\t', '"', ',', '\r\n')), {
            minLength: 1,
            maxLength: 5,
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (rows) => {
          const [header, ...body] = rows as [string[], ...string[][]];
          const back = readCsv(csvTable(header, body));
          expect(back).toHaveLength(rows.length);
          for (const [i, r] of back.entries()) {
            for (const [j, cell] of r.entries()) {
              const given = rows[i]![j]!;
              expect(cell === given || cell === `'${given}`).toBe(true);
              expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?[\d.]/.test(cell)).toBe(false);
            }
          }
        },
      ),
      { seed: 14, numRuns: 1000 },
    );
  });
});
