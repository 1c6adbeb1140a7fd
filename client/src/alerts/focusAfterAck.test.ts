import { beforeAll, describe, expect, it } from 'vitest';
import { focusAfterAck } from './focusAfterAck.ts';

beforeAll(() => {
  // Node has no CSS.escape; ids here are plain.
  globalThis.CSS ??= { escape: (s: string) => s } as unknown as typeof CSS;
});

/** A list whose rows hold the given selectors; records what got focus. */
function list(present: string[]) {
  const focused: string[] = [];
  const el = (name: string) => ({ focus: () => focused.push(name) });
  const container = {
    focus: () => focused.push('list'),
    querySelector: (sel: string) => (present.includes(sel) ? el(sel) : null),
  };
  return { container, focused };
}

describe('focusAfterAck', () => {
  const row = '[data-alert-id="power-cap-90:ohio:1"]';

  it('after an ack (its button is gone), focuses the acknowledged alert’s link', () => {
    const { container, focused } = list([`${row} .alert-title`]);
    focusAfterAck(container, 'power-cap-90:ohio:1');
    expect(focused).toEqual([`${row} .alert-title`]);
  });

  it('after a cancel, back to the button that opened the dialog', () => {
    const { container, focused } = list([`${row} .alert-ack-button`, `${row} .alert-title`]);
    focusAfterAck(container, 'power-cap-90:ohio:1');
    expect(focused).toEqual([`${row} .alert-ack-button`]);
  });

  it('when the alert cleared meanwhile, the list itself', () => {
    const { container, focused } = list([]);
    focusAfterAck(container, 'power-cap-90:ohio:1');
    expect(focused).toEqual(['list']);
  });
});
