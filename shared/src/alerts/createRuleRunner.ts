import type { AlertRule } from '../alerts.ts';
import type { FleetIndex } from '../fleetIndex.ts';
import type { AlertBook } from './alertBook.ts';
import { createCoolantFlowLowRule } from './coolantFlowLowRule.ts';
import { createCoolantSupplyHighRule } from './coolantSupplyHighRule.ts';
import { createFailedGpusRule } from './failedGpusRule.ts';
import { createFeedStaleRule } from './feedStaleRule.ts';
import { createPowerCapRule } from './powerCapRule.ts';
import { createPueHighRule } from './pueHighRule.ts';
import { createRackInletHighRule } from './rackInletHighRule.ts';
import type { RuleRunner } from './ruleRunner.ts';
import { createUtilDropRule } from './utilDropRule.ts';

export function createRuleRunner(
  rule: AlertRule,
  book: AlertBook,
  idx: FleetIndex,
  startedAt: () => number,
): RuleRunner {
  switch (rule.kind) {
    case 'powerCap':
      return createPowerCapRule(rule, book);
    case 'pueHigh':
      return createPueHighRule(rule, book);
    case 'utilDrop':
      return createUtilDropRule(rule, book, rule.forS);
    case 'rackInletHigh':
      return createRackInletHighRule(rule, book);
    case 'coolantSupplyHigh':
      return createCoolantSupplyHighRule(rule, book, idx);
    case 'coolantFlowLow':
      return createCoolantFlowLowRule(rule, book, idx);
    case 'failedGpus':
      return createFailedGpusRule(rule, book);
    case 'feedStale':
      return createFeedStaleRule(rule, book, idx, startedAt);
  }
}
