import { describe, expect, it } from 'vitest';
import { type Alert, alertEventSchema } from '../alerts.ts';
import { AlertBook, FLAP_QUIET_MS, scopeKey } from './alertBook.ts';

const T0 = Date.UTC(2026, 6, 15, 14);
const MIN = 60_000;
const key = scopeKey('util-drop-hall', { site: 'ohio', hall: 'h2' });
const draft = (value: number) => ({
  rule: 'util-drop-hall',
  severity: 'info' as const,
  scope: { site: 'ohio', hall: 'h2' },
  title: `drop ${value}`,
  value,
  threshold: 40,
  unit: 'pts',
});

describe('AlertBook: repeats, flapping and escalation', () => {
  it('the third raise within an hour is flapping: it stays open through recoveries, one alert', () => {
    const book = new AlertBook();
    const kinds: string[] = [];
    book.raise(key, draft(80), T0, 0);
    kinds.push(book.clear(key, T0 + 5 * MIN)?.kind ?? '-');
    const second = book.raise(key, draft(80), T0 + 20 * MIN, 0);
    expect(second.alert.repeats).toBe(1);
    expect(second.alert.flapping).toBeUndefined();
    kinds.push(book.clear(key, T0 + 25 * MIN)?.kind ?? '-');
    const third = book.raise(key, draft(80), T0 + 40 * MIN, 0);
    expect(third.alert).toMatchObject({ repeats: 2, flapping: true });
    // Recovered: no clear yet, and its return joins the same alert.
    expect(book.clear(key, T0 + 45 * MIN)).toBeUndefined();
    expect(book.isOpen(key) && !book.isActive(key)).toBe(true);
    const back = book.raise(key, draft(90), T0 + 50 * MIN, 0);
    expect(back).toMatchObject({ kind: 'updated', alert: { id: third.alert.id, repeats: 3, value: 90 } });
    // Quiet for FLAP_QUIET_MS: cleared, ending when it went quiet.
    expect(book.clear(key, T0 + 55 * MIN)).toBeUndefined();
    const out: ReturnType<AlertBook['clear']>[] = [];
    book.settle(() => true, T0 + 55 * MIN + FLAP_QUIET_MS - 1, out as never[]);
    expect(out).toEqual([]);
    book.settle(() => true, T0 + 55 * MIN + FLAP_QUIET_MS, out as never[]);
    expect(out).toMatchObject([{ kind: 'cleared', alert: { id: third.alert.id, end: T0 + 55 * MIN } }]);
    expect(kinds).toEqual(['cleared', 'cleared']);
    for (const e of out) expect(alertEventSchema.safeParse(e).success).toBe(true);
  });

  it('escalates a condition that outlasts escalate.afterS, once, and only while it holds', () => {
    const book = new AlertBook();
    const rule = { id: 'util-drop-hall', escalate: { afterS: 600, severity: 'warning' as const } };
    book.raise(key, draft(80), T0, 0);
    const out: never[] = [];
    book.escalate(rule, () => true, T0 + 599_000, out);
    expect(out).toEqual([]);
    book.escalate(rule, () => true, T0 + 600_000, out);
    book.escalate(rule, () => true, T0 + 700_000, out);
    expect(out).toMatchObject([
      { kind: 'updated', alert: { severity: 'warning', escalatedAt: T0 + 600_000, triggerValue: 80 } },
    ]);
  });

  it('reads alerts written before trigger values, escalation and flapping existed', () => {
    // As the file and PostgreSQL stores, old NDJSON lines and old recordings hold them.
    const old = {
      kind: 'updated',
      alert: {
        id: `util-drop-hall:ohio:h2:${T0}`,
        rule: 'util-drop-hall',
        severity: 'warning',
        scope: { site: 'ohio', hall: 'h2' },
        title: 'Ohio Hall 2 GPU utilization fell from 92 % to 69 %',
        value: 23,
        threshold: 40,
        unit: 'pts',
        start: T0,
        state: 'raised',
      },
    };
    const parsed = alertEventSchema.parse(old);
    expect(parsed.alert.triggerValue).toBeUndefined();
    const book = new AlertBook();
    book.restore([{ alert: parsed.alert as Alert, context: 92 }], T0 + MIN);
    expect(book.peek(key)).toMatchObject({ value: 23, state: 'raised' });
    expect(book.clear(key, T0 + 2 * MIN)).toMatchObject({ kind: 'cleared', alert: { value: 23 } });
  });
});
