import type { FleetConfig, FleetIndex, HistoryResponse, Tick } from '@gigawatt/shared';
import { buildScopeSeries, type Scope, seriesIdsFor } from './buildScopeSeries.ts';
import { type ExecRange, resolveRange } from './execUrl.ts';
import { chunk, mergeResponses, SERIES_PER_REQUEST } from './mergeResponses.ts';
import { foldValue, type RangeSeries, trimBefore } from './rangeSeries.ts';
import { type FigureKey, scopeFigures } from './scopeFigures.ts';

export interface HistoryRequest {
  series: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

/** Figures drawn in the large charts, per kind of scope. */
export const MAIN_KEYS_FLEET: readonly FigureKey[] = ['revenue', 'idleRevenue', 'util', 'facility'];
export const MAIN_KEYS_SITE: readonly FigureKey[] = ['util', 'facility'];
/** Figures with a sparkline, a period mean and a change, for every scope. */
export const SPARK_KEYS: readonly FigureKey[] = [
  'revenue',
  'idleRevenue',
  'util',
  'rented',
  'internal',
  'idle',
  'failed',
  'facility',
  'pue',
];
/** The previous period only feeds means, not drawings: a few dozen buckets are plenty. */
const PREV_POINTS = 120;

export type ScopeSeries = Map<FigureKey, RangeSeries>;

/** Figure series at one resolution (large charts, sparklines or the previous period) by scope id. */
export interface Resolution {
  scopes: Map<string, ScopeSeries>;
  tier: string;
  stepMs: number;
  maxPoints: number;
  from: number;
  /** Newest time included: the request's `to`, then the newest live tick folded in. */
  to: number;
  /** The request's `to` (what the server was asked for, before any live tick). */
  requestTo: number;
  seriesIds: readonly string[];
}

export interface ExecSnapshot {
  /** waiting: no chart has reported its width yet, so the number of points is unknown. */
  status: 'waiting' | 'loading' | 'ready' | 'error';
  error: string | null;
  live: boolean;
  from: number;
  to: number;
  prevFrom: number;
  prevTo: number;
  main: Resolution | null;
  spark: Resolution | null;
  prev: Resolution | null;
  /** Bumped on every change, including each live tick folded in. */
  version: number;
  /** Bumped when a fetch lands. */
  fetches: number;
}

export interface ExecDataOptions {
  fleet: FleetConfig;
  index: FleetIndex;
  range: ExecRange;
  /** The roll-up first (id 'fleet'), then one scope per site. */
  scopes: readonly Scope[];
  fetchHistory: (q: HistoryRequest, signal?: AbortSignal) => Promise<HistoryResponse>;
  /** Server time (ms). */
  now: () => number;
  /** Delivers each new tick; returns the unsubscribe function. */
  subscribeTicks: (onTick: (tick: Tick) => void) => () => void;
  widths?: { main?: number; spark?: number };
  /**
   * The earliest time with data (a recording's first second; undefined live, where history reaches
   * back). A range reaching before it is measured from it, so a 20-minute recording's "24 h average"
   * is the average of those 20 minutes instead of "not enough data".
   */
  dataFrom?: number | undefined;
}

export type WidthKind = 'main' | 'spark';

export interface ExecData {
  getSnapshot(): ExecSnapshot;
  subscribe(listener: () => void): () => void;
  /** A chart's plot width in CSS pixels: maxPoints never exceeds the narrowest chart of its kind. */
  reportWidth(kind: WidthKind, key: object, px: number): void;
  dropWidth(kind: WidthKind, key: object): void;
  /** Current plot widths (to carry over to the next range). */
  widths(): { main: number; spark: number };
  refetch(): void;
  /** Subscribes to ticks and fetches; stop() undoes it. Both may be called again (React StrictMode). */
  start(): void;
  stop(): void;
}

/** How often a live range is refetched so the server's exact buckets replace the folded estimate. */
export function refetchIntervalMs(spanMs: number): number {
  return Math.min(15 * 60_000, Math.max(60_000, spanMs / 60));
}

const RETRY_MS = 15_000;
/** Ticks kept to replay onto freshly fetched data (those that landed while the fetch was in flight). */
const REPLAY_TICKS = 120;

/**
 * The range data behind the executive view: fetches history at the resolution each kind of chart can
 * show, folds live ticks into the newest buckets (so the newest point moves), slides the window, and
 * refetches now and then. Outside React: charts subscribe and redraw without a render.
 */
export function createExecData(o: ExecDataOptions): ExecData {
  const initial = resolveRange(o.range, o.now());
  const spanMs = initial.to - initial.from;
  let snap: ExecSnapshot = {
    status: 'waiting',
    error: null,
    live: initial.live,
    from: initial.from,
    to: initial.to,
    prevFrom: initial.from - spanMs,
    prevTo: initial.from,
    main: null,
    spark: null,
    prev: null,
    version: 0,
    fetches: 0,
  };
  const listeners = new Set<() => void>();
  const widths: Record<WidthKind, Map<object, number>> = { main: new Map(), spark: new Map() };
  const fallback = { main: o.widths?.main ?? 0, spark: o.widths?.spark ?? 0 };
  let abort: AbortController | null = null;
  let loadTimer: ReturnType<typeof setTimeout> | null = null;
  let refetchTimer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let unsubscribe: (() => void) | null = null;
  const recent: Tick[] = [];

  const clampFrom = (from: number, to: number) =>
    o.dataFrom === undefined ? from : Math.min(to, Math.max(from, o.dataFrom));

  const emit = (patch: Partial<ExecSnapshot>) => {
    snap = { ...snap, ...patch, version: snap.version + 1 };
    for (const l of listeners) l();
  };

  const widthOf = (kind: WidthKind): number => {
    const m = widths[kind];
    if (m.size === 0) return fallback[kind];
    return Math.min(...m.values());
  };
  const pointsFor = (kind: WidthKind) => Math.max(2, Math.min(5000, Math.floor(widthOf(kind))));

  const keysFor = (scope: Scope, kind: 'main' | 'spark'): readonly FigureKey[] =>
    kind === 'spark' ? SPARK_KEYS : scope.id === 'fleet' ? MAIN_KEYS_FLEET : MAIN_KEYS_SITE;

  async function fetchResolution(
    kind: 'main' | 'spark' | 'prev',
    from: number,
    to: number,
    maxPoints: number,
    signal: AbortSignal,
  ): Promise<Resolution> {
    const keyKind = kind === 'main' ? 'main' : 'spark';
    const ids = [...new Set(o.scopes.flatMap((s) => seriesIdsFor(s, keysFor(s, keyKind), o.fleet)))];
    const parts = await Promise.all(
      chunk(ids, SERIES_PER_REQUEST).map((series) => o.fetchHistory({ series, from, to, maxPoints }, signal)),
    );
    const resp = mergeResponses(parts);
    const scopes = new Map<string, ScopeSeries>();
    for (const s of o.scopes) scopes.set(s.id, buildScopeSeries(resp, s, keysFor(s, keyKind), o.fleet));
    return {
      scopes,
      tier: resp.tier,
      stepMs: resp.stepMs,
      maxPoints,
      from,
      to,
      requestTo: to,
      seriesIds: ids,
    };
  }

  function foldTick(tick: Tick, res: Resolution | null, from: number): void {
    if (!res || tick.t <= res.to) return;
    for (const scope of o.scopes) {
      const series = res.scopes.get(scope.id);
      if (!series) continue;
      const figs = scopeFigures(tick.sites, o.index, scope.siteIds);
      for (const [key, s] of series) {
        foldValue(s, tick.t, figs[key]);
        trimBefore(s, from);
      }
    }
    res.to = tick.t;
  }

  function onTick(tick: Tick): void {
    if (!snap.live) return;
    recent.push(tick);
    if (recent.length > REPLAY_TICKS) recent.shift();
    if (!snap.main && !snap.spark) return;
    const from = tick.t - spanMs;
    foldTick(tick, snap.main, from);
    foldTick(tick, snap.spark, from);
    emit({ from: clampFrom(from, tick.t), to: tick.t });
  }

  function scheduleRefetch(ms: number): void {
    if (refetchTimer) clearTimeout(refetchTimer);
    refetchTimer = setTimeout(() => {
      refetchTimer = null;
      void load();
    }, ms);
  }

  async function load(): Promise<void> {
    if (!running) return;
    if (widthOf('main') <= 0 || widthOf('spark') <= 0) return;
    abort?.abort();
    const ctrl = new AbortController();
    abort = ctrl;
    const w = resolveRange(o.range, o.now());
    const prevFrom = w.from - spanMs;
    emit({ status: snap.main ? snap.status : 'loading' });
    try {
      const [main, spark, prev] = await Promise.all([
        fetchResolution('main', w.from, w.to, pointsFor('main'), ctrl.signal),
        fetchResolution('spark', w.from, w.to, pointsFor('spark'), ctrl.signal),
        fetchResolution('prev', prevFrom, w.from, PREV_POINTS, ctrl.signal),
      ]);
      if (ctrl.signal.aborted || !running) return;
      // Ticks that arrived while the request was in flight are newer than its answer.
      if (w.live)
        for (const t of recent) {
          foldTick(t, main, t.t - spanMs);
          foldTick(t, spark, t.t - spanMs);
        }
      const newest = w.live ? Math.max(w.to, main.to) : w.to;
      emit({
        status: 'ready',
        error: null,
        live: w.live,
        from: clampFrom(w.live ? newest - spanMs : w.from, newest),
        to: newest,
        prevFrom,
        prevTo: w.from,
        main,
        spark,
        prev,
        fetches: snap.fetches + 1,
      });
      if (w.live) scheduleRefetch(refetchIntervalMs(spanMs));
    } catch (err) {
      if (ctrl.signal.aborted || !running) return;
      emit({ status: 'error', error: err instanceof Error ? err.message : String(err) });
      if (w.live) scheduleRefetch(RETRY_MS);
    }
  }

  function scheduleLoad(delayMs: number): void {
    if (!running) return;
    if (loadTimer) clearTimeout(loadTimer);
    loadTimer = setTimeout(() => {
      loadTimer = null;
      void load();
    }, delayMs);
  }

  /** Fetch again when a chart got narrower than the points it has, or much wider (more detail fits). */
  function widthsChanged(): void {
    if (!snap.main || !snap.spark) {
      scheduleLoad(30);
      return;
    }
    const stale = (res: Resolution, kind: WidthKind) => {
      const want = pointsFor(kind);
      return want < res.maxPoints || want > res.maxPoints * 1.5;
    };
    if (stale(snap.main, 'main') || stale(snap.spark, 'spark')) scheduleLoad(300);
  }

  return {
    getSnapshot: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    reportWidth(kind, key, px) {
      if (!(px > 0)) return;
      const before = widthOf(kind);
      widths[kind].set(key, px);
      fallback[kind] = widthOf(kind);
      if (widthOf(kind) !== before || !snap.main) widthsChanged();
    },
    dropWidth(kind, key) {
      widths[kind].delete(key);
    },
    widths: () => ({ main: widthOf('main'), spark: widthOf('spark') }),
    refetch() {
      scheduleLoad(0);
    },
    start() {
      if (running) return;
      running = true;
      unsubscribe = o.subscribeTicks(onTick);
      scheduleLoad(0);
    },
    stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      abort?.abort();
      abort = null;
      if (loadTimer) clearTimeout(loadTimer);
      if (refetchTimer) clearTimeout(refetchTimer);
      loadTimer = null;
      refetchTimer = null;
    },
  };
}
