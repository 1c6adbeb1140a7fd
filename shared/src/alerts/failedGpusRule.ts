import type { AlertBook } from './alertBook.ts';
import { alertTitles } from './alertTitles.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';
import { ThresholdScopes } from './thresholdScopes.ts';

/** Failed GPUs of a site; counts change a few times an hour, so every change is worth an update. */
export function createFailedGpusRule(rule: RuleOf<'failedGpus'>, book: AlertBook): RuleRunner {
  const scopes = new ThresholdScopes(book, rule);
  // No hold: a count of broken hardware does not flicker the way a meter reading does.
  const options = { raiseAt: rule.raiseAt, clearBelow: rule.clearBelow, forS: 0, clearForS: 0 };
  return {
    onSample(sample, site, _now, out) {
      const failed = sample.gpus.failed;
      scopes.feed(
        { site: site.id },
        sample.t,
        failed,
        () => options,
        () => ({
          title: (trigger) => alertTitles.failedGpus(site, failed, rule.raiseAt, trigger),
          value: failed,
          threshold: rule.raiseAt,
          unit: 'GPUs',
          level: failed,
        }),
        out,
      );
    },
  };
}
