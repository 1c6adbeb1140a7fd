import { describe, expect, it } from 'vitest';
import { causeIndex, FAILURE_CAUSES } from './failureCauses.ts';
import { MAX_REPAIR_S, RESTART_S } from './modelConstants.ts';

describe('FAILURE_CAUSES', () => {
  it('has the Llama 3 shares summing to 100 %', () => {
    const total = FAILURE_CAUSES.reduce((a, c) => a + c.share, 0);
    expect(total).toBeCloseTo(1, 12);
    const share = (id: string) => FAILURE_CAUSES.find((c) => c.id === id)?.share;
    expect(share('faulty-gpu')).toBe(0.3);
    expect(share('gpu-hbm3')).toBe(0.17);
    expect(share('software-bug')).toBe(0.13);
    expect(share('network')).toBe(0.08);
  });

  it('keeps every repair within the look-back the model scans', () => {
    for (const c of FAILURE_CAUSES) {
      expect(c.repairS[0]).toBeGreaterThan(0);
      expect(c.repairS[1]).toBeLessThanOrEqual(MAX_REPAIR_S);
    }
    expect(RESTART_S[1]).toBeLessThanOrEqual(MAX_REPAIR_S);
  });

  it('maps uniforms onto causes by share', () => {
    expect(causeIndex(0)).toBe(0);
    expect(causeIndex(0.299)).toBe(0);
    expect(causeIndex(0.301)).toBe(1);
    expect(causeIndex(0.999_999)).toBe(FAILURE_CAUSES.length - 1);
  });
});
