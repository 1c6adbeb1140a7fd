import {
  type FleetIndex,
  fleetMetric,
  type HistoryResponse,
  hallMetric,
  METRIC_UNITS,
  parseSeriesId,
  rollupFleet,
  type SeriesRef,
  type SiteSample,
  siteMetric,
} from '@gigawatt/shared';
import type { HistoryQuery } from './TelemetrySource.ts';

/** The file holds one sample per site per second: the server's finest tier. */
const STEP_MS = 1000;

interface Group {
  t: number[];
  mean: number[];
  min: number[];
  max: number[];
  /** The bucket being accumulated. */
  at: number;
  sum: number;
  count: number;
  lo: number;
  hi: number;
}

function closeBucket(g: Group): void {
  if (g.count === 0) return;
  g.t.push(g.at);
  g.mean.push(g.sum / g.count);
  g.min.push(g.lo);
  g.max.push(g.hi);
  g.count = 0;
}

function add(g: Group, bucket: number, v: number): void {
  if (!Number.isFinite(v)) return; // as the server's downsample: a missing hall is no point, not a zero
  if (bucket !== g.at) {
    closeBucket(g);
    g.at = bucket;
    g.sum = 0;
    g.lo = Number.POSITIVE_INFINITY;
    g.hi = Number.NEGATIVE_INFINITY;
  }
  g.sum += v;
  g.count++;
  if (v < g.lo) g.lo = v;
  if (v > g.hi) g.hi = v;
}

/** Resolves series ids against the recording's fleet; throws the server's message for a bad id. */
export function parseHistorySeries(ids: readonly string[], idx: FleetIndex): SeriesRef[] {
  return ids.map((id) => {
    const ref = parseSeriesId(id, idx);
    if (typeof ref === 'string') throw new Error(`history request failed: ${ref}`);
    return ref;
  });
}

/** Sites whose samples a set of series needs (every site for a fleet series). */
export function sitesForSeries(refs: readonly SeriesRef[], idx: FleetIndex): string[] {
  if (refs.some((r) => r.level === 'fleet')) return idx.fleet.sites.map((s) => s.id);
  return [...new Set(refs.flatMap((r) => (r.level === 'fleet' ? [] : [r.site])))];
}

/**
 * The server's `/api/history` answer computed from a recording: one 1 s bucket per second (the fleet
 * rolled up from that second's samples with the same shared roll-up the server uses), merged into
 * groups of `factor` seconds with min / max / mean so at most `maxPoints` points come back. Streams:
 * memory is per output point, not per second read.
 *
 * `samples` must be in time order and already limited to [from, to] (ms, inclusive).
 */
export async function historyFromSamples(
  samples: AsyncIterable<SiteSample>,
  query: HistoryQuery,
  bounds: { from: number; to: number },
  idx: FleetIndex,
  signal?: AbortSignal,
): Promise<HistoryResponse> {
  const refs = parseHistorySeries(query.series, idx);
  const span = Math.max(1, Math.floor((bounds.to - bounds.from) / STEP_MS) + 1);
  const factor = Math.max(1, Math.ceil(span / Math.max(1, Math.floor(query.maxPoints))));
  const step = STEP_MS * factor;
  const groups: Group[] = refs.map(() => ({
    t: [],
    mean: [],
    min: [],
    max: [],
    at: Number.NaN,
    sum: 0,
    count: 0,
    lo: 0,
    hi: 0,
  }));

  let second = Number.NaN;
  const bySite = new Map<string, SiteSample>();
  const flushSecond = () => {
    if (bySite.size === 0) return;
    const bucket = Math.floor(second / step) * step;
    const all = [...bySite.values()];
    const totals = refs.some((r) => r.level === 'fleet') ? rollupFleet(all, idx) : null;
    refs.forEach((ref, i) => {
      const g = groups[i]!;
      if (ref.level === 'fleet') {
        if (totals) add(g, bucket, fleetMetric(totals, ref.metric));
        return;
      }
      const s = bySite.get(ref.site);
      if (!s) return;
      if (ref.level === 'site') {
        add(g, bucket, siteMetric(s, ref.metric, idx));
        return;
      }
      const h = s.halls.find((x) => x.hall === ref.hall);
      if (h) add(g, bucket, hallMetric(ref.site, h, ref.metric, idx));
    });
    bySite.clear();
  };

  for await (const sample of samples) {
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    const s = Math.floor(sample.t / STEP_MS) * STEP_MS;
    if (s !== second) {
      flushSecond();
      second = s;
    }
    // Sites the recording's fleet does not know cannot be rendered (and would skew the roll-up).
    if (idx.site(sample.site)) bySite.set(sample.site, sample);
  }
  flushSecond();
  for (const g of groups) closeBucket(g);

  return {
    from: query.from,
    to: query.to,
    tier: '1s',
    stepMs: step,
    series: refs.map((ref, i) => {
      const g = groups[i]!;
      return {
        id: query.series[i]!,
        unit: METRIC_UNITS[ref.metric],
        t: g.t,
        mean: g.mean,
        min: g.min,
        max: g.max,
      };
    }),
  };
}
