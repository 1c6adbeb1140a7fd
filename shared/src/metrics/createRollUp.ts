import { type MetricId, metricDef } from './metricRegistry.ts';

/**
 * A roll-up of rows of `inputs` (one row per part, values in `inputs` order) into one row of `outputs`,
 * by each metric's registry rule. The plan is made once, so the per-second call allocates nothing. Sums
 * run in row order, as sumTotals does, so the results are the same to the bit.
 */
export function createRollUp(
  inputs: readonly MetricId[],
  outputs: readonly MetricId[],
): (rows: readonly ArrayLike<number>[], out: Float64Array) => Float64Array {
  const col = new Map<string, number>(inputs.map((m, i) => [m, i]));
  const at = (id: string, why: string): number => {
    const i = col.get(id);
    if (i === undefined) throw new Error(`roll-up of ${why} needs ${id} among its inputs`);
    return i;
  };
  type Step =
    | { kind: 'sum'; i: number }
    | { kind: 'weightedMean'; i: number; by: number[]; whenNoWeight: number }
    | { kind: 'ratio'; num: Step; den: Step; whenNoDenominator: number };
  const stepOf = (id: MetricId): Step => {
    const r = metricDef(id).rollUp;
    switch (r.kind) {
      case 'sum':
        return { kind: 'sum', i: at(id, id) };
      case 'weightedMean':
        return {
          kind: 'weightedMean',
          i: at(id, id),
          by: r.by.map((b) => at(b, id)),
          whenNoWeight: r.whenNoWeight,
        };
      case 'ratio':
        return {
          kind: 'ratio',
          num: stepOf(r.numerator),
          den: stepOf(r.denominator),
          whenNoDenominator: r.whenNoDenominator,
        };
    }
  };
  const run = (s: Step, rows: readonly ArrayLike<number>[]): number => {
    switch (s.kind) {
      case 'sum': {
        let v = 0;
        for (const r of rows) v += r[s.i]!;
        return v;
      }
      case 'weightedMean': {
        let weighted = 0;
        let weight = 0;
        for (const r of rows) {
          let w = 0;
          for (const b of s.by) w += r[b]!;
          weighted += r[s.i]! * w;
          weight += w;
        }
        return weight > 0 ? weighted / weight : s.whenNoWeight;
      }
      case 'ratio': {
        const den = run(s.den, rows);
        return den > 0 ? run(s.num, rows) / den : s.whenNoDenominator;
      }
    }
  };
  const steps = outputs.map(stepOf);
  return (rows, out) => {
    for (let k = 0; k < steps.length; k++) out[k] = run(steps[k]!, rows);
    return out;
  };
}
