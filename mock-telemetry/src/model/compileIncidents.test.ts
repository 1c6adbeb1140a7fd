import { defaultFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { createSimulator } from './createSimulator.ts';
import type { Incident } from './incidentSchema.ts';

const T0 = Date.UTC(2026, 6, 15, 14);
const make = (incidents: unknown[]) => () => createSimulator({ seed: 1, incidents: incidents as Incident[] });

describe('incident validation', () => {
  it('accepts every kind on the default fleet', () => {
    const sim = createSimulator({
      seed: 1,
      incidents: [
        { kind: 'coolingFailure', site: 'ohio', hall: 'h11', start: T0, durationMs: 600_000 },
        { kind: 'jobCrash', site: 'texas', hall: 'h1', start: T0, durationMs: 600_000 },
        { kind: 'powerSurge', site: 'louisiana', start: T0, durationMs: 600_000, pctOfCap: 96 },
      ],
    });
    expect(sim.incidents).toHaveLength(3);
  });

  it.each([
    [
      [{ kind: 'coolingFailure', site: 'mars', hall: 'h1', start: T0, durationMs: 60_000 }],
      /incident 1 \(coolingFailure\): unknown site "mars" \(known: louisiana, ohio, texas, missouri\)/,
    ],
    [
      [
        { kind: 'powerSurge', site: 'ohio', start: T0, durationMs: 60_000, pctOfCap: 90 },
        { kind: 'jobCrash', site: 'texas', hall: 'h99', start: T0, durationMs: 60_000 },
      ],
      /incident 2 \(jobCrash\): unknown hall "h99" at site "texas" \(texas has h1, h2, .*h12\)/,
    ],
    [
      [{ kind: 'jobCrash', site: 'texas', hall: 'h5', start: T0, durationMs: 60_000 }],
      /hall "texas\/h5" runs no training job \(its workload is inference\)/,
    ],
    [[{ kind: 'meteor', site: 'ohio', start: T0, durationMs: 1000 }], /incident 1 \(meteor\): .*kind/],
    [[{ kind: 'coolingFailure', site: 'ohio', start: T0, durationMs: 1000 }], /incident 1 .*hall/],
    [
      [{ kind: 'jobCrash', site: 'texas', hall: 'h1', start: T0, durationMs: 10 }],
      /durationMs must be at least 1000/,
    ],
    [[{ kind: 'jobCrash', site: 'texas', hall: 'h1', start: 5, durationMs: 1000 }], /start: t must be ms/],
    [[{ kind: 'powerSurge', site: 'ohio', start: T0, durationMs: 60_000, pctOfCap: 150 }], /pctOfCap/],
    [['not an object'], /incident 1: /],
  ])('refuses %j with a clear error', (incidents, message) => {
    expect(make(incidents)).toThrow(message);
  });

  it('checks halls against a custom fleet', () => {
    const fleet = { ...defaultFleet, sites: [defaultFleet.sites[0]!] };
    expect(() =>
      createSimulator({
        seed: 1,
        fleet,
        incidents: [{ kind: 'coolingFailure', site: 'ohio', hall: 'h11', start: T0, durationMs: 1000 }],
      }),
    ).toThrow(/unknown site "ohio" \(known: louisiana\)/);
  });
});
