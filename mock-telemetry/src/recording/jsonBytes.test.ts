import { defaultFleet } from '@gigawatt/shared';
import { rackBlockFromJson, rackBlockJsonSchema } from '@gigawatt/shared/recording';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../model/createSimulator.ts';
import { JsonBytes } from './jsonBytes.ts';
import { writeRackBlockJson } from './rackBlockJson.ts';
import { writeSiteSampleJson } from './siteSampleJson.ts';

const text = (out: JsonBytes) => new TextDecoder().decode(out.view());
const T0 = Date.UTC(2026, 6, 15, 14);

describe('JsonBytes', () => {
  it('writes any finite number as JSON.stringify does', () => {
    const out = new JsonBytes();
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat(), fc.maxSafeInteger()),
        (v) => {
          expect(text(out.reset().number(v))).toBe(JSON.stringify(v));
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('writes meter readings from their digits, and anything else in the general form', () => {
    const out = new JsonBytes();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 4 }), (n, d) => {
        const v = n / 10 ** d;
        expect(text(out.reset().fixed(v, d))).toBe(JSON.stringify(v));
        expect(text(out.reset().fixed(v + 1e-7, d))).toBe(JSON.stringify(v + 1e-7));
        expect(text(out.reset().rounded(v + 0.0004, 2))).toBe(
          JSON.stringify(Math.round((v + 0.0004) * 100) / 100),
        );
      }),
      { seed: 6, numRuns: 200 },
    );
    expect(text(out.reset().fixed(-1.5, 1))).toBe('-1.5');
    expect(text(out.reset().rounded(-0.04, 1))).toBe('0');
    expect(text(out.reset().rounded(-2.26, 1))).toBe('-2.3');
  });

  it('grows past its first buffer', () => {
    const out = new JsonBytes();
    const long = 'x'.repeat(100_000);
    expect(text(out.reset().raw(long).number(7))).toBe(`${long}7`);
  });
});

describe('recording serialisers', () => {
  it('write simulator samples exactly as JSON.stringify, with and without incidents', () => {
    const out = new JsonBytes();
    const sims = [
      createSimulator({ seed: 9 }),
      createSimulator({
        seed: 9,
        incidents: [
          { kind: 'coolingFailure', site: 'ohio', hall: 'h11', start: T0, durationMs: 3_600_000 },
          { kind: 'coolingFailure', site: 'ohio', hall: 'h10', start: T0, durationMs: 3_600_000 },
          { kind: 'powerSurge', site: 'texas', start: T0, durationMs: 3_600_000, pctOfCap: 97 },
        ],
      }),
    ];
    for (const sim of sims) {
      for (let i = 0; i < 15; i++) {
        for (const s of sim.sampleFleet(T0 + i * 97_011)) {
          writeSiteSampleJson(out.reset(), s);
          expect(text(out)).toBe(JSON.stringify(s));
        }
      }
      writeSiteSampleJson(out.reset(), { ...sim.sampleSite('ohio', T0), halls: [] });
      expect(JSON.parse(text(out))).toEqual({ ...sim.sampleSite('ohio', T0), halls: [] });
    }
  });

  it('write an air-cooled hall’s rack block without a coolant column', () => {
    const out = new JsonBytes();
    writeRackBlockJson(out.reset(), createSimulator({ seed: 9 }).racks('ohio', 'h11', T0));
    const json = rackBlockJsonSchema.parse(JSON.parse(text(out)));
    expect(json.coolantReturnC).toBeUndefined();
  });

  it('write rack blocks in the recording schema at 0.1 precision', () => {
    const out = new JsonBytes();
    const sim = createSimulator({ seed: 9 });
    for (const site of defaultFleet.sites) {
      const block = sim.racks(site.id, site.halls[0]!.id, T0);
      writeRackBlockJson(out.reset(), block);
      const json = rackBlockJsonSchema.parse(JSON.parse(text(out)));
      const back = rackBlockFromJson(json);
      if (typeof back === 'string') throw new Error(back);
      expect(back.t).toBe(block.t);
      // Every site's first hall is liquid-cooled (GB200): its coolant return is a fourth column.
      expect(block.coolantReturnC).toBeDefined();
      for (const column of ['powerKw', 'utilPct', 'inletTempC', 'coolantReturnC'] as const) {
        const values = block[column]!;
        expect(back[column]).toHaveLength(values.length);
        for (let i = 0; i < values.length; i++) {
          expect(Math.abs(back[column]![i]! - values[i]!)).toBeLessThan(0.0501);
        }
      }
    }
  });
});
