import type { FleetIndex } from '../fleetIndex.ts';
import type { AlertBook } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import { liquidHalls } from './coolantHalls.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';
import { holdOptions, ThresholdScopes } from './thresholdScopes.ts';

/**
 * The coolant a liquid-cooled hall's CDUs send to its racks, too warm: one alert per hall. Air-cooled
 * and unknown halls are never judged (whatever a sample carries); a liquid hall's sample without its
 * coolant reading is no reading, so a pending raise or clear waits for the next one.
 */
export function createCoolantSupplyHighRule(
  rule: RuleOf<'coolantSupplyHigh'>,
  book: AlertBook,
  idx: FleetIndex,
): RuleRunner {
  const scopes = new ThresholdScopes(book, rule);
  const halls = liquidHalls(idx);
  const options = holdOptions(rule.raiseAtC, rule.clearBelowC, rule.forS);
  return {
    onSample(sample, site, _now, out) {
      for (const h of sample.halls) {
        const coolant = h.coolant;
        const loop = coolant && halls.get(site.id, h.hall);
        if (!coolant || !loop) continue;
        const supplyC = coolant.supplyC;
        scopes.feed(
          { site: site.id, hall: h.hall },
          sample.t,
          supplyC,
          () => options,
          () => ({
            title: (trigger) =>
              alertTitles.coolantSupplyHigh(site, loop.hall, supplyC, rule.raiseAtC, trigger),
            value: rounded(supplyC, 1),
            threshold: rule.raiseAtC,
            unit: '°C',
            // Half a degree warmer is worth an update (as for rack inlets).
            level: supplyC * 2,
          }),
          out,
        );
      }
    },
  };
}
