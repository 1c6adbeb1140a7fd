import { defaultAlertRules, defaultFleet, hallDesignFlowLpm, indexFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import {
  COOLANT_BANDS,
  coolantBands,
  coolantBrief,
  coolantReading,
  coolantSentence,
  coolantStateText,
  formatFlowPct,
  hallCoolant,
  hallIsLiquid,
  worseState,
} from './hallCoolant.ts';

const index = indexFleet(defaultFleet);
const design = hallDesignFlowLpm(index, 'ohio', 'h10');
const loop = (supplyC: number, deltaC: number, flowPct: number) => ({
  supplyC,
  returnC: supplyC + deltaC,
  flowLpm: (design * flowPct) / 100,
  cduPowerKw: 100,
});
const hallSample = (coolant?: ReturnType<typeof loop>) => ({
  hall: 'h10',
  itPowerMw: 40,
  gpus: { total: 10, rented: 0, internal: 10, idle: 0, failed: 0 },
  gpuUtilPct: 80,
  inletTempC: 24,
  ...(coolant ? { coolant } : {}),
});

describe('coolant bands', () => {
  it('are the default alert rules’ levels: bad where they raise, warn between clear and raise', () => {
    expect(COOLANT_BANDS).toEqual({
      flowBadPct: 80,
      flowWarnPct: 90,
      deltaBadC: 15,
      deltaWarnC: 12,
      supplyBadC: 42,
      supplyWarnC: 36,
    });
    expect(coolantBands(defaultAlertRules)).toEqual(COOLANT_BANDS);
  });

  it('fall back to the shipped levels for a rule set without coolant rules, and skip disabled rules', () => {
    expect(coolantBands([])).toEqual(COOLANT_BANDS);
    const custom = [
      {
        kind: 'coolantFlowLow',
        severity: 'critical',
        raiseBelowPct: 70,
        clearAbovePct: 85,
        raiseAtDeltaC: 18,
        clearBelowDeltaC: 14,
      },
      { kind: 'coolantSupplyHigh', severity: 'warning', raiseAtC: 37 },
      { kind: 'coolantSupplyHigh', severity: 'critical', raiseAtC: 44, enabled: false },
    ];
    expect(coolantBands(custom)).toEqual({
      flowBadPct: 70,
      flowWarnPct: 85,
      deltaBadC: 18,
      deltaWarnC: 14,
      supplyBadC: 42,
      supplyWarnC: 37,
    });
  });
});

describe('coolantReading', () => {
  it('a healthy loop (design flow, ΔT 7 K, supply 30 °C) is normal', () => {
    const r = coolantReading(loop(30, 7, 100), design);
    expect(r.state).toBe('ok');
    expect(r.issues).toEqual([]);
    expect(r.deltaC).toBeCloseTo(7);
    expect(r.flowPct).toBeCloseTo(100);
    expect(coolantStateText(r)).toBe('Normal');
  });

  it('a failed loop (41 % flow, ΔT 22 K, supply 38 °C) is bad, low flow first, every issue in words', () => {
    const r = coolantReading(loop(38, 22.4, 41), design);
    expect(r.state).toBe('bad');
    expect(r.issues.map((i) => [i.kind, i.state])).toEqual([
      ['flowLow', 'bad'],
      ['deltaHigh', 'bad'],
      ['supplyHigh', 'warn'],
    ]);
    expect(coolantStateText(r)).toBe('Low flow 41 %');
    expect(coolantSentence(r)).toBe(
      `Coolant supply 38.0 °C, return 60.4 °C, ΔT 22.4 °C, flow ${Math.round(design * 0.41).toLocaleString('en-US')} L/min (41 % of design): Low flow 41 %, High ΔT, Warm supply.`,
    );
  });

  it('warns between an alert’s clear and raise levels, and is bad at the raise level itself', () => {
    expect(coolantReading(loop(30, 7, 88), design).state).toBe('warn');
    expect(coolantReading(loop(30, 7, 80), design).state).toBe('bad');
    expect(coolantReading(loop(30, 12, 100), design).issues).toEqual([
      { kind: 'deltaHigh', state: 'warn', text: 'High ΔT' },
    ]);
    expect(coolantReading(loop(30, 15, 100), design).state).toBe('bad');
    expect(coolantReading(loop(36, 7, 100), design).issues[0]).toMatchObject({
      kind: 'supplyHigh',
      state: 'warn',
    });
    expect(coolantReading(loop(42, 7, 100), design).state).toBe('bad');
  });

  it('a warning issue never outranks a bad one', () => {
    const r = coolantReading(loop(36.5, 16, 100), design);
    expect(r.issues.map((i) => i.kind)).toEqual(['deltaHigh', 'supplyHigh']);
    expect(worseState('warn', 'ok')).toBe('warn');
    expect(worseState('warn', 'bad')).toBe('bad');
  });

  it('without a design flow, flow is not judged (no NaN on screen)', () => {
    const r = coolantReading(loop(30, 7, 10), 0);
    expect(Number.isNaN(r.flowPct)).toBe(true);
    expect(r.state).toBe('ok');
    expect(coolantBrief(r)).toEqual({ delta: 'ΔT 7.0 °C', flow: null });
    expect(formatFlowPct(Number.NaN)).toBe('—');
  });
});

describe('hallCoolant', () => {
  it('an H100 hall is air-cooled whatever its sample says', () => {
    expect(hallIsLiquid(index, 'ohio', 'h11')).toBe(false);
    expect(hallCoolant(index, 'ohio', 'h11', hallSample(loop(30, 7, 100)))).toEqual({ kind: 'air' });
  });

  it('a GB200 hall without a coolant reading has no data yet; with one, a classified reading', () => {
    expect(hallIsLiquid(index, 'ohio', 'h10')).toBe(true);
    expect(hallCoolant(index, 'ohio', 'h10', undefined)).toEqual({ kind: 'noData' });
    expect(hallCoolant(index, 'ohio', 'h10', hallSample())).toEqual({ kind: 'noData' });
    const c = hallCoolant(index, 'ohio', 'h10', hallSample(loop(30, 8, 41)));
    expect(c.kind).toBe('liquid');
    if (c.kind === 'liquid') {
      expect(c.designLpm).toBe(design);
      expect(c.state).toBe('bad');
      expect(coolantBrief(c)).toEqual({ delta: 'ΔT 8.0 °C', flow: 'flow 41 %' });
    }
  });

  it('an unknown hall is treated as air-cooled (nothing to show), not as a broken loop', () => {
    expect(hallCoolant(index, 'ohio', 'h99', undefined)).toEqual({ kind: 'air' });
  });
});
