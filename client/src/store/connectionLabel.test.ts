import { describe, expect, it } from 'vitest';
import { connectionLabel, displayLabel } from './connectionLabel.ts';

const T = 1_760_000_000_000;

describe('connection label', () => {
  it('maps every source status to one of the four words', () => {
    expect(connectionLabel('live')).toBe('LIVE');
    expect(connectionLabel('connecting')).toBe('RECONNECTING');
    expect(connectionLabel('reconnecting')).toBe('RECONNECTING');
    expect(connectionLabel('stale')).toBe('STALE');
    expect(connectionLabel('failed')).toBe('STALE');
    expect(connectionLabel('replay')).toBe('REPLAY');
  });
  it('says STALE when ticks flow but carry only old samples', () => {
    expect(displayLabel('live', T, T, T + 900, 1)).toBe('LIVE');
    expect(displayLabel('live', T, T + 8000, T + 8500, 1)).toBe('STALE');
    expect(displayLabel('live', null, null, T, 1)).toBe('LIVE');
    expect(displayLabel('reconnecting', T, T + 8000, T + 8500, 1)).toBe('RECONNECTING');
  });
});
