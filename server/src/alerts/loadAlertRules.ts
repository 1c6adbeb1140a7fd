import { readFileSync } from 'node:fs';
import { type AlertRule, alertRulesSchema, defaultAlertRules } from '@gigawatt/shared';

/** "rules[2] (id "power-cap-95").raiseAtPct: …": the rule's id says which one to fix in a long file. */
function describeIssue(issue: { path: readonly PropertyKey[]; message: string }, input: unknown): string {
  const [first, ...rest] = issue.path;
  if (typeof first !== 'number') return issue.message;
  const item: unknown = Array.isArray(input) ? input[first] : undefined;
  const id =
    item !== null && typeof item === 'object' && 'id' in item && typeof item.id === 'string'
      ? ` (id "${item.id}")`
      : '';
  const field = rest.map((p) => `.${String(p)}`).join('');
  return `rules[${first}]${id}${field}: ${issue.message}`;
}

/**
 * Alert rules from a JSON file (an array validated by alertRulesSchema), or the defaults without a path.
 * Throws one message naming the file and the offending fields.
 */
export function loadAlertRules(path?: string): AlertRule[] {
  if (path === undefined || path === '') return structuredClone(defaultAlertRules);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read alert rules file ${path}: ${(err as Error).message}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    throw new Error(`alert rules file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = alertRulesSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => describeIssue(i, input));
    throw new Error(`invalid alert rules in ${path}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
