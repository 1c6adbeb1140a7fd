import { createSimulator } from '@gigawatt/mock-telemetry';
import {
  type AlertEvent,
  type AlertRule,
  alertEventSchema,
  createAlertEngine,
  defaultAlertRules,
  defaultFleet,
  indexFleet,
  type SiteSample,
} from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, withFacilityPct } from './scenarioSamples.ts';

const idx = indexFleet(defaultFleet);
const sim = createSimulator({ seed: 1 });
const T0 = Date.UTC(2026, 0, 15, 14);
const LOUISIANA_CAP = 290;
const base = sim.sampleSite('louisiana', T0);
const PROP = { seed: 424_242, numRuns: 120 };

/**
 * Uniform in [min, max] (or the open interval). fc.double draws uniformly over float encodings, so most
 * of its values between 0 and 100 would be tiny: useless as a utilization or a power reading.
 */
const uniform = (min: number, max: number, open = false) =>
  fc
    .integer({ min: open ? 1 : 0, max: open ? 999_999 : 1_000_000 })
    .map((i) => min + ((max - min) * i) / 1e6);

const rule = <K extends AlertRule['kind']>(kind: K, id?: string): Extract<AlertRule, { kind: K }> => {
  const r = defaultAlertRules.find((x) => x.kind === kind && (id === undefined || x.id === id));
  if (!r) throw new Error(`no default ${kind} rule`);
  return r as Extract<AlertRule, { kind: K }>;
};

/** Louisiana at `pct` % of its cap at second `s` after T0. */
const power = (s: number, pct: number) => at(withFacilityPct(base, LOUISIANA_CAP, pct), T0 + s * 1000);

function feed(engine: ReturnType<typeof createAlertEngine>, samples: readonly SiteSample[]): AlertEvent[] {
  return samples.flatMap((s) => engine.onSample(s, s.t));
}

const kinds = (events: readonly AlertEvent[]) => events.map((e) => `${e.kind} ${e.alert.rule}`);

describe('createAlertEngine', () => {
  it('life cycle: raise → acknowledge → clear, two power-cap rules active at once', () => {
    // Instantaneous versions of the two cap rules (3 s and 10 s holds) keep the timing easy to read.
    const rules = defaultAlertRules
      .filter((r) => r.id !== 'power-cap-90')
      .map((r) =>
        r.kind === 'powerCap' ? { ...r, averageS: 1, forS: r.id === 'power-cap-80' ? 10 : 3 } : r,
      );
    const engine = createAlertEngine({ rules, idx, startedAt: T0 });
    const hot = feed(
      engine,
      Array.from({ length: 12 }, (_, s) => power(s, 96)),
    );
    expect(kinds(hot)).toEqual(['raised power-cap-95', 'raised power-cap-80']);
    const critical = hot[0]!.alert;
    expect(critical).toMatchObject({
      id: `power-cap-95:louisiana:${T0 + 3000}`,
      severity: 'critical',
      scope: { site: 'louisiana' },
      title: 'Louisiana facility power at 96 % of cap (278.4 of 290 MW)',
      value: 96,
      threshold: 95,
      unit: '%',
      start: T0 + 3000,
      state: 'raised',
    });
    expect(engine.active().map((a) => a.rule)).toEqual(['power-cap-95', 'power-cap-80']);

    const ack = engine.acknowledge(critical.id, { by: 'noc-ana', comment: 'curtailing h7' }, T0 + 13_000);
    expect(ack.ok && ack.event.alert).toMatchObject({
      state: 'acknowledged',
      ack: { by: 'noc-ana', at: T0 + 13_000, comment: 'curtailing h7' },
    });
    expect(engine.acknowledge(critical.id, { by: 'bo', comment: '' }, T0 + 14_000)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(engine.acknowledge('power-cap-95:louisiana:1', { by: 'bo', comment: '' }, T0)).toMatchObject({
      ok: false,
      status: 404,
    });

    // Back to 70 %: each clears after its clear hold (3 s for the 3 s rule, 5 s for the 10 s rule).
    const cool = feed(
      engine,
      Array.from({ length: 8 }, (_, s) => power(12 + s, 70)),
    );
    expect(kinds(cool)).toEqual(['cleared power-cap-95', 'cleared power-cap-80']);
    expect(cool[0]!.alert).toMatchObject({
      state: 'cleared',
      end: T0 + 15_000,
      ack: { by: 'noc-ana', at: T0 + 13_000, comment: 'curtailing h7' },
    });
    expect(engine.acknowledge(critical.id, { by: 'bo', comment: '' }, T0 + 30_000)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(engine.active()).toEqual([]);
    expect(engine.log().map((a) => a.rule)).toEqual(['power-cap-80', 'power-cap-95']);
    for (const e of [...hot, ...cool]) expect(alertEventSchema.safeParse(e).success).toBe(true);
  });

  it('ignores late and repeated samples, unknown sites and halls', () => {
    const engine = createAlertEngine({ rules: [rule('powerCap', 'power-cap-95')], idx, startedAt: T0 });
    expect(feed(engine, [power(10, 96), power(11, 96)])).toEqual([]);
    // Older than the last seen: would otherwise complete the 3 s hold.
    expect(feed(engine, [power(0, 96), power(11, 96), power(5, 96)])).toEqual([]);
    expect(kinds(feed(engine, [power(13, 96)]))).toEqual(['raised power-cap-95']);
    expect(engine.onSample({ ...power(20, 99), site: 'atlantis' }, T0)).toEqual([]);
    const block = sim.racks('ohio', 'h1', T0);
    expect(engine.onRacks({ ...block, hall: 'h99' }, T0)).toEqual([]);
  });

  it('disabled rules do nothing', () => {
    const rules = defaultAlertRules
      .filter((r) => r.id !== 'power-cap-90')
      .map((r) => ({ ...r, enabled: false }));
    const engine = createAlertEngine({ rules, idx, startedAt: T0 });
    expect(
      feed(
        engine,
        Array.from({ length: 30 }, (_, s) => power(s, 99)),
      ),
    ).toEqual([]);
    expect(engine.onClock(T0 + 3_600_000)).toEqual([]);
  });

  it('refuses an invalid rule set', () => {
    const dup = [rule('failedGpus'), rule('failedGpus')];
    expect(() => createAlertEngine({ rules: dup, idx })).toThrow(/duplicate rule id "failed-gpus"/);
  });

  it('feedStale: raised when a site stops, cleared by its next sample; never-seen sites wait afterS from start', () => {
    const engine = createAlertEngine({ rules: [rule('feedStale')], idx, startedAt: T0 });
    const fleetAt = (s: number) => sim.sampleFleet(T0 + s * 1000);
    for (let s = 0; s < 5; s++) {
      for (const x of fleetAt(s)) if (x.site !== 'texas') engine.onSample(x, T0 + s * 1000 + 300);
      expect(engine.onClock(T0 + s * 1000 + 500)).toEqual([]);
    }
    // Ohio stops after second 4; Texas was never seen.
    for (let s = 5; s <= 15; s++) {
      for (const x of fleetAt(s))
        if (x.site !== 'texas' && x.site !== 'ohio') engine.onSample(x, T0 + s * 1000 + 300);
      const events = engine.onClock(T0 + s * 1000 + 500);
      if (s === 10) expect(kinds(events)).toEqual(['raised feed-stale']);
      else if (s === 14) expect(kinds(events)).toEqual(['raised feed-stale']);
      else expect(events).toEqual([]);
    }
    // Newest first: Ohio (raised at second 14) before Texas (second 10). The book keeps the latest age
    // (the worst so far) even between the rare updates viewers get.
    const [ohio, texas] = engine.active();
    expect(texas).toMatchObject({
      scope: { site: 'texas' },
      title: 'Texas feed stale: no sample since the server started 16 s ago',
      value: 16,
      triggerValue: 11,
      threshold: 10,
      unit: 's',
      start: T0 + 10_500,
    });
    expect(ohio).toMatchObject({
      scope: { site: 'ohio' },
      title: 'Ohio feed stale: no sample for 11 s',
      value: 11,
      triggerValue: 10,
    });
    // A sample older than Ohio's last one is ignored like everywhere else (the store drops it too).
    expect(engine.onSample(sim.sampleSite('ohio', T0), T0 + 15_800)).toEqual([]);
    const back = engine.onSample(sim.sampleSite('ohio', T0 + 16_000), T0 + 16_000);
    expect(back.map((e) => `${e.kind} ${e.alert.scope.site}`)).toEqual(['cleared ohio']);
    expect(back[0]?.alert.end).toBe(T0 + 16_000);
    // Long outages update rarely: at doubling ages (20 s, 40 s, …), never more than once per 10 s.
    const updates = [];
    for (let s = 17; s < 200; s++) {
      for (const x of fleetAt(s)) if (x.site !== 'texas') engine.onSample(x, T0 + s * 1000 + 300);
      updates.push(...engine.onClock(T0 + s * 1000 + 500));
    }
    expect(updates.map((e) => e.alert.value)).toEqual([22, 44, 88, 176]);
    expect(updates.every((e) => e.kind === 'updated' && e.alert.scope.site === 'texas')).toBe(true);
  });

  it('without startedAt, the first time it is given starts the clock', () => {
    const engine = createAlertEngine({ rules: [rule('feedStale')], idx });
    expect(engine.onClock(T0)).toEqual([]);
    expect(engine.onClock(T0 + 10_000)).toEqual([]);
    expect(engine.onClock(T0 + 10_001)).toHaveLength(4);
  });

  // --- properties -----------------------------------------------------------------------------------

  const propertyRules: AlertRule[] = [
    {
      id: 'cap',
      kind: 'powerCap',
      severity: 'critical',
      enabled: true,
      raiseAtPct: 95,
      clearBelowPct: 90,
      averageS: 1,
      forS: 2,
    },
    { id: 'pue', kind: 'pueHigh', severity: 'warning', enabled: true, marginAbove: 0.02, forS: 2 },
    {
      id: 'drop',
      kind: 'utilDrop',
      severity: 'warning',
      enabled: true,
      level: 'hall',
      dropPts: 40,
      windowS: 10,
      recoverWithinPts: 10,
      forS: 0,
    },
    { id: 'failed', kind: 'failedGpus', severity: 'warning', enabled: true, raiseAt: 60, clearBelow: 45 },
    { id: 'stale', kind: 'feedStale', severity: 'critical', enabled: true, afterS: 3 },
  ];

  const step = fc.record({
    dtMs: fc.integer({ min: 200, max: 5000 }),
    pct: uniform(60, 110),
    pue: uniform(1, 1.5),
    failed: fc.integer({ min: 0, max: 120 }),
    util: uniform(0, 100),
    clock: fc.boolean(),
  });
  type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

  /** A Louisiana sample driven by one step of a random signal (hall h1's utilization). */
  function signalSample(v: Step, t: number): SiteSample {
    const it = (LOUISIANA_CAP * v.pct) / 100 / v.pue;
    const f = it / base.itPowerMw;
    const g = base.gpus;
    return {
      ...base,
      t,
      seq: Math.floor(t / 1000),
      facilityPowerMw: it * v.pue,
      itPowerMw: it,
      gpus: { ...g, failed: v.failed, idle: g.idle - (v.failed - g.failed) },
      halls: base.halls.map((h) => ({
        ...h,
        itPowerMw: h.itPowerMw * f,
        gpuUtilPct: h.hall === 'h1' ? v.util : h.gpuUtilPct,
      })),
    };
  }

  it('property: per (rule, scope) raises and clears alternate, no alert clears twice, ids are unique', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { maxLength: 250 }), (steps) => {
        const engine = createAlertEngine({ rules: propertyRules, idx, startedAt: T0 });
        const events: AlertEvent[] = [];
        let t = T0;
        for (const v of steps) {
          t += v.dtMs;
          // Some seconds the feed "drops": only the clock ticks, so the stale rule raises and clears too.
          if (v.clock) events.push(...engine.onClock(t));
          else events.push(...engine.onSample(signalSample(v, t), t));
        }
        const byScope = new Map<string, AlertEvent[]>();
        for (const e of events) {
          seen.add(`${e.kind} ${e.alert.rule}`);
          expect(alertEventSchema.safeParse(e).success).toBe(true);
          const key = `${e.alert.rule}:${e.alert.scope.site}:${e.alert.scope.hall ?? ''}`;
          byScope.set(key, [...(byScope.get(key) ?? []), e]);
        }
        const raisedIds = new Set<string>();
        const clearedIds = new Set<string>();
        for (const list of byScope.values()) {
          let open: string | undefined;
          for (const e of list) {
            if (e.kind === 'raised') {
              expect(open).toBeUndefined();
              expect(raisedIds.has(e.alert.id)).toBe(false);
              raisedIds.add(e.alert.id);
              open = e.alert.id;
            } else if (e.kind === 'cleared') {
              expect(e.alert.id).toBe(open);
              expect(clearedIds.has(e.alert.id)).toBe(false);
              clearedIds.add(e.alert.id);
              open = undefined;
            } else {
              expect(e.alert.id).toBe(open);
            }
          }
        }
        expect(new Set(engine.active().map((a) => a.id))).toEqual(
          new Set([...raisedIds].filter((id) => !clearedIds.has(id))),
        );
      }),
      PROP,
    );
    // The random signals must actually exercise every rule, or the property above proves little.
    for (const r of propertyRules) {
      expect(seen).toContain(`raised ${r.id}`);
      expect(seen).toContain(`cleared ${r.id}`);
    }
  });

  it('property: once raised, power hovering strictly between the clear and raise levels never flaps', () => {
    const cap95 = rule('powerCap', 'power-cap-95');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dtMs: fc.integer({ min: 100, max: 3000 }),
            pct: uniform(cap95.clearBelowPct, cap95.raiseAtPct, true),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        (hover) => {
          const engine = createAlertEngine({ rules: [cap95], idx, startedAt: T0 });
          expect(
            kinds(
              feed(
                engine,
                [0, 1, 2, 3].map((s) => power(s, 97)),
              ),
            ),
          ).toEqual(['raised power-cap-95']);
          let t = T0 + 3000;
          const events = hover.flatMap(({ dtMs, pct }) => {
            t += dtMs;
            const s = at(withFacilityPct(base, LOUISIANA_CAP, pct), t);
            return engine.onSample(s, t);
          });
          expect(events.filter((e) => e.kind !== 'updated')).toEqual([]);
          expect(engine.active()).toHaveLength(1);
        },
      ),
      PROP,
    );
  });

  it('property: late and repeated samples change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.nat({ max: 8 }), fc.boolean()), { maxLength: 150 }), (steps) => {
        const clean = createAlertEngine({ rules: propertyRules, idx, startedAt: T0 });
        const noisy = createAlertEngine({ rules: propertyRules, idx, startedAt: T0 });
        const sent: SiteSample[] = [];
        let t = T0;
        for (const [v, back, replay] of steps) {
          t += v.dtMs;
          const s = signalSample(v, t);
          sent.push(s);
          const a = clean.onSample(s, t);
          const b = noisy.onSample(s, t);
          // A repeat of an earlier sample arriving now: ignored (no events), and it changes nothing later.
          const old = sent[Math.max(0, sent.length - 1 - back)]!;
          if (replay) expect(noisy.onSample(old, t)).toEqual([]);
          expect(b).toEqual(a);
        }
        expect(noisy.log()).toEqual(clean.log());
      }),
      PROP,
    );
  });
});
