import { describe, expect, it } from 'vitest';
import { standardUtcOffsetS } from './standardUtcOffsetS.ts';

describe('standardUtcOffsetS', () => {
  it('gives the standard-time offset of IANA zones', () => {
    expect(standardUtcOffsetS('America/New_York')).toBe(-5 * 3600);
    expect(standardUtcOffsetS('America/Chicago')).toBe(-6 * 3600);
    expect(standardUtcOffsetS('Asia/Kolkata')).toBe(5.5 * 3600);
    expect(standardUtcOffsetS('UTC')).toBe(0);
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(standardUtcOffsetS('Mars/Olympus_Mons')).toBe(0);
  });
});
