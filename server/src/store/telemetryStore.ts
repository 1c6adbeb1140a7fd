import {
  createRollUp,
  FLEET_METRICS,
  type FleetIndex,
  formatSeriesId,
  HALL_METRICS,
  HISTORY_FORMAT,
  type HistoryResponse,
  hallMetric,
  METRIC_UNITS,
  type RackBlock,
  type RackWire,
  SITE_METRICS,
  type SiteSample,
  siteMetric,
  type TierName,
} from '@gigawatt/shared';
import { float32Digits } from './float32Digits.ts';
import { JsonBytes } from './jsonBytes.ts';
import {
  type ChunkScratch,
  DEFAULT_TIERS,
  type DownsampledColumns,
  type TierBlock,
  type TierChunk,
  TieredHistory,
  type TierSpec,
} from './tieredHistory.ts';

export interface HistoryQuery {
  series: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

function siteKeys(idx: FleetIndex, siteId: string): string[] {
  const site = idx.site(siteId)!;
  const keys = SITE_METRICS.map((metric) => formatSeriesId({ level: 'site', site: siteId, metric }));
  for (const h of site.halls) {
    for (const metric of HALL_METRICS)
      keys.push(formatSeriesId({ level: 'hall', site: siteId, hall: h.id, metric }));
  }
  return keys;
}

/** Values of a site sample in the same order as siteKeys(): its own metrics first, then each hall's. */
function siteRow(idx: FleetIndex, sample: SiteSample, out: Float64Array): Float64Array {
  let i = 0;
  for (const metric of SITE_METRICS) out[i++] = siteMetric(sample, metric, idx);
  const site = idx.site(sample.site)!;
  for (const hc of site.halls) {
    const h = sample.halls.find((x) => x.hall === hc.id);
    for (const metric of HALL_METRICS) out[i++] = h ? hallMetric(sample.site, h, metric, idx) : Number.NaN;
  }
  return out;
}

export { float32Digits } from './float32Digits.ts';

/**
 * The fleet row from the site rows held for one second, by each metric's registry roll-up: late data
 * arrives as rows, not samples, so the fleet row is recomputed from what history holds.
 */
const rollUpSites = createRollUp(SITE_METRICS, FLEET_METRICS);

/** Values in the arena historyHead keeps for its columns at most (2 MB): a week of 48 series at 1000 points. */
const MAX_ARENA = 256 * 1024;

/** A history query resolved to what its answer depends on (see TelemetryStore.historyWindow). */
export interface HistoryWindow {
  /** Equal keys, equal heads (at one history version). */
  key: string;
  tierIndex: number;
  /** First and last bucket start the answer may hold, at the tier's step. */
  start: number;
  end: number;
  maxPoints: number;
  series: readonly string[];
}

/** One history query's columns before they are printed: the tier, the merged step, one entry per id. */
export interface HistoryColumns {
  tier: TierName;
  stepMs: number;
  series: { id: string; unit: string; c: DownsampledColumns }[];
}

const NO_COLUMNS: DownsampledColumns = {
  t: new Float64Array(0),
  mean: new Float64Array(0),
  min: new Float64Array(0),
  max: new Float64Array(0),
};

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One table's whole tier (TieredHistory.exportBlock): `table` is a site id or "fleet". */
export interface TableBlock {
  table: string;
  keys: readonly string[];
  tier: TierBlock;
}

/** One table's tier as a checkpoint chunk: `table` is a site id or "fleet". */
export interface StoreChunk {
  table: string;
  keys: readonly string[];
  chunk: TierChunk;
}

/**
 * Latest state and bounded history of the fleet. Assumes its inputs were validated at the ingest gate,
 * which decides what is live and what is late; the store writes what it is given. History is addressed
 * by time, so a late row lands in its own second and a repeated row changes nothing. The store also
 * keeps the fleet roll-up: each second's fleet row is recomputed from the site rows held for it.
 */
export class TelemetryStore {
  readonly idx: FleetIndex;
  private readonly latestBySite = new Map<string, SiteSample>();
  private readonly racksByHall = new Map<string, { block: RackBlock; wire: RackWire }>();
  private readonly siteHistory = new Map<string, TieredHistory>();
  private readonly fleetHistory: TieredHistory;
  private readonly rows = new Map<string, Float64Array>();
  private readonly siteRows: Float64Array[];
  private readonly fleetRow = new Float64Array(FLEET_METRICS.length);
  private readonly tiers: readonly TierSpec[];
  private writes = 0;
  /** Where historyHead's columns go (see there). */
  private columnArena = new Float64Array(0);

  constructor(idx: FleetIndex, tiers: readonly TierSpec[] = DEFAULT_TIERS) {
    this.idx = idx;
    this.tiers = tiers;
    for (const s of idx.fleet.sites) {
      const keys = siteKeys(idx, s.id);
      this.siteHistory.set(s.id, new TieredHistory(keys, tiers));
      this.rows.set(s.id, new Float64Array(keys.length));
    }
    this.siteRows = idx.fleet.sites.map(() => new Float64Array(SITE_METRICS.length));
    this.fleetHistory = new TieredHistory(
      FLEET_METRICS.map((metric) => formatSeriesId({ level: 'fleet', metric })),
      tiers,
    );
  }

  /**
   * Writes a validated sample into history; `live` (the gate's verdict) also makes it the site's latest
   * value when it is newer than the one held. False when t is older than the finest tier keeps.
   */
  putSample(sample: SiteSample, live = true): boolean {
    const row = siteRow(this.idx, sample, this.rows.get(sample.site)!);
    if (!this.siteHistory.get(sample.site)!.append(sample.t, row)) return false;
    this.writes++;
    const prev = this.latestBySite.get(sample.site);
    if (live && (!prev || sample.t > prev.t)) this.latestBySite.set(sample.site, sample);
    this.rollUpSecond(sample.t);
    return true;
  }

  /** Recomputes the fleet row of the second containing t from the sites that have a row for it. */
  private rollUpSecond(t: number, coarse = true): void {
    const second = Math.floor(t / 1000) * 1000;
    const present: Float64Array[] = [];
    this.idx.fleet.sites.forEach((s, i) => {
      const row = this.siteRows[i]!;
      if (this.siteHistory.get(s.id)!.rowAt(second, row, SITE_METRICS.length)) present.push(row);
    });
    if (present.length === 0) return;
    const row = rollUpSites(present, this.fleetRow);
    if (coarse) this.fleetHistory.append(second, row);
    else this.fleetHistory.appendRow(second, row);
  }

  /**
   * History synthesis of the recent past, second by second (one fleet snapshot per second, oldest
   * first): the same history as putSample for each sample, but the coarser tiers are computed once per
   * bucket at the end instead of once per sample (or not at all: `rollUp: false` leaves them to the
   * store these rows are merged into). The newest samples become the latest values.
   */
  putSynthesized(seconds: readonly (readonly SiteSample[])[], opts: { rollUp?: boolean } = {}): void {
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const snapshot of seconds) {
      for (const sample of snapshot) {
        const row = siteRow(this.idx, sample, this.rows.get(sample.site)!);
        if (!this.siteHistory.get(sample.site)!.appendRow(sample.t, row)) continue;
        const prev = this.latestBySite.get(sample.site);
        if (!prev || sample.t > prev.t) this.latestBySite.set(sample.site, sample);
        if (sample.t < from) from = sample.t;
        if (sample.t > to) to = sample.t;
      }
      if (snapshot.length > 0) this.rollUpSecond(snapshot[0]!.t, false);
    }
    if (!(from <= to)) return;
    if (opts.rollUp !== false) this.rollUp(from, to);
    this.writes++;
  }

  /** Recomputes every table's coarser buckets overlapping [from, to] from its finest tier. */
  rollUp(from: number, to: number): void {
    for (const h of this.siteHistory.values()) h.rollUp(from, to);
    this.fleetHistory.rollUp(from, to);
    this.writes++;
  }

  /**
   * One tier of every table, handed over whole (the backfill worker's store: it writes no more there).
   * The receiving store adopts them with adoptBlocks.
   */
  exportBlocks(name: TierName): TableBlock[] {
    const out: TableBlock[] = [];
    for (const [table, h] of this.siteHistory) out.push({ table, keys: h.keys, tier: h.exportBlock(name) });
    out.push({ table: 'fleet', keys: this.fleetHistory.keys, tier: this.fleetHistory.exportBlock(name) });
    return out;
  }

  /**
   * Takes over tiers synthesized elsewhere (TieredHistory.adoptBlock: what this store holds in them is
   * kept). Throws, having changed nothing, when a block does not fit this store (another fleet).
   */
  adoptBlocks(blocks: readonly TableBlock[]): void {
    const tables = blocks.map((b) => {
      const h = b.table === 'fleet' ? this.fleetHistory : this.siteHistory.get(b.table);
      if (!h?.fits(b.keys, b.tier)) throw new Error(`a synthesized block for "${b.table}" does not fit`);
      return h;
    });
    for (const [i, b] of blocks.entries()) tables[i]!.adoptBlock(b.tier);
    this.writes++;
  }

  /**
   * Counts every write to history: equal counts mean equal history, so an answer cached (or an ETag
   * given) at one count is still right while the count has not moved. Not kept across restarts.
   */
  get historyVersion(): number {
    return this.writes;
  }

  /** Seconds (ms) for which the site has a row in the finest tier, oldest first: primes the ingest gate. */
  secondsHeld(siteId: string): number[] {
    return this.siteHistory.get(siteId)?.rowTimes() ?? [];
  }

  latestSample(siteId: string): SiteSample | undefined {
    return this.latestBySite.get(siteId);
  }

  putRacks(block: RackBlock, wire: RackWire): boolean {
    const key = `${block.site}/${block.hall}`;
    const prev = this.racksByHall.get(key);
    if (prev && block.t <= prev.block.t) return false;
    this.racksByHall.set(key, { block, wire });
    return true;
  }

  latestSamples(): SiteSample[] {
    const out: SiteSample[] = [];
    for (const s of this.idx.fleet.sites) {
      const x = this.latestBySite.get(s.id);
      if (x) out.push(x);
    }
    return out;
  }

  latestRacks(siteId: string, hallId: string): RackWire | undefined {
    return this.racksByHall.get(`${siteId}/${hallId}`)?.wire;
  }

  /** Checkpoint chunks, one table tier at a time (each a copy made when it is pulled). */
  *exportChunks(scratch?: ChunkScratch): Generator<StoreChunk> {
    for (const [table, h] of this.siteHistory)
      for (const chunk of h.exportChunks(scratch)) yield { table, keys: h.keys, chunk };
    for (const chunk of this.fleetHistory.exportChunks(scratch)) {
      yield { table: 'fleet', keys: this.fleetHistory.keys, chunk };
    }
  }

  /**
   * exportChunks for a checkpoint written beside live traffic: each table tier copied a few hundred
   * columns at a time, yielding to the event loop after each `sliceMs` of copying (a whole tier at
   * once held it up to ~40 ms). Each chunk is valid until the next is pulled (it lives in `scratch`).
   */
  async *exportChunksSliced(scratch: ChunkScratch, sliceMs = 4): AsyncGenerator<StoreChunk> {
    const tables: [string, TieredHistory][] = [...this.siteHistory, ['fleet', this.fleetHistory]];
    for (const [table, h] of tables) {
      for (let i = 0; i < h.tierSpecs.length; i++) {
        const copy = h.chunkCopy(i, scratch);
        let k = 0;
        while (k < h.keys.length) {
          const until = performance.now() + sliceMs;
          // 16 columns between clock reads (a few hundred microseconds for the largest tier), at least
          // once per slice.
          do {
            const to = Math.min(h.keys.length, k + 16);
            copy.columns(k, to);
            k = to;
          } while (k < h.keys.length && performance.now() < until);
          if (k < h.keys.length) await new Promise<void>((resolve) => setImmediate(resolve));
        }
        yield { table, keys: h.keys, chunk: copy.finish() };
      }
    }
  }

  /** Restores one checkpoint chunk; sites or series the fleet config no longer has are skipped. */
  importChunk(c: StoreChunk): void {
    const h = c.table === 'fleet' ? this.fleetHistory : this.siteHistory.get(c.table);
    h?.importChunk(c.keys, c.chunk);
    this.writes++;
  }

  /** Restores the latest live values (checkpoint); samples of sites the fleet no longer has are skipped. */
  restoreLatest(samples: readonly SiteSample[]): void {
    for (const s of samples) {
      const prev = this.latestBySite.get(s.site);
      if (this.idx.site(s.site) && (!prev || s.t > prev.t)) this.latestBySite.set(s.site, s);
    }
  }

  /** History synthesis: one pre-aggregated bucket of a whole fleet snapshot into a tier. */
  backfillBucket(tier: TierName, t: number, snapshots: readonly SiteSample[][]): void {
    if (snapshots.length === 0) return;
    this.writes++;
    for (const s of this.idx.fleet.sites) {
      const keys = this.siteHistory.get(s.id)!.keys.length;
      const mean = new Float64Array(keys);
      const min = new Float64Array(keys).fill(Number.POSITIVE_INFINITY);
      const max = new Float64Array(keys).fill(Number.NEGATIVE_INFINITY);
      const row = new Float64Array(keys);
      let n = 0;
      for (const snap of snapshots) {
        const sample = snap.find((x) => x.site === s.id);
        if (!sample) continue;
        siteRow(this.idx, sample, row);
        for (let i = 0; i < keys; i++) {
          mean[i]! += row[i]!;
          if (row[i]! < min[i]!) min[i] = row[i]!;
          if (row[i]! > max[i]!) max[i] = row[i]!;
        }
        n++;
      }
      if (n === 0) continue;
      for (let i = 0; i < keys; i++) mean[i]! /= n;
      this.siteHistory.get(s.id)!.appendAggregate(tier, t, mean, min, max);
    }
    const fm = new Float64Array(FLEET_METRICS.length);
    const fmin = new Float64Array(FLEET_METRICS.length).fill(Number.POSITIVE_INFINITY);
    const fmax = new Float64Array(FLEET_METRICS.length).fill(Number.NEGATIVE_INFINITY);
    const fleetRow = new Float64Array(FLEET_METRICS.length);
    for (const snap of snapshots) {
      const rows = snap.map((sample) => SITE_METRICS.map((m) => siteMetric(sample, m, this.idx)));
      rollUpSites(rows, fleetRow);
      for (let i = 0; i < fleetRow.length; i++) {
        const v = fleetRow[i]!;
        fm[i]! += v;
        if (v < fmin[i]!) fmin[i] = v;
        if (v > fmax[i]!) fmax[i] = v;
      }
    }
    for (let i = 0; i < fm.length; i++) fm[i]! /= snapshots.length;
    this.fleetHistory.appendAggregate(tier, t, fm, fmin, fmax);
  }

  private tableOf(seriesId: string): TieredHistory | undefined {
    if (seriesId.startsWith('fleet:')) return this.fleetHistory;
    const site = seriesId.split(':')[1];
    const table = site === undefined ? undefined : this.siteHistory.get(site);
    return table?.has(seriesId) ? table : undefined;
  }

  hasSeries(seriesId: string): boolean {
    return this.tableOf(seriesId)?.has(seriesId) ?? false;
  }

  /**
   * What an answer to q is made of besides the history version and the from/to it echoes: the finest
   * tier that reaches back to `from` (the same tier for every requested series, so they share one time
   * axis) and the first and last bucket start the range can hold there. Queries with equal keys get
   * equal heads at one history version: viewers asking for "the last 7 days" within one minute share
   * one answer at the 1 min tier, however many milliseconds their `to` differ by.
   */
  historyWindow(q: HistoryQuery): HistoryWindow {
    let tierIndex = 0;
    for (const id of q.series) {
      const table = this.tableOf(id);
      if (table) tierIndex = Math.max(tierIndex, table.pickTier(q.from));
    }
    const stepMs = this.tiers[tierIndex]!.stepMs;
    // A tier's buckets start at multiples of its step: [from, to] holds those from the first at or after
    // `from` to the last at or before `to`, so these two say all that `from` and `to` decide.
    const start = Math.ceil(q.from / stepMs) * stepMs;
    const end = Math.floor(q.to / stepMs) * stepMs;
    const series = q.series;
    return {
      key: `${tierIndex}|${start}|${end}|${q.maxPoints}|${series.join(',')}`,
      tierIndex,
      start,
      end,
      maxPoints: q.maxPoints,
      series,
    };
  }

  /**
   * The columns of an answer (before printing), merged down to at most maxPoints buckets per series;
   * views of `arena` (see TieredHistory.readDownsampled) when given and large enough.
   */
  historyColumns(q: HistoryQuery | HistoryWindow, arena?: Float64Array): HistoryColumns {
    const w = 'key' in q ? q : this.historyWindow(q);
    const spec = this.tiers[w.tierIndex]!;
    let step = spec.stepMs;
    // One pass per table for all of its requested series.
    const byTable = new Map<TieredHistory | undefined, string[]>();
    for (const id of w.series) {
      const table = this.tableOf(id);
      const list = byTable.get(table);
      if (list) list.push(id);
      else byTable.set(table, [id]);
    }
    const columns = new Map<string, DownsampledColumns>();
    let used = 0;
    for (const [table, ids] of byTable) {
      if (!table) continue;
      const room = 4 * ids.length * (w.maxPoints + 1);
      const part = arena && arena.length >= used + room ? arena.subarray(used, used + room) : undefined;
      used += room;
      const d = table.readDownsampled(ids, w.tierIndex, w.start, w.end, w.maxPoints, part);
      step = Math.max(step, d.step);
      for (const [i, id] of ids.entries()) columns.set(id, d.columns[i]!);
    }
    const series = w.series.map((id) => {
      const metric = id.slice(id.lastIndexOf(':') + 1) as keyof typeof METRIC_UNITS;
      return { id, unit: METRIC_UNITS[metric] ?? '', c: columns.get(id) ?? NO_COLUMNS };
    });
    return { tier: spec.name, stepMs: step, series };
  }

  /** The answer per series (in-process callers, tests and format=1; the HTTP API prints historyHead). */
  history(q: HistoryQuery): HistoryResponse {
    const h = this.historyColumns(q);
    const series = h.series.map(({ id, unit, c }) => ({
      id,
      unit,
      t: Array.from(c.t),
      mean: Array.from(c.mean, float32Digits),
      min: Array.from(c.min, float32Digits),
      max: Array.from(c.max, float32Digits),
    }));
    return { from: q.from, to: q.to, tier: h.tier, stepMs: h.stepMs, series };
  }

  /**
   * The GET /api/history body (historyWireSchema, format 2) as UTF-8 JSON: historyHead then historyTail
   * (in-process callers and tests; the HTTP route keeps the head per window and appends each tail).
   */
  historyJson(q: HistoryQuery): Buffer {
    return Buffer.concat([this.historyHead(this.historyWindow(q)), historyTail(q)]);
  }

  /**
   * The body without its closing `,"from":…,"to":…}`, printed straight from the columns: the same bytes
   * for every query of one window at one history version. The shared time column is the longest
   * series' times; a series whose times differ (holes, or a table merged at another step) carries its own.
   */
  historyHead(w: HistoryWindow): Buffer {
    // The columns are printed at once: one arena, kept, rather than a megabyte of new ones per answer
    // (the largest queries, 64 series of 5000 points, get new ones rather than 10 MB kept for them).
    const room = 4 * w.series.length * (w.maxPoints + 1);
    if (this.columnArena.length < room && room <= MAX_ARENA) this.columnArena = new Float64Array(room);
    const h = this.historyColumns(w, this.columnArena);
    let shared = NO_COLUMNS.t;
    for (const s of h.series) if (s.c.t.length > shared.length) shared = s.c.t;
    let values = 0;
    for (const s of h.series) values += s.c.t.length * 3;
    // About 8 bytes per printed value: one buffer, rarely grown.
    const out = new JsonBytes(values * 9 + shared.length * 15 + h.series.length * 96 + 256);
    out
      .raw(`{"format":${HISTORY_FORMAT},"tier":"${h.tier}","stepMs":`)
      .number(h.stepMs)
      .raw(',"t":')
      .numberArray(shared)
      .raw(',"series":[');
    h.series.forEach(({ id, unit, c }, i) => {
      if (i > 0) out.byte(0x2c);
      out.raw('{"id":').string(id).raw(',"unit":').string(unit);
      if (!sameTimes(c.t, shared)) out.raw(',"t":').numberArray(c.t);
      out.raw(',"mean":').float32Array(c.mean);
      out.raw(',"min":').float32Array(c.min);
      out.raw(',"max":').float32Array(c.max).byte(0x7d);
    });
    return out.byte(0x5d).bytes();
  }
}

/** The end of a history body: the range asked for, as asked, and the closing brace. */
export function historyTail(q: Pick<HistoryQuery, 'from' | 'to'>): Buffer {
  return new JsonBytes(64).raw(',"from":').number(q.from).raw(',"to":').number(q.to).byte(0x7d).bytes();
}
