import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertEvent,
  type AlertRule,
  alertEventSchema,
  alertRulesSchema,
  defaultAlertRules,
} from '../alerts.ts';
import { COOLANT, hallDesignFlowLpm } from '../coolant.ts';
import { defaultFleet } from '../defaultFleet.ts';
import { indexFleet } from '../fleetIndex.ts';
import type { CoolantSample, HallSample, SiteSample } from '../sampleSchema.ts';
import { coolantLoopStrain } from './coolantFlowLowRule.ts';
import { createAlertEngine } from './createAlertEngine.ts';

const idx = indexFleet(defaultFleet);
const T0 = Date.UTC(2026, 6, 15, 14);
const PROP = { seed: 20_261_205, numRuns: 200 };
/** Ohio Hall 10 is GB200 NVL72 (liquid), Hall 11 H100 (air). */
const LIQUID = 'h10';
const AIR = 'h11';
const DESIGN = hallDesignFlowLpm(idx, 'ohio', LIQUID);

const rule = <K extends AlertRule['kind']>(id: string): Extract<AlertRule, { kind: K }> => {
  const r = defaultAlertRules.find((x) => x.id === id);
  if (!r) throw new Error(`no default rule ${id}`);
  return r as Extract<AlertRule, { kind: K }>;
};
const FLOW = rule<'coolantFlowLow'>('coolant-flow-low');
const SUPPLY = rule<'coolantSupplyHigh'>('coolant-supply-high');

/**
 * A loop reading: flow in % of the hall's design flow, ΔT (return − supply). `null` is a sample whose
 * hall carries no coolant reading.
 */
interface Loop {
  supplyC: number;
  flowPct: number;
  deltaC: number;
}
const coolant = (l: Loop, design = DESIGN): CoolantSample => ({
  supplyC: l.supplyC,
  returnC: l.supplyC + l.deltaC,
  flowLpm: (design * l.flowPct) / 100,
  cduPowerKw: 5,
});
const NORMAL: Loop = { supplyC: 30, flowPct: 100, deltaC: 8 };

function hall(id: string, loop: Loop | null, design = DESIGN): HallSample {
  return {
    hall: id,
    itPowerMw: 40,
    gpus: { total: 100, rented: 10, internal: 80, idle: 7, failed: 3 },
    gpuUtilPct: 80,
    inletTempC: 24,
    ...(loop ? { coolant: coolant(loop, design) } : {}),
  };
}

/** Ohio at second `s` after T0 with the given halls (the rules read only the halls' coolant). */
function ohio(s: number, halls: HallSample[]): SiteSample {
  return {
    site: 'ohio',
    t: T0 + s * 1000,
    seq: s,
    facilityPowerMw: 100,
    itPowerMw: 80,
    gpus: { total: 100, rented: 10, internal: 80, idle: 7, failed: 3 },
    gpuUtilPct: 80,
    inletTempC: 24,
    halls,
  };
}

const engineOf = (...rules: AlertRule[]) => createAlertEngine({ rules, idx, startedAt: T0 });

/** Feeds one Ohio sample per second, hall LIQUID reading `loops[s]`; returns each event with its second. */
function feed(engine: ReturnType<typeof engineOf>, loops: readonly (Loop | null)[], from = 0) {
  const out: { s: number; e: AlertEvent }[] = [];
  loops.forEach((l, i) => {
    const s = from + i;
    for (const e of engine.onSample(ohio(s, [hall(LIQUID, l)]), T0 + s * 1000)) out.push({ s, e });
  });
  return out;
}

const repeat = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

/** Uniform in [min, max]: fc.double's draws crowd near 0, useless as temperatures or flows. */
const uniform = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1e6);

describe('coolant rules: configuration', () => {
  it('the defaults are valid rules, and a file cannot configure a band without hysteresis', () => {
    expect(alertRulesSchema.safeParse(defaultAlertRules).success).toBe(true);
    const bad = (r: Record<string, unknown>) => alertRulesSchema.safeParse([{ ...FLOW, ...r }]);
    expect(bad({ clearAbovePct: 80 }).success).toBe(false);
    expect(bad({ clearAbovePct: 70 }).success).toBe(false);
    expect(bad({ clearBelowDeltaC: 15 }).success).toBe(false);
    expect(bad({ raiseBelowPct: 0 }).success).toBe(false);
    expect(bad({ raiseAtDeltaC: Number.NaN }).success).toBe(false);
    expect(bad({ forS: -1 }).success).toBe(false);
    const supply = alertRulesSchema.safeParse([{ ...SUPPLY, clearBelowC: 37 }]);
    expect(supply.success).toBe(false);
    expect(JSON.stringify(supply.error?.issues)).toMatch(/clearBelowC must not exceed raiseAtC/);
  });

  it('the default thresholds sit above what a normal day reads (supply 30 °C + ≤ 3 °C, ΔT ≤ 10 K, design flow)', () => {
    // Full load at design flow: ΔT ≈ 10 K [C3], below the clear level, so a recovered loop clears.
    const fullLoadDeltaC = 60 / (COOLANT.designLpmPerKw * COOLANT.densityKgPerL * COOLANT.cpKjPerKgK);
    expect(fullLoadDeltaC).toBeLessThan(FLOW.clearBelowDeltaC);
    expect(COOLANT.supplySetpointC + 3).toBeLessThan(SUPPLY.clearBelowC);
    expect(coolantLoopStrain(FLOW, 100, fullLoadDeltaC)).toBeLessThan(0);
  });
});

describe('coolant-flow-low', () => {
  it('a loop losing flow raises one critical alert for the hall after the hold, titled with flow and ΔT', () => {
    const engine = engineOf(FLOW);
    const failing = { supplyC: 34, flowPct: 41, deltaC: 22.4 };
    const events = feed(engine, [...repeat(5, NORMAL), ...repeat(FLOW.forS + 1, failing)]);
    expect(events.map(({ s, e }) => `${s} ${e.kind}`)).toEqual([`${5 + FLOW.forS} raised`]);
    const a = events[0]!.e.alert;
    expect(alertEventSchema.parse(events[0]!.e).alert).toMatchObject({
      rule: 'coolant-flow-low',
      severity: 'critical',
      scope: { site: 'ohio', hall: LIQUID },
      value: 59,
      triggerValue: 59,
      threshold: 20,
      unit: '% under design flow',
    });
    expect(a.title).toBe('Ohio Hall 10: coolant flow 41 % of design, ΔT 22.4 °C');
  });

  it('a ΔT alone raises it (a flow meter that reads normal on a starved loop)', () => {
    const engine = engineOf(FLOW);
    const events = feed(engine, repeat(FLOW.forS + 1, { supplyC: 30, flowPct: 98, deltaC: 16 }));
    expect(events).toHaveLength(1);
    expect(events[0]!.e.alert.title).toBe('Ohio Hall 10: coolant flow 98 % of design, ΔT 16.0 °C');
  });

  it('no flow at all raises it, whatever the (stagnant) return reads', () => {
    const engine = engineOf(FLOW);
    const events = feed(engine, repeat(FLOW.forS + 1, { supplyC: 30, flowPct: 0, deltaC: 0 }));
    expect(events.map(({ e }) => e.alert)).toMatchObject([{ value: 100, severity: 'critical' }]);
    expect(events[0]!.e.alert.title).toBe('Ohio Hall 10: coolant flow 0 % of design, ΔT 0.0 °C');
  });

  it('keeps the worst reading while the loop recovers, and clears only when flow and ΔT are both back', () => {
    const engine = engineOf(FLOW);
    const raise = feed(engine, repeat(FLOW.forS + 1, { supplyC: 30, flowPct: 70, deltaC: 14 }));
    expect(raise).toHaveLength(1);
    // Worse, then better: the update says the worst (41 %), and the raise's 70 %.
    const worse = feed(engine, repeat(11, { supplyC: 33, flowPct: 41, deltaC: 22.4 }), 20);
    const better = feed(engine, repeat(15, { supplyC: 30, flowPct: 75, deltaC: 13 }), 31);
    const updates = [...worse, ...better].filter(({ e }) => e.kind === 'updated');
    expect(updates.length).toBeGreaterThan(0);
    for (const { e } of updates) {
      expect(e.alert.title).toBe('Ohio Hall 10: coolant flow 41 % of design, ΔT 22.4 °C (70 % when raised)');
      expect(e.alert.value).toBe(59);
    }
    // Flow back above 90 % but ΔT still 13 K: in the band, nothing changes.
    expect(feed(engine, repeat(20, { supplyC: 30, flowPct: 95, deltaC: 13 }), 50)).toEqual([]);
    const cleared = feed(engine, repeat(10, NORMAL), 70);
    expect(cleared.map(({ s, e }) => `${s} ${e.kind}`)).toEqual([`${70 + Math.min(FLOW.forS, 5)} cleared`]);
    expect(cleared[0]!.e.alert).toMatchObject({ value: 59, state: 'cleared' });
  });

  it('property: later titles quote the flow at the raise exactly as the raise title printed it', () => {
    fc.assert(
      fc.property(uniform(45, 80), uniform(0, 40), (raiseFlow, worseFlow) => {
        const engine = engineOf(FLOW);
        const at = { supplyC: 30, deltaC: 9 };
        const raised = feed(engine, repeat(FLOW.forS + 1, { ...at, flowPct: raiseFlow }));
        const printed = /coolant flow (\d+) %/.exec(raised[0]!.e.alert.title)![1];
        const worse = feed(engine, repeat(12, { ...at, flowPct: worseFlow }), 30);
        const update = worse.find(({ e }) => e.kind === 'updated');
        expect(update, `${raiseFlow} → ${worseFlow}`).toBeDefined();
        expect(update!.e.alert.title).toMatch(new RegExp(`\\(${printed} % when raised\\)$`));
      }),
      PROP,
    );
  });

  it('never judges an air-cooled or unknown hall, even one that sends a failing loop', () => {
    const engine = engineOf(FLOW, SUPPLY);
    const dead = { supplyC: 45, flowPct: 0, deltaC: 30 };
    const events: AlertEvent[] = [];
    for (let s = 0; s < 200; s++) {
      const halls = [hall(AIR, dead, 10_000), hall('h99', dead, 10_000), hall(LIQUID, NORMAL)];
      events.push(...engine.onSample(ohio(s, halls), T0 + s * 1000));
      // A hall of another site's id, and a site the fleet does not have.
      events.push(...engine.onSample({ ...ohio(s, [hall(LIQUID, dead)]), site: 'atlantis' }, T0 + s * 1000));
    }
    expect(events).toEqual([]);
  });

  it('a liquid hall that stops reporting coolant holds its state: no raise from silence, no clear either', () => {
    const engine = engineOf(FLOW);
    const failing = { supplyC: 30, flowPct: 30, deltaC: 25 };
    // Failing readings interrupted by samples without coolant longer than MAX_GAP_S: the hold restarts.
    const gappy = [...repeat(6, failing), ...repeat(11, null), ...repeat(6, failing)];
    expect(feed(engine, gappy)).toEqual([]);
    const raised = feed(engine, repeat(FLOW.forS + 1, failing), 100);
    expect(raised).toHaveLength(1);
    expect(feed(engine, repeat(600, null), 200)).toEqual([]);
    expect(engine.active().map((a) => a.rule)).toEqual(['coolant-flow-low']);
  });

  it('property: raises only after flow ≤ 80 % or ΔT ≥ 15 K held; clears only after both were back', () => {
    const reading = fc.option(
      fc.record({
        supplyC: uniform(25, 45),
        flowPct: fc.oneof(uniform(0, 130), fc.constantFrom(0, 80, 90, 100)),
        deltaC: fc.oneof(uniform(0, 30), fc.constantFrom(0, 12, 15)),
      }),
      { nil: null, freq: 8 },
    );
    // Runs of one reading, so holds are often reached.
    const runs = fc.array(fc.tuple(reading, fc.integer({ min: 1, max: 25 })), { maxLength: 20 });
    const seen = { raised: 0, cleared: 0 };
    fc.assert(
      fc.property(runs, (rs) => {
        const loops = rs.flatMap(([l, n]) => repeat(n, l));
        const engine = engineOf(FLOW);
        const events = feed(engine, loops);
        const raising = (l: Loop) =>
          l.flowPct <= FLOW.raiseBelowPct + 1e-9 || l.deltaC >= FLOW.raiseAtDeltaC - 1e-9;
        const clearing = (l: Loop) =>
          l.flowPct > FLOW.clearAbovePct - 1e-9 && l.deltaC < FLOW.clearBelowDeltaC + 1e-9;
        let open = false;
        for (const { s, e } of events) {
          expect(alertEventSchema.safeParse(e).success).toBe(true);
          expect(Number.isFinite(e.alert.value)).toBe(true);
          expect(e.alert.scope).toEqual({ site: 'ohio', hall: LIQUID });
          if (e.kind !== 'updated') seen[e.kind === 'raised' ? 'raised' : 'cleared']++;
          if (e.kind === 'raised') {
            expect(open).toBe(false);
            open = true;
            // The reading that raised it and the forS before it all met the condition.
            // (A sample without coolant is no reading: it neither holds nor breaks the condition.)
            expect(loops[s]).not.toBeNull();
            for (let k = s - FLOW.forS; k <= s; k++) {
              const l = loops[k];
              expect(l === null || raising(l!)).toBe(true);
            }
          } else if (e.kind === 'cleared') {
            expect(open).toBe(true);
            open = false;
            const hold = Math.min(FLOW.forS, 5);
            expect(loops[s]).not.toBeNull();
            for (let k = s - hold; k <= s; k++) {
              const l = loops[k];
              expect(l === null || clearing(l!)).toBe(true);
            }
          } else {
            expect(open).toBe(true);
          }
        }
        // A condition that held to the end for longer than the hold (and a gap-free tail) is open.
        const tail = loops.slice(-(FLOW.forS + 1));
        const clearlyRaising = (l: Loop | null) =>
          l !== null && (l.flowPct < FLOW.raiseBelowPct - 1e-6 || l.deltaC > FLOW.raiseAtDeltaC + 1e-6);
        if (tail.length === FLOW.forS + 1 && tail.every(clearlyRaising)) {
          expect(open).toBe(true);
        }
      }),
      PROP,
    );
    // Not vacuous: the draws raise and clear often.
    expect(seen.raised).toBeGreaterThan(PROP.numRuns / 4);
    expect(seen.cleared).toBeGreaterThan(PROP.numRuns / 10);
  });
});

describe('coolant-supply-high', () => {
  it('raises a warning for a supply held at or above 36 °C, with the hall and the temperature', () => {
    const engine = engineOf(SUPPLY);
    const warm = { ...NORMAL, supplyC: 36.4 };
    const events = feed(engine, [
      ...repeat(SUPPLY.forS, warm),
      { ...NORMAL, supplyC: 35.9 },
      ...repeat(SUPPLY.forS + 1, warm),
    ]);
    // The dip below 36 °C restarted the hold.
    expect(events.map(({ s }) => s)).toEqual([2 * SUPPLY.forS + 1]);
    expect(events[0]!.e.alert).toMatchObject({
      rule: 'coolant-supply-high',
      severity: 'warning',
      scope: { site: 'ohio', hall: LIQUID },
      value: 36.4,
      threshold: 36,
      unit: '°C',
      title: 'Ohio Hall 10: coolant supply 36.4 °C (alert at 36 °C)',
    });
  });

  it('the normal afternoon drift (up to 33 °C) never raises it; 34–36 °C neither raises nor clears', () => {
    const engine = engineOf(SUPPLY);
    const drift = Array.from({ length: 3600 }, (_, s) => ({
      ...NORMAL,
      supplyC: 30 + 3 * Math.sin((s / 3600) * Math.PI),
    }));
    expect(feed(engine, drift)).toEqual([]);
    const raised = feed(engine, repeat(SUPPLY.forS + 1, { ...NORMAL, supplyC: 38 }), 4000);
    expect(raised).toHaveLength(1);
    expect(
      feed(engine, repeat(120, { ...NORMAL, supplyC: 34.5 }), 4100).filter(({ e }) => e.kind === 'cleared'),
    ).toEqual([]);
    const cleared = feed(engine, repeat(10, NORMAL), 4300);
    expect(cleared.map(({ e }) => e.kind)).toEqual(['cleared']);
    expect(cleared[0]!.e.alert.title).toBe('Ohio Hall 10: coolant supply 38.0 °C (alert at 36 °C)');
  });

  it('the critical default raises at 42 °C beside the warning, both for the one hall', () => {
    const engine = engineOf(SUPPLY, rule('coolant-supply-critical'));
    const events = feed(engine, repeat(SUPPLY.forS + 1, { ...NORMAL, supplyC: 43 }));
    expect(events.map(({ e }) => `${e.alert.rule} ${e.alert.severity}`).sort()).toEqual([
      'coolant-supply-critical critical',
      'coolant-supply-high warning',
    ]);
  });

  it('property: an air-cooled hall never raises either rule, whatever it sends', () => {
    const loop = fc.record({
      supplyC: uniform(-50, 120),
      flowPct: uniform(0, 200),
      deltaC: uniform(-20, 60),
    });
    fc.assert(
      fc.property(fc.array(loop, { minLength: 1, maxLength: 200 }), (loops) => {
        const engine = engineOf(FLOW, SUPPLY, rule('coolant-supply-critical'));
        const events = loops.flatMap((l, s) =>
          engine.onSample(ohio(s, [hall(AIR, l, 50_000), hall('h12', l, 0)]), T0 + s * 1000),
        );
        expect(events).toEqual([]);
      }),
      PROP,
    );
  });
});
