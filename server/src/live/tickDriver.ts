import type { SiteSample, Tick } from '@gigawatt/shared';
import { MAX_CATCH_UP_S } from '../secondTimer.ts';

/** A site with no sample for this long no longer holds back an early tick. */
const ACTIVE_SITE_MS = 5000;
/** Recent live samples kept per site, so a tick built after newer samples arrived shows its own second. */
const RECENT_PER_SITE = 64;

/** What the driver reads of the store: each site's latest live sample. */
export interface LatestSamples {
  latestSample(siteId: string): SiteSample | undefined;
  latestSamples(): SiteSample[];
}

export interface TickDriverOptions {
  /** Site ids in fleet order (the order of a tick's `sites`). */
  sites: readonly string[];
  store: LatestSamples;
  now: () => number;
  /** Where a tick goes once built: this node's viewers and, in a cluster, the other nodes. */
  deliver: (tick: Tick) => void;
}

/**
 * The one place ticks are made. Whatever fills a second — the built-in simulator, an external producer
 * on time or early, a backlog — and whoever notices it is due — the deadline timer, the sample that
 * completes it (every active site reported), a new lease holder — asks `through(second)`, which ticks
 * every second after the last one ticked up to `second`, in order, each exactly once, each from the
 * samples of its own second. A second another node ticked (scale-out) counts as ticked here (`ticked`).
 */
export class TickDriver {
  /**
   * Whether this node builds ticks: always on a single node; in a cluster, the lease holder, and a node
   * cut off from Redis (its viewers keep getting its own ticks).
   */
  building = true;
  private last: number | undefined;
  private readonly recent = new Map<string, SiteSample[]>();

  constructor(private readonly opts: TickDriverOptions) {}

  /** The newest second ticked here or by another node; undefined before the first. */
  get lastTicked(): number | undefined {
    return this.last;
  }

  /**
   * After each live sample is applied: once every active site has reported second S, tick S goes out at
   * once instead of at the deadline, keeping sample-to-viewer latency low.
   */
  onSample(sample: SiteSample): void {
    this.remember(sample);
    if (!this.building) return;
    const second = Math.floor(sample.t / 1000);
    if (this.last !== undefined && second <= this.last) return;
    if (second > Math.floor(this.opts.now() / 1000)) return;
    for (const s of this.opts.store.latestSamples()) {
      if (s.t >= sample.t - ACTIVE_SITE_MS && Math.floor(s.t / 1000) < second) return;
    }
    this.through(second);
  }

  /**
   * Ticks each second after the last one ticked (and after `after`) up to `second`, oldest first, at
   * most MAX_CATCH_UP_S back (a longer gap is left to history). A node that never ticked starts at
   * `second`. Returns how many it built.
   */
  through(second: number, after = this.last ?? second - 1): number {
    if (!this.building) return 0;
    const from = Math.max(second - MAX_CATCH_UP_S, after + 1, (this.last ?? Number.NEGATIVE_INFINITY) + 1);
    let built = 0;
    for (let s = from; s <= second; s++) {
      // Marked before delivery: a listener that feeds a sample back in cannot tick this second again.
      this.last = s;
      this.opts.deliver({ t: s * 1000, seq: s, sites: this.sitesAsOf(s) });
      built++;
    }
    return built;
  }

  /** Another node built the tick of `second`: this node does not build it (or any before it) again. */
  ticked(second: number): void {
    this.last = Math.max(this.last ?? Number.NEGATIVE_INFINITY, second);
  }

  private remember(sample: SiteSample): void {
    let list = this.recent.get(sample.site);
    if (!list) {
      list = [];
      this.recent.set(sample.site, list);
    }
    const last = list[list.length - 1];
    if (last && sample.t <= last.t) return;
    list.push(sample);
    if (list.length > RECENT_PER_SITE) list.shift();
  }

  /** Each site's newest live sample of `second` or before (a site with none that old is left out). */
  private sitesAsOf(second: number): SiteSample[] {
    const end = (second + 1) * 1000;
    const out: SiteSample[] = [];
    for (const site of this.opts.sites) {
      const list = this.recent.get(site) ?? [];
      let pick: SiteSample | undefined;
      for (let i = list.length - 1; i >= 0 && !pick; i--) if (list[i]!.t < end) pick = list[i];
      // Nothing heard since start-up: the store's latest (restored) sample stands for the site.
      const latest = list.length === 0 ? this.opts.store.latestSample(site) : undefined;
      if (!pick && latest && latest.t < end) pick = latest;
      if (pick) out.push(pick);
    }
    return out;
  }
}
