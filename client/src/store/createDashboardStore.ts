import {
  type Alert,
  type FleetConfig,
  type FleetIndex,
  type FleetTotals,
  fleetMetric,
  type HistoryResponse,
  hallMetric,
  indexFleet,
  type RackBlock,
  rollupFleet,
  type SiteSample,
  siteMetric,
  type Tick,
} from '@gigawatt/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SourceCapability, SourceEvent, SourceStatus } from '../sources/TelemetrySource.ts';
import { appendPoint, type ColumnBuffer, createColumnBuffer, mergePoints } from './columnBuffer.ts';
import { type ServerClockSync, serverTimeAt } from './freshness.ts';
import { applyAlertEvent, openAlertsFrom } from './openAlerts.ts';
import {
  bufferedSeriesIds,
  FLEET_BUFFER_METRICS,
  fleetSeries,
  HALL_BUFFER_METRICS,
  hallSeries,
  SITE_BUFFER_METRICS,
  siteSeries,
} from './seriesCatalog.ts';

/** Live charts show the last 15 minutes. */
export const LIVE_WINDOW_MS = 15 * 60_000;
/** One point a second over the window, plus room for jitter and late samples. */
export const LIVE_CAPACITY = 1024;

export interface DashboardState {
  fleet: FleetConfig | null;
  index: FleetIndex | null;
  status: SourceStatus;
  capabilities: ReadonlySet<SourceCapability>;
  /** Why the source gave up or what last went wrong; shown on screen. */
  error: { kind: string; message: string } | null;
  /** Newest tick, its fleet roll-up and its samples by site id (1 Hz; safe for React selectors). */
  latest: Tick | null;
  totals: FleetTotals | null;
  sites: ReadonlyMap<string, SiteSample>;
  /** Client clock (ms) when the newest tick arrived. */
  lastUpdateAt: number | null;
  /** The server's clock as of the last hello (its time and rate), for "now" in server time. */
  clock: ServerClockSync | null;
  /**
   * Column buffers by series id. Mutated in place (never replaced), so charts read them from a
   * `store.subscribe` callback keyed on `dataVersion` instead of through React renders.
   */
  series: ReadonlyMap<string, ColumnBuffer>;
  dataVersion: number;
  /** Newest rack block of a subscribed hall. */
  racks: RackBlock | null;
  /** Open alerts (raised or acknowledged) by id. */
  alerts: ReadonlyMap<string, Alert>;
}

export type DashboardStore = StoreApi<DashboardState>;

export interface DashboardStoreOptions {
  capabilities?: ReadonlySet<SourceCapability>;
  windowMs?: number;
  capacity?: number;
  now?: () => number;
}

interface Internals {
  windowMs: number;
  capacity: number;
  now: () => number;
  fleetJson: string;
}
const internals = new WeakMap<DashboardStore, Internals>();

function internalsOf(store: DashboardStore): Internals {
  const i = internals.get(store);
  if (!i) throw new Error('not a dashboard store');
  return i;
}

export function createDashboardStore(options: DashboardStoreOptions = {}): DashboardStore {
  const store = createStore<DashboardState>()(() => ({
    fleet: null,
    index: null,
    status: 'connecting',
    capabilities: options.capabilities ?? new Set<SourceCapability>(),
    error: null,
    latest: null,
    totals: null,
    sites: new Map(),
    lastUpdateAt: null,
    clock: null,
    series: new Map(),
    dataVersion: 0,
    racks: null,
    alerts: new Map(),
  }));
  internals.set(store, {
    windowMs: options.windowMs ?? LIVE_WINDOW_MS,
    capacity: options.capacity ?? LIVE_CAPACITY,
    now: options.now ?? Date.now,
    fleetJson: '',
  });
  return store;
}

/** Builds buffers for a fleet, keeping those of series that still exist (a reconnect keeps its charts). */
function buffersFor(
  fleet: FleetConfig,
  old: ReadonlyMap<string, ColumnBuffer>,
  i: Internals,
): Map<string, ColumnBuffer> {
  const next = new Map<string, ColumnBuffer>();
  const add = (id: string) => next.set(id, old.get(id) ?? createColumnBuffer(i.capacity, i.windowMs));
  for (const id of bufferedSeriesIds(fleet)) add(id);
  return next;
}

export function applyHello(
  store: DashboardStore,
  fleet: FleetConfig,
  serverTime: number,
  alerts: readonly Alert[] = [],
  clockRate = 1,
): void {
  const i = internalsOf(store);
  const json = JSON.stringify(fleet);
  const clock: ServerClockSync = { serverTime, receivedAt: i.now(), rate: clockRate };
  // A (re)connect brings the authoritative list of open alerts.
  const open = openAlertsFrom(alerts);
  if (json === i.fleetJson) {
    store.setState({ clock, error: null, alerts: open });
    return;
  }
  i.fleetJson = json;
  const s = store.getState();
  store.setState({
    fleet,
    index: indexFleet(fleet),
    clock,
    error: null,
    series: buffersFor(fleet, s.series, i),
    dataVersion: s.dataVersion + 1,
    alerts: open,
  });
}

type Buffers = ReadonlyMap<string, ColumnBuffer>;
/**
 * The buffers of a site or hall (key "site" or "site/hall"), in the order of SITE_BUFFER_METRICS or
 * HALL_BUFFER_METRICS: resolved once per buffer map instead of building every series id and looking it
 * up for every point of every tick.
 */
const bufferRows = new WeakMap<Buffers, Map<string, readonly (ColumnBuffer | undefined)[]>>();

function rowOf(series: Buffers, key: string, ids: () => string[]): readonly (ColumnBuffer | undefined)[] {
  let rows = bufferRows.get(series);
  if (!rows) {
    rows = new Map();
    bufferRows.set(series, rows);
  }
  let row = rows.get(key);
  if (!row) {
    row = ids().map((id) => series.get(id));
    rows.set(key, row);
  }
  return row;
}

/** Appends ticks (in seq order) to the buffers and publishes the newest one; one store update per call. */
export function applyTicks(store: DashboardStore, ticks: readonly Tick[]): void {
  if (ticks.length === 0) return;
  const s = store.getState();
  const { index, series } = s;
  let totals = s.totals;
  const fleetRow = rowOf(series, '', () => FLEET_BUFFER_METRICS.map(fleetSeries));
  for (const tick of ticks) {
    if (!index) continue;
    for (const site of tick.sites) {
      if (!index.site(site.site)) continue;
      const siteRow = rowOf(series, site.site, () =>
        SITE_BUFFER_METRICS.map((m) => siteSeries(site.site, m)),
      );
      for (let i = 0; i < SITE_BUFFER_METRICS.length; i++) {
        const b = siteRow[i];
        if (b) appendPoint(b, site.t, siteMetric(site, SITE_BUFFER_METRICS[i]!, index));
      }
      for (const h of site.halls) {
        const hallRow = rowOf(series, `${site.site}/${h.hall}`, () =>
          HALL_BUFFER_METRICS.map((m) => hallSeries(site.site, h.hall, m)),
        );
        for (let i = 0; i < HALL_BUFFER_METRICS.length; i++) {
          const b = hallRow[i];
          if (b) appendPoint(b, site.t, hallMetric(site.site, h, HALL_BUFFER_METRICS[i]!, index));
        }
      }
    }
    totals = rollupFleet(tick.sites, index);
    FLEET_BUFFER_METRICS.forEach((m, i) => {
      const b = fleetRow[i];
      if (b) appendPoint(b, tick.t, fleetMetric(totals!, m));
    });
  }
  const latest = ticks[ticks.length - 1]!;
  if (!index) totals = null;
  store.setState({
    latest,
    totals,
    sites: new Map(latest.sites.map((x) => [x.site, x])),
    lastUpdateAt: internalsOf(store).now(),
    dataVersion: s.dataVersion + 1,
  });
}

/**
 * Merges a history response into the buffers. Live points win; history only fills where the buffer has
 * nothing within half a history step, so a backfill never doubles or overwrites what arrived live.
 */
export function applyHistory(store: DashboardStore, response: HistoryResponse): number {
  const s = store.getState();
  const tolerance = Math.max(500, response.stepMs / 2);
  let added = 0;
  for (const h of response.series) {
    const b = s.series.get(h.id);
    if (b) added += mergePoints(b, h.t, h.mean, tolerance);
  }
  if (added > 0) store.setState({ dataVersion: s.dataVersion + 1 });
  return added;
}

export function applySourceEvent(store: DashboardStore, event: SourceEvent): void {
  switch (event.type) {
    case 'status':
      store.setState({ status: event.status });
      return;
    case 'hello':
      applyHello(store, event.fleet, event.serverTime, event.alerts, event.clockRate);
      return;
    case 'alert':
      store.setState({ alerts: applyAlertEvent(store.getState().alerts, event.event) });
      return;
    case 'ticks':
      applyTicks(store, event.ticks);
      return;
    case 'racks':
      store.setState({ racks: event.block });
      return;
    case 'gap':
      return; // filled by the history filler
    case 'reset':
      resetData(store);
      return;
    case 'error':
      store.setState({ error: { kind: event.kind, message: event.message } });
      return;
  }
}

export function resetData(store: DashboardStore): void {
  const i = internalsOf(store);
  const s = store.getState();
  const series = new Map<string, ColumnBuffer>();
  for (const id of s.series.keys()) series.set(id, createColumnBuffer(i.capacity, i.windowMs));
  store.setState({
    latest: null,
    totals: null,
    sites: new Map(),
    lastUpdateAt: null,
    series,
    dataVersion: s.dataVersion + 1,
    racks: null,
  });
}

/**
 * Forgets everything of the previous source, the fleet included (a recording may carry another fleet,
 * and its clock starts at its own playhead): the views wait for the new source's hello as on a first
 * load, so no chart asks for history against the old source's clock.
 */
export function resetForSource(
  store: DashboardStore,
  capabilities: ReadonlySet<SourceCapability>,
  status: SourceStatus,
): void {
  const i = internalsOf(store);
  i.fleetJson = '';
  const s = store.getState();
  store.setState({
    fleet: null,
    index: null,
    status,
    capabilities,
    error: null,
    latest: null,
    totals: null,
    sites: new Map(),
    lastUpdateAt: null,
    clock: null,
    series: new Map(),
    dataVersion: s.dataVersion + 1,
    racks: null,
    alerts: new Map(),
  });
}

/** The server's idea of "now" (its clock may run faster than the wall's), for history and ages. */
export function serverNow(store: DashboardStore): number {
  return serverTimeAt(store.getState().clock, internalsOf(store).now());
}

export function storeWindowMs(store: DashboardStore): number {
  return internalsOf(store).windowMs;
}
