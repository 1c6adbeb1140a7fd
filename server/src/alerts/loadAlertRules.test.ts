import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAlertRules } from '@gigawatt/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAlertRules } from './loadAlertRules.ts';

const dir = mkdtempSync(join(tmpdir(), 'gigawatt-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadAlertRules', () => {
  it('returns the defaults without a path (a copy: callers cannot change the shared defaults)', () => {
    const rules = loadAlertRules();
    expect(rules).toEqual(defaultAlertRules);
    expect(rules).not.toBe(defaultAlertRules);
    expect(loadAlertRules('')).toEqual(defaultAlertRules);
  });

  it('reads a valid file and fills defaults (enabled: true, averageS: 1)', () => {
    const path = file(
      'ok.json',
      JSON.stringify([
        { id: 'cap-90', kind: 'powerCap', severity: 'critical', raiseAtPct: 90, clearBelowPct: 85, forS: 5 },
        { id: 'stale', kind: 'feedStale', severity: 'warning', afterS: 30, enabled: false },
      ]),
    );
    expect(loadAlertRules(path)).toEqual([
      {
        id: 'cap-90',
        kind: 'powerCap',
        severity: 'critical',
        enabled: true,
        raiseAtPct: 90,
        clearBelowPct: 85,
        averageS: 1,
        forS: 5,
      },
      { id: 'stale', kind: 'feedStale', severity: 'warning', enabled: false, afterS: 30 },
    ]);
  });

  it('names the file, the rule and the field of a bad value', () => {
    const rules = structuredClone(defaultAlertRules) as unknown as Record<string, unknown>[];
    rules[1]!.raiseAtPct = 500;
    const path = file('bad.json', JSON.stringify(rules));
    expect(() => loadAlertRules(path)).toThrow(
      new RegExp(
        `^invalid alert rules in ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rules\\[1\\] \\(id "power-cap-95"\\)\\.raiseAtPct: `,
      ),
    );
  });

  it('reads coolant rules from a file, and refuses a coolant band without hysteresis or a missing field', () => {
    const flow = {
      id: 'loop',
      kind: 'coolantFlowLow',
      severity: 'critical',
      raiseBelowPct: 70,
      clearAbovePct: 85,
      raiseAtDeltaC: 16,
      clearBelowDeltaC: 12,
      forS: 20,
    };
    const supply = {
      id: 'warm',
      kind: 'coolantSupplyHigh',
      severity: 'warning',
      raiseAtC: 35,
      clearBelowC: 33,
      forS: 30,
    };
    expect(loadAlertRules(file('coolant.json', JSON.stringify([flow, supply])))).toEqual([
      { ...flow, enabled: true },
      { ...supply, enabled: true },
    ]);
    expect(() => loadAlertRules(file('flat.json', JSON.stringify([{ ...flow, clearAbovePct: 70 }])))).toThrow(
      /flat\.json: rule "loop": clearAbovePct must be above raiseBelowPct/,
    );
    expect(() =>
      loadAlertRules(file('dt.json', JSON.stringify([{ ...flow, clearBelowDeltaC: 18 }]))),
    ).toThrow(/rule "loop": clearBelowDeltaC must be below raiseAtDeltaC/);
    const { raiseAtDeltaC: _, ...noDelta } = flow;
    expect(() => loadAlertRules(file('nodt.json', JSON.stringify([noDelta])))).toThrow(
      /rules\[0\] \(id "loop"\)\.raiseAtDeltaC: /,
    );
    expect(() => loadAlertRules(file('hot.json', JSON.stringify([{ ...supply, clearBelowC: 36 }])))).toThrow(
      /rule "warm": clearBelowC must not exceed raiseAtC/,
    );
  });

  it('explains cross-field and duplicate problems, bad JSON and a missing file', () => {
    const inverted = file(
      'inverted.json',
      JSON.stringify([
        { id: 'hot', kind: 'rackInletHigh', severity: 'critical', raiseAtC: 30, clearBelowC: 32, forS: 5 },
      ]),
    );
    expect(() => loadAlertRules(inverted)).toThrow(
      /inverted\.json: rule "hot": clearBelowC must not exceed raiseAtC/,
    );
    const dup = file('dup.json', JSON.stringify([defaultAlertRules[0], defaultAlertRules[0]]));
    expect(() => loadAlertRules(dup)).toThrow(/duplicate rule id "power-cap-80"/);
    const kind = file('kind.json', JSON.stringify([{ id: 'x', kind: 'magic', severity: 'info' }]));
    expect(() => loadAlertRules(kind)).toThrow(/rules\[0\] \(id "x"\)\.kind: /);
    expect(() => loadAlertRules(file('broken.json', '[{'))).toThrow(/broken\.json is not valid JSON/);
    expect(() => loadAlertRules(join(dir, 'missing.json'))).toThrow(
      /cannot read alert rules file .*missing\.json/,
    );
  });
});
