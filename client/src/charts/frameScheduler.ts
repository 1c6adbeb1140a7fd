/**
 * Spreads chart redraws over animation frames. Each ECharts update paints synchronously, and a dozen of
 * them in one frame at 4K is a long task; here a frame runs queued jobs only until its budget is spent
 * (always at least one), so ticks never block input. A job queued again before it ran runs once.
 */
export interface FrameScheduler {
  schedule(key: object, job: () => void): void;
  cancel(key: object): void;
  /** Jobs waiting (tests). */
  readonly pending: number;
}

export interface FrameSchedulerOptions {
  budgetMs?: number;
  requestFrame?: (cb: () => void) => unknown;
  now?: () => number;
}

export function createFrameScheduler(options: FrameSchedulerOptions = {}): FrameScheduler {
  const budget = options.budgetMs ?? 8;
  const requestFrame =
    options.requestFrame ??
    ((cb: () => void) =>
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame(cb) : setTimeout(cb, 16));
  const now = options.now ?? (() => performance.now());
  const queue = new Map<object, () => void>();
  let armed = false;

  const run = () => {
    armed = false;
    const start = now();
    for (const [key, job] of queue) {
      queue.delete(key);
      try {
        job();
      } catch (e) {
        console.warn('[gigawatt] chart update failed', e);
      }
      if (now() - start >= budget) break;
    }
    if (queue.size > 0) arm();
  };
  const arm = () => {
    if (armed) return;
    armed = true;
    requestFrame(run);
  };

  return {
    schedule(key, job) {
      queue.set(key, job);
      arm();
    },
    cancel(key) {
      queue.delete(key);
    },
    get pending() {
      return queue.size;
    },
  };
}

/** The scheduler all charts of the page share. */
export const chartFrames: FrameScheduler = createFrameScheduler();
