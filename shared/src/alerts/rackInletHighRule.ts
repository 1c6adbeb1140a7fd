import type { AlertBook } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';
import { holdOptions, ThresholdScopes } from './thresholdScopes.ts';

/**
 * One alert per hall, not per rack, so a cooling failure that heats a whole row raises one line. The
 * hall's hottest rack drives the hysteresis: raised while any rack is at or above raiseAtC, cleared when
 * every rack is below clearBelowC.
 */
export function createRackInletHighRule(rule: RuleOf<'rackInletHigh'>, book: AlertBook): RuleRunner {
  const scopes = new ThresholdScopes(book, rule);
  const options = holdOptions(rule.raiseAtC, rule.clearBelowC, rule.forS);
  return {
    onRacks(block, site, hall, out) {
      const temps = block.inletTempC;
      let hottest = Number.NEGATIVE_INFINITY;
      let rack = -1;
      let count = 0;
      for (let i = 0; i < temps.length; i++) {
        const v = temps[i]!;
        if (v > hottest) {
          hottest = v;
          rack = i;
        }
        if (v >= rule.raiseAtC) count++;
      }
      scopes.feed(
        { site: site.id, hall: hall.id },
        block.t,
        hottest,
        () => options,
        () => ({
          title: (trigger) =>
            alertTitles.rackInletHigh(site, hall, count, rule.raiseAtC, rack, hottest, trigger),
          value: rounded(hottest, 1),
          threshold: rule.raiseAtC,
          unit: '°C',
          // One more rack above the line, or half a degree hotter, is worth an update (both only worsen).
          level: count + hottest * 2,
        }),
        out,
      );
    },
  };
}
