import type { FleetIndex } from '../fleetIndex.ts';
import type { AlertBook } from './alertBook.ts';
import { alertTitles, rounded } from './alertTitles.ts';
import { liquidHalls } from './coolantHalls.ts';
import type { RuleOf, RuleRunner } from './ruleRunner.ts';
import { holdOptions, ThresholdScopes } from './thresholdScopes.ts';

/**
 * How far a loop is from normal toward its alert, on one scale for both signals: 0 at a signal's clear
 * level, 1 at its raise level, the larger of the two. Raised at ≥ 1 (flow at or below raiseBelowPct, or
 * ΔT at or above raiseAtDeltaC), cleared below 0 (flow above clearAbovePct and ΔT below
 * clearBelowDeltaC), so each signal keeps its own hysteresis band.
 */
export function coolantLoopStrain(
  rule: Pick<
    RuleOf<'coolantFlowLow'>,
    'raiseBelowPct' | 'clearAbovePct' | 'raiseAtDeltaC' | 'clearBelowDeltaC'
  >,
  flowPct: number,
  deltaC: number,
): number {
  const byFlow = (rule.clearAbovePct - flowPct) / (rule.clearAbovePct - rule.raiseBelowPct);
  const byDelta = (deltaC - rule.clearBelowDeltaC) / (rule.raiseAtDeltaC - rule.clearBelowDeltaC);
  return Math.max(byFlow, byDelta);
}

/**
 * A liquid-cooled hall's loop not carrying its heat: flow low against the hall's design flow, or ΔT
 * (return − supply) high. One alert per hall for both, since one failure (a pump, a valve, a clogged
 * strainer) shows as both. Its value is the flow missing in % of design (higher is worse); the title
 * says flow and ΔT. Air-cooled and unknown halls are never judged; a liquid hall's sample without its
 * coolant reading is no reading.
 */
export function createCoolantFlowLowRule(
  rule: RuleOf<'coolantFlowLow'>,
  book: AlertBook,
  idx: FleetIndex,
): RuleRunner {
  const scopes = new ThresholdScopes(book, rule);
  const halls = liquidHalls(idx);
  const options = holdOptions(1, 0, rule.forS);
  return {
    onSample(sample, site, _now, out) {
      for (const h of sample.halls) {
        const coolant = h.coolant;
        const loop = coolant && halls.get(site.id, h.hall);
        if (!coolant || !loop) continue;
        const flowPct = (coolant.flowLpm / loop.designFlowLpm) * 100;
        const deltaC = coolant.returnC - coolant.supplyC;
        const strain = coolantLoopStrain(rule, flowPct, deltaC);
        scopes.feed(
          { site: site.id, hall: h.hall },
          sample.t,
          strain,
          () => options,
          () => {
            const value = rounded(100 - flowPct, 1);
            return {
              // Both flows from the alert's values, so the raise and every later title print the
              // raise's flow alike (the exact one could round to another whole percent).
              title: (trigger) =>
                alertTitles.coolantFlowLow(site, loop.hall, 100 - value, deltaC, 100 - trigger),
              value,
              threshold: 100 - rule.raiseBelowPct,
              unit: '% under design flow',
              // A fifth of the way between clear and raise levels (2 % of design flow, 0.6 K of ΔT by
              // default) is worth an update; the worst reading is the most strained, whichever signal.
              level: strain * 5,
            };
          },
          out,
        );
      }
    },
  };
}
