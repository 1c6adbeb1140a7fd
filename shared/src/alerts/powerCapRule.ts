import type { AlertBook } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import { RollingMax } from './rollingMax.ts';
import { RollingMean } from './rollingMean.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';
import { holdOptions, ThresholdScopes } from './thresholdScopes.ts';

/**
 * Synchronous training swings a site's power by several percent every few seconds, so titles and
 * updates report the peak over this window: what a cap is about, and steady enough that updates only
 * come when the level really moves.
 */
export const POWER_PEAK_WINDOW_S = 60;

/** Facility power as a percentage of the site's cap, judged on its mean over `averageS` seconds. */
export function createPowerCapRule(rule: RuleOf<'powerCap'>, book: AlertBook): RuleRunner {
  const scopes = new ThresholdScopes(book, rule);
  const peaks = new Map<string, RollingMax>();
  const means = new Map<string, RollingMean>();
  const options = holdOptions(rule.raiseAtPct, rule.clearBelowPct, rule.forS);
  return {
    onSample(sample, site, _now, out) {
      let peak = peaks.get(site.id);
      if (!peak) {
        peak = new RollingMax(POWER_PEAK_WINDOW_S * 1000);
        peaks.set(site.id, peak);
      }
      const peakMw = peak.push(sample.t, sample.facilityPowerMw);
      let mean = means.get(site.id);
      if (!mean) {
        mean = new RollingMean(rule.averageS * 1000);
        means.set(site.id, mean);
      }
      const pct = (mean.push(sample.t, sample.facilityPowerMw) / site.powerCapMw) * 100;
      scopes.feed(
        { site: site.id },
        sample.t,
        pct,
        () => options,
        () => {
          const peakPct = (peakMw / site.powerCapMw) * 100;
          return {
            title: (trigger) => alertTitles.powerCap(site, peakMw, peakPct, trigger),
            value: rounded(peakPct, 1),
            threshold: rule.raiseAtPct,
            unit: '%',
            level: peakPct,
          };
        },
        out,
      );
    },
  };
}
