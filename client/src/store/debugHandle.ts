import { readColumns } from './columnBuffer.ts';
import type { DashboardStore } from './createDashboardStore.ts';
import type { HistoryFiller } from './createHistoryFiller.ts';

/**
 * A read-only window into the dashboard for browser tests and for anyone debugging a wall display from
 * devtools: `window.__gigawatt`. It exposes copies of buffered data and nothing that can change it.
 */
export interface DebugHandle {
  status(): string;
  /** Time (server clock) of the newest tick, or null. */
  newestTickT(): number | null;
  seriesIds(): string[];
  /** Point times of a buffered series, oldest first (a copy). */
  seriesTimes(id: string): number[];
  /** Resolves when no history request is in flight. */
  historyIdle(): Promise<void>;
  /** Number of store subscribers (charts, views): should return to the same figure after rotation. */
  subscriberCount(): number;
}

export function createDebugHandle(
  store: DashboardStore,
  history: HistoryFiller,
  subscriberCount: () => number,
): DebugHandle {
  return {
    status: () => store.getState().status,
    newestTickT: () => store.getState().latest?.t ?? null,
    seriesIds: () => [...store.getState().series.keys()],
    seriesTimes: (id) => {
      const b = store.getState().series.get(id);
      return b ? Array.from(readColumns(b).t) : [];
    },
    historyIdle: () => history.idle(),
    subscriberCount,
  };
}

declare global {
  interface Window {
    __gigawatt?: DebugHandle;
  }
}
