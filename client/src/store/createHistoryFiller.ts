import type { TelemetrySource } from '../sources/TelemetrySource.ts';
import { applyHistory, type DashboardStore, serverNow, storeWindowMs } from './createDashboardStore.ts';

/**
 * Backfills buffers from the source's history so charts are full the moment they appear, and fills the
 * hole a long disconnect leaves. Series are backfilled once, when a chart first asks for them.
 */
export interface HistoryFiller {
  /** Backfills the live window of these series unless already done; cheap to call on every mount. */
  ensure(ids: readonly string[]): void;
  /** Refetches (from, to) for every series backfilled so far. */
  fillGap(from: number, to: number): void;
  /** Forgets what was backfilled (after a reset). */
  clear(): void;
  /** Resolves when no request is in flight (tests, screenshots). */
  idle(): Promise<void>;
}

export interface HistoryFillerOptions {
  /** Series per request, to keep URLs short and a bad id from failing everything. */
  chunk?: number;
  /** Delay that gathers the ensure() calls of one render into one request. */
  gatherMs?: number;
}

export function createHistoryFiller(
  store: DashboardStore,
  source: Pick<TelemetrySource, 'fetchHistory'>,
  options: HistoryFillerOptions = {},
): HistoryFiller {
  const chunk = options.chunk ?? 24;
  const gatherMs = options.gatherMs ?? 10;
  const ensured = new Set<string>();
  let pending: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const inFlight = new Set<Promise<void>>();
  let generation = 0;

  // One point per second of the live tier (a little over, so bucket alignment never halves the resolution).
  const maxPointsFor = (spanMs: number) => Math.min(2000, Math.max(10, Math.ceil(spanMs / 1000) + 100));

  function request(ids: readonly string[], from: number, to: number): void {
    if (ids.length === 0 || !(to > from)) return;
    const gen = generation;
    for (let i = 0; i < ids.length; i += chunk) {
      const series = ids.slice(i, i + chunk);
      const p = source
        .fetchHistory({ series, from, to, maxPoints: maxPointsFor(to - from) })
        .then((res) => {
          if (gen === generation) applyHistory(store, res);
        })
        .catch((err: unknown) => {
          // History is an enhancement over live data: say why it is missing, keep streaming.
          console.warn(
            `[gigawatt] history backfill failed: ${err instanceof Error ? err.message : String(err)}`,
          );
        })
        .finally(() => {
          inFlight.delete(p);
        });
      inFlight.add(p);
    }
  }

  function flush(): void {
    timer = null;
    const ids = pending;
    pending = [];
    const known = store.getState().series;
    const now = serverNow(store);
    request(
      ids.filter((id) => known.has(id)),
      now - storeWindowMs(store),
      now,
    );
  }

  return {
    ensure(ids) {
      const known = store.getState().series;
      for (const id of ids) {
        // Wait for the fleet (hello) before claiming a series, so the request is not wasted.
        if (ensured.has(id) || !known.has(id)) continue;
        ensured.add(id);
        pending.push(id);
      }
      if (pending.length > 0) timer ??= setTimeout(flush, gatherMs);
    },
    fillGap(from, to) {
      const now = serverNow(store);
      const lo = Math.max(from, now - storeWindowMs(store));
      request([...ensured], lo, Math.min(to, now));
    },
    clear() {
      generation++;
      ensured.clear();
      pending = [];
    },
    async idle() {
      while (inFlight.size > 0 || timer) {
        await Promise.all([...inFlight]);
        if (timer) await new Promise((r) => setTimeout(r, gatherMs + 1));
      }
    },
  };
}
