import { describe, expect, it } from 'vitest';
import { createFrameScheduler } from './frameScheduler.ts';

function harness(budgetMs: number, jobMs: number) {
  let t = 0;
  const frames: Array<() => void> = [];
  const s = createFrameScheduler({ budgetMs, requestFrame: (cb) => frames.push(cb), now: () => t });
  const ran: string[] = [];
  const job = (name: string) => () => {
    ran.push(name);
    t += jobMs;
  };
  const frame = () => frames.shift()?.();
  return { s, ran, job, frame, frames };
}

describe('frameScheduler', () => {
  it('runs jobs until the frame budget is spent, the rest in later frames', () => {
    const h = harness(8, 5);
    const keys = [{}, {}, {}, {}, {}];
    for (const [i, k] of keys.entries()) h.s.schedule(k, h.job(`j${i}`));
    h.frame();
    expect(h.ran).toEqual(['j0', 'j1']);
    h.frame();
    h.frame();
    expect(h.ran).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
    expect(h.frames).toHaveLength(0);
  });

  it('always makes progress, even when one job is over budget', () => {
    const h = harness(8, 30);
    h.s.schedule({}, h.job('a'));
    h.s.schedule({}, h.job('b'));
    h.frame();
    expect(h.ran).toEqual(['a']);
    h.frame();
    expect(h.ran).toEqual(['a', 'b']);
  });

  it('coalesces a job queued twice and honours cancel', () => {
    const h = harness(8, 1);
    const k1 = {};
    const k2 = {};
    h.s.schedule(k1, h.job('first'));
    h.s.schedule(k1, h.job('second'));
    h.s.schedule(k2, h.job('other'));
    h.s.cancel(k2);
    h.frame();
    expect(h.ran).toEqual(['second']);
    expect(h.s.pending).toBe(0);
  });
});
