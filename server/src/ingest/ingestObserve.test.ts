import { defaultFleet, indexFleet, type RackBlock } from '@gigawatt/shared';
import { expect, it } from 'vitest';
import { createInProcessBus } from '../bus/telemetryBus.ts';
import { makeSample } from '../testing/fixtures.ts';
import { IngestService } from './ingestService.ts';

const now = Math.floor(Date.now() / 1000) * 1000;
const gate = () => new IngestService(indexFleet(defaultFleet), createInProcessBus(), () => now);

it('observe(): a second another gate let through is held here (duplicates answered), and applied once', () => {
  const g = gate();
  expect(g.observe(makeSample('ohio', now - 10_000), true)).toBe('live');
  expect(g.observe(makeSample('ohio', now - 10_000), true)).toBe('duplicate');
  expect(g.sample(makeSample('ohio', now - 10_000))).toEqual({ ok: true, outcome: 'duplicate' });
  // The live path resumes after it: older seconds are history only, newer ones live.
  expect(g.sample(makeSample('ohio', now - 20_000))).toEqual({ ok: true, outcome: 'late' });
  expect(g.sample(makeSample('ohio', now - 9000))).toEqual({ ok: true, outcome: 'live' });
  expect(g.observe(makeSample('ohio', now - 15_000), true)).toBe('late');
});

it("observe(): the other gate's late stays late and does not move the newest live second", () => {
  const g = gate();
  expect(g.observe(makeSample('texas', now - 5000), false)).toBe('late');
  expect(g.sample(makeSample('texas', now - 6000))).toEqual({ ok: true, outcome: 'live' });
});

it('observe(): what no gate would keep is refused (beyond the late window, unknown site)', () => {
  const g = gate();
  expect(g.observe(makeSample('ohio', now - 2 * 3_600_000), true)).toBe('refused');
  expect(g.observe({ ...makeSample('ohio', now), site: 'atlantis' }, true)).toBe('refused');
});

it('observeRacks(): only a block newer than the hall has (and of the right size)', () => {
  const g = gate();
  const hall = defaultFleet.sites[0]!.halls[0]!;
  const block = (t: number, racks = hall.racks): RackBlock => ({
    site: defaultFleet.sites[0]!.id,
    hall: hall.id,
    t,
    powerKw: new Float32Array(racks),
    utilPct: new Float32Array(racks),
    inletTempC: new Float32Array(racks),
  });
  expect(g.observeRacks(block(now - 2000))).toBe(true);
  expect(g.observeRacks(block(now - 2000))).toBe(false);
  expect(g.observeRacks(block(now - 3000))).toBe(false);
  expect(g.observeRacks(block(now - 1000, hall.racks + 1))).toBe(false);
  expect(g.observeRacks(block(now - 1000))).toBe(true);
});
