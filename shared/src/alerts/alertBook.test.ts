import { describe, expect, it } from 'vitest';
import { type AlertScope, alertEventSchema, type Severity } from '../alerts.ts';
import { AlertBook, type AlertDraft, FLAP_WINDOW_MS, scopeKey, UPDATE_MIN_INTERVAL_MS } from './alertBook.ts';

const T0 = Date.UTC(2026, 0, 15, 14);

const draft = (rule: string, scope: AlertScope, severity: Severity = 'warning'): AlertDraft => ({
  rule,
  severity,
  scope,
  title: `${rule} at ${scope.site}`,
  value: 1,
  threshold: 1,
  unit: '%',
});

function raise(book: AlertBook, rule: string, scope: AlertScope, t: number, severity: Severity = 'warning') {
  return book.raise(scopeKey(rule, scope), draft(rule, scope, severity), t, 0);
}

describe('AlertBook', () => {
  it('ids are rule:site[:hall]:start and events match the shared schema', () => {
    const a = raise(new AlertBook(), 'rack-inlet-high', { site: 'ohio', hall: 'h11' }, T0);
    expect(a.alert.id).toBe(`rack-inlet-high:ohio:h11:${T0}`);
    expect(alertEventSchema.parse(a)).toEqual(a);
    expect(raise(new AlertBook(), 'feed-stale', { site: 'ohio' }, T0).alert.id).toBe(`feed-stale:ohio:${T0}`);
  });

  it('raise → acknowledge (by, at, comment kept) → clear keeps the ack', () => {
    const book = new AlertBook();
    const key = scopeKey('power-cap-95', { site: 'louisiana' });
    const { alert } = raise(book, 'power-cap-95', { site: 'louisiana' }, T0, 'critical');
    expect(alert.state).toBe('raised');
    const ack = book.acknowledge(alert.id, { by: 'noc-ana', comment: 'shedding load' }, T0 + 5000);
    expect(ack).toEqual({
      ok: true,
      event: {
        kind: 'acknowledged',
        alert: {
          ...alert,
          state: 'acknowledged',
          ack: { by: 'noc-ana', at: T0 + 5000, comment: 'shedding load' },
        },
      },
    });
    expect(book.isOpen(key)).toBe(true);
    const cleared = book.clear(key, T0 + 9000);
    expect(cleared?.kind).toBe('cleared');
    expect(cleared?.alert).toMatchObject({
      state: 'cleared',
      end: T0 + 9000,
      ack: { by: 'noc-ana', at: T0 + 5000, comment: 'shedding load' },
    });
    expect(book.isOpen(key)).toBe(false);
    expect(book.clear(key, T0 + 10_000)).toBeUndefined();
    expect(book.active()).toEqual([]);
    expect(book.log()).toEqual([cleared?.alert]);
  });

  it('acknowledge: unknown id → 404, twice → 409, after clear → 409', () => {
    const book = new AlertBook();
    const { alert } = raise(book, 'failed-gpus', { site: 'texas' }, T0);
    expect(book.acknowledge('nope', { by: 'x', comment: '' }, T0)).toEqual({
      ok: false,
      status: 404,
      error: 'alert "nope" not found',
    });
    expect(book.acknowledge(alert.id, { by: 'ana', comment: '' }, T0).ok).toBe(true);
    const twice = book.acknowledge(alert.id, { by: 'bo', comment: '' }, T0 + 1);
    expect(twice).toMatchObject({ ok: false, status: 409 });
    expect(!twice.ok && twice.error).toMatch(/already acknowledged by ana/);

    const other = raise(book, 'failed-gpus', { site: 'ohio' }, T0).alert;
    book.clear(scopeKey('failed-gpus', { site: 'ohio' }), T0 + 1000);
    const late = book.acknowledge(other.id, { by: 'ana', comment: '' }, T0 + 2000);
    expect(late).toMatchObject({ ok: false, status: 409 });
    expect(!late.ok && late.error).toMatch(/already cleared/);
  });

  it('returns copies: changing a returned alert changes nothing inside', () => {
    const book = new AlertBook();
    const { alert } = raise(book, 'failed-gpus', { site: 'texas' }, T0);
    alert.state = 'cleared';
    alert.scope.site = 'ohio';
    const [inside] = book.active();
    expect(inside?.state).toBe('raised');
    expect(inside?.scope.site).toBe('texas');
  });

  it('updates only on a notable change (level moved by 1) and at most once per 10 s', () => {
    const book = new AlertBook();
    const key = scopeKey('power-cap-80', { site: 'ohio' });
    book.raise(key, draft('power-cap-80', { site: 'ohio' }), T0, 81.2);
    const reading = (level: number) => ({ title: `at ${level}`, value: level, level });
    expect(book.update(key, reading(84), T0 + 1000)).toBeUndefined(); // too soon
    expect(book.update(key, reading(81.9), T0 + UPDATE_MIN_INTERVAL_MS)).toBeUndefined(); // not notable
    const u = book.update(key, reading(82.3), T0 + UPDATE_MIN_INTERVAL_MS);
    expect(u).toMatchObject({ kind: 'updated', alert: { title: 'at 82.3', value: 82.3, start: T0 } });
    expect(book.update(key, reading(90), T0 + UPDATE_MIN_INTERVAL_MS + 5000)).toBeUndefined();
    expect(book.update(key, reading(90), T0 + 2 * UPDATE_MIN_INTERVAL_MS)?.kind).toBe('updated');
  });

  it('active(): most severe first, then newest first', () => {
    const book = new AlertBook();
    raise(book, 'a', { site: 'ohio' }, T0, 'warning');
    raise(book, 'b', { site: 'ohio' }, T0 + 1000, 'info');
    raise(book, 'c', { site: 'ohio' }, T0 + 2000, 'critical');
    raise(book, 'd', { site: 'ohio' }, T0 + 3000, 'warning');
    raise(book, 'e', { site: 'ohio' }, T0 - 1000, 'critical');
    expect(book.active().map((a) => a.rule)).toEqual(['c', 'e', 'd', 'a', 'b']);
  });

  it('the log is newest first and bounded by maxLog; open alerts are never evicted', () => {
    const book = new AlertBook(5);
    const open = raise(book, 'feed-stale', { site: 'ohio' }, T0).alert;
    const key = scopeKey('power-cap-80', { site: 'texas' });
    for (let i = 1; i <= 50; i++) {
      // An hour apart, so that none of them is flapping (a flapping alert would stay open).
      book.raise(key, draft('power-cap-80', { site: 'texas' }), T0 + i * FLAP_WINDOW_MS, 0);
      book.clear(key, T0 + i * FLAP_WINDOW_MS + 500);
    }
    const log = book.log();
    expect(log).toHaveLength(5);
    expect(log[0]?.start).toBe(T0 + 50 * FLAP_WINDOW_MS);
    expect(log.map((a) => a.start)).toEqual([...log.map((a) => a.start)].sort((a, b) => b - a));
    expect(book.log(2)).toHaveLength(2);
    expect(book.log(0)).toEqual([]);
    // The oldest alert is still open: still acknowledgeable though it is beyond the newest five.
    expect(book.acknowledge(open.id, { by: 'ana', comment: '' }, T0 + 60_000).ok).toBe(true);
    expect(
      book.acknowledge(`power-cap-80:texas:${T0 + FLAP_WINDOW_MS}`, { by: 'ana', comment: '' }, T0).ok,
    ).toBe(false);
  });

  it('clips titles to the schema limit', () => {
    const book = new AlertBook();
    const long = { ...draft('x', { site: 'ohio' }), title: 'y'.repeat(300) };
    const e = book.raise('x:ohio', long, T0, 0);
    expect(e.alert.title).toHaveLength(200);
    expect(alertEventSchema.safeParse(e).success).toBe(true);
  });
});
