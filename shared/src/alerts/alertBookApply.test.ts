import { expect, it } from 'vitest';
import { AlertBook, scopeKey, UPDATE_MIN_INTERVAL_MS } from './alertBook.ts';

const T0 = Date.UTC(2026, 0, 15, 14);
const scope = { site: 'ohio' };
const key = scopeKey('power-cap-95', scope);
const draft = {
  rule: 'power-cap-95',
  severity: 'critical' as const,
  scope,
  title: 'Ohio at 96 % of its cap',
  value: 96,
  threshold: 95,
  unit: '%',
};

it("apply(): another node's raise, ack and clear make this book agree (active, log, acknowledgeable)", () => {
  const holder = new AlertBook();
  const other = new AlertBook();
  const raised = holder.raise(key, draft, T0, 96);
  expect(other.apply(raised.alert, 7, T0)).toBe(true);
  expect(other.active()).toEqual(holder.active());
  expect(other.contextOf(key)).toBe(7);

  // Acked on the other node, applied back on the holder: its next reading does not report at once.
  const ack = other.acknowledge(raised.alert.id, { by: 'noc', comment: 'on it' }, T0 + 1000);
  if (!ack.ok) throw new Error(ack.error);
  expect(holder.apply(ack.event.alert, undefined, T0 + 1000)).toBe(true);
  expect(holder.active()[0]).toMatchObject({ state: 'acknowledged', ack: { by: 'noc' } });
  expect(holder.update(key, { title: 't', value: 96.2, level: 96.2 }, T0 + 2000)).toBeUndefined();
  const later = holder.update(key, { title: 't', value: 99, level: 99 }, T0 + UPDATE_MIN_INTERVAL_MS + 1);
  expect(later?.alert.state).toBe('acknowledged');

  const cleared = holder.clear(key, T0 + 60_000)!;
  expect(other.apply(cleared.alert, undefined, T0 + 60_000)).toBe(true);
  expect(other.active()).toEqual([]);
  expect(other.log()).toEqual(holder.log());
  // A repeat of an older event (a retried append) never reopens it.
  expect(other.apply(raised.alert, 7, T0 + 61_000)).toBe(false);
  expect(other.active()).toEqual([]);
});

it('apply(): of two alerts of one rule and scope (two holders raced), the newer stands', () => {
  const book = new AlertBook();
  const first = book.raise(key, draft, T0, 96);
  const rival = new AlertBook().raise(key, draft, T0 + 500, 96);
  expect(book.apply(rival.alert, undefined, T0 + 600)).toBe(true);
  expect(book.active().map((a) => a.id)).toEqual([rival.alert.id]);
  expect(book.log().find((a) => a.id === first.alert.id)?.state).toBe('cleared');
});
