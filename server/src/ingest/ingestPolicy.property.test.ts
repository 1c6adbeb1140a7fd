import type { Ack, SiteSample } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGigawattServer } from '../createGigawattServer.ts';
import { makeSample, testConfig } from '../testing/fixtures.ts';

const N = 40;
/** Ohio's cap is 660 MW: 70 % for ten seconds, then 98 % (above the critical 95 % rule) for thirty. */
const pctAt = (s: number) => (s < 10 ? 70 : 98);

interface Delivery {
  second: number;
  seq: 'normal' | 'huge' | 'reset' | number;
  duplicate: boolean;
  swapWithNext: boolean;
}

const deliveryArb = (second: number) =>
  fc.record({
    second: fc.constant(second),
    seq: fc.oneof(
      { weight: 6, arbitrary: fc.constant<'normal'>('normal') },
      fc.constant<'huge'>('huge'),
      fc.constant<'reset'>('reset'),
      fc.integer({ min: 0, max: 2 ** 31 }),
    ),
    duplicate: fc.boolean(),
    swapWithNext: fc.boolean(),
  });

const plan = fc.tuple(...Array.from({ length: N }, (_, s) => deliveryArb(s)));
const hostileTimes = fc.array(
  fc.oneof(
    fc.integer({ min: 6_000, max: 400_000 }), // ahead of the server clock by more than 5 s
    fc.integer({ min: -10 * 86_400_000, max: -3_700_000 }), // older than the late window
  ),
  { maxLength: 4 },
);

describe('ingest gate invariants (fast-check over perturbed seq, repeats, reordering, hostile times)', () => {
  it('keeps the newest valid sample, leaves no hole or NaN in history, and raises the crossed threshold', async () => {
    await fc.assert(
      fc.asyncProperty(plan, hostileTimes, async (deliveries: Delivery[], hostile) => {
        const server = await createGigawattServer(testConfig());
        try {
          const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;
          const sampleOf = (d: Delivery): SiteSample => {
            const x = makeSample('ohio', T0 + d.second * 1000, { util: pctAt(d.second) > 90 ? 80 : 50 });
            x.facilityPowerMw = (660 * pctAt(d.second)) / 100;
            x.seq =
              d.seq === 'normal'
                ? x.seq
                : d.seq === 'huge'
                  ? 2 ** 53 - 1
                  : d.seq === 'reset'
                    ? d.second
                    : d.seq;
            return x;
          };
          // Local reordering: a sample may arrive after its successor (it is then late: history only).
          const order = [...deliveries];
          for (let i = 0; i + 1 < order.length; i++) {
            if (order[i]!.swapWithNext && i + 1 < order.length - 1) {
              [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
              i++;
            }
          }
          const acks: Ack[] = [];
          for (const [i, d] of order.entries()) {
            const s = sampleOf(d);
            acks.push(server.ingest.sample(s));
            if (d.duplicate)
              expect(server.ingest.sample({ ...s, seq: s.seq === 2 ** 53 - 1 ? 0 : s.seq + 1 })).toEqual({
                ok: true,
                outcome: 'duplicate',
              });
            if (i === 5) {
              for (const dt of hostile) {
                const bad = makeSample('ohio', Date.now() + dt);
                expect(server.ingest.sample(bad)).toMatchObject({
                  ok: false,
                  error: expect.stringMatching(/ahead|old/),
                });
              }
            }
          }
          // Every delivery was kept, as live or late; none acked as plain ok.
          for (const a of acks) expect(a.ok && (a.outcome === 'live' || a.outcome === 'late')).toBe(true);
          // The latest value is the newest valid sample.
          expect(server.store.latestSample('ohio')!.t).toBe(T0 + (N - 1) * 1000);
          // Every delivered second is in history, finite, at site and fleet level.
          const h = server.store.history({
            series: ['site:ohio:facilityPowerMw', 'fleet:facilityPowerMw', 'hall:ohio:h11:gpuUtilPct'],
            from: T0,
            to: T0 + (N - 1) * 1000,
            maxPoints: 1000,
          });
          for (const series of h.series) {
            expect(series.t).toEqual(Array.from({ length: N }, (_, s) => T0 + s * 1000));
            expect(series.mean.every(Number.isFinite)).toBe(true);
          }
          expect(h.series[0]!.mean[N - 1]).toBeCloseTo(660 * 0.98, 2);
          // The crossing of 95 % of the cap raised its alert.
          const raised = server.alerts
            .log()
            .find((a) => a.rule === 'power-cap-95' && a.scope.site === 'ohio');
          expect(raised, 'power-cap-95 raised for ohio').toBeDefined();
        } finally {
          await server.close();
        }
      }),
      { seed: 8, numRuns: 25 },
    );
  }, 60_000);
});
