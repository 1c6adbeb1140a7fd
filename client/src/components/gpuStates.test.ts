import { describe, expect, it } from 'vitest';
import { metricColor, palette } from '../theme/theme.ts';
import { GPU_STATE_VIEWS } from './gpuStates.ts';

describe('GPU states', () => {
  it('takes every state colour from the registry, as the page palette does', () => {
    for (const g of GPU_STATE_VIEWS) {
      expect(palette[g.key]).toBe(metricColor(g.metric));
      expect(g.color).toBe(metricColor(g.metric));
    }
  });

  it('names the GPU states as the legends do', () => {
    expect(GPU_STATE_VIEWS.map((g) => g.label)).toEqual(['Rented', 'Internal', 'Idle', 'Failed']);
    expect(GPU_STATE_VIEWS.map((g) => g.metric)).toEqual([
      'gpusRented',
      'gpusInternal',
      'gpusIdle',
      'gpusFailed',
    ]);
  });
});
