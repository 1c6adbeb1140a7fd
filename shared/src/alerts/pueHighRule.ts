import { pue } from '../derived.ts';
import type { AlertBook } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';
import { holdOptions, ThresholdScopes } from './thresholdScopes.ts';

/**
 * PUE above the site's design band by more than the margin. It clears once back inside the band (at or
 * below its max), so the margin doubles as the hysteresis.
 */
export function createPueHighRule(rule: RuleOf<'pueHigh'>, book: AlertBook): RuleRunner {
  const scopes = new ThresholdScopes(book, rule);
  return {
    onSample(sample, site, _now, out) {
      // NaN without IT load: the detector skips it rather than calling it high or normal.
      const value = pue(sample.facilityPowerMw, sample.itPowerMw);
      const raiseAt = site.pueDesign.max + rule.marginAbove;
      scopes.feed(
        { site: site.id },
        sample.t,
        value,
        () => holdOptions(raiseAt, site.pueDesign.max, rule.forS, true),
        () => ({
          title: (trigger) => alertTitles.pueHigh(site, value, trigger),
          value: rounded(value, 3),
          threshold: rounded(raiseAt, 4),
          unit: '',
          level: value * 100,
        }),
        out,
      );
    },
  };
}
