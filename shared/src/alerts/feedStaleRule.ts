import type { AlertEvent } from '../alerts.ts';
import type { FleetIndex } from '../fleetIndex.ts';
import { type AlertBook, scopeKey } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';

/**
 * A site with no accepted sample for afterS seconds of the server's clock (arrival time, not sample.t:
 * a replayed feed carries old timestamps and is still live). Its next sample clears it.
 */
export function createFeedStaleRule(
  rule: RuleOf<'feedStale'>,
  book: AlertBook,
  idx: FleetIndex,
  startedAt: () => number,
): RuleRunner {
  const lastArrival = new Map<string, number>();
  const afterMs = rule.afterS * 1000;
  return {
    onSample(_sample, site, now, out) {
      lastArrival.set(site.id, now);
      const event = book.clear(scopeKey(rule.id, { site: site.id }), now);
      if (event) out.push(event);
    },
    onClock(now, out: AlertEvent[]) {
      for (const site of idx.fleet.sites) {
        const seen = lastArrival.get(site.id);
        const ageMs = now - (seen ?? startedAt());
        if (!(ageMs > afterMs)) continue;
        const key = scopeKey(rule.id, { site: site.id });
        const ageS = ageMs / 1000;
        const title = alertTitles.feedStale(site, ageS, seen !== undefined);
        // Doubling steps (10 s, 20 s, 40 s, …): the age keeps growing, its updates should not.
        const level = Math.log2(ageMs / afterMs);
        if (book.isActive(key)) {
          const event = book.update(key, { title, value: rounded(ageS, 0), level }, now);
          if (event) out.push(event);
          continue;
        }
        const draft = {
          rule: rule.id,
          severity: rule.severity,
          scope: { site: site.id },
          title,
          value: rounded(ageS, 0),
          threshold: rule.afterS,
          unit: 's',
        };
        out.push(book.raise(key, draft, now, level));
      }
    },
  };
}
