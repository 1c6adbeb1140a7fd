import { createSimulator } from './createSimulator.ts';

export interface SimulatorBench {
  /** sampleFleet stepping one second at a time (the live producer). */
  sampleFleetStepMs: number;
  /** sampleFleet at random instants (no cache reuse: the worst case). */
  sampleFleetJumpMs: number;
  /** A week of history at 1-minute steps, three times over (30,240 sampleFleet calls). */
  weekAt1MinX3Ms: number;
  /** Every rack of every hall for one second: median and 90th percentile over 60 seconds. */
  allRacksMedianMs: number;
  allRacksP90Ms: number;
  racks: number;
}

/**
 * Timings of the simulator's hot paths, for `npm run bench` (DESIGN.md: budgets are measured by the
 * bench, never by timed unit tests). Run alone with:
 *   npx tsx -e "import('./mock-telemetry/src/benchSimulator.ts').then((m) => console.log(m.benchSimulator()))"
 */
export function benchSimulator(seed = 1): SimulatorBench {
  const sim = createSimulator({ seed });
  const t0 = Date.UTC(2026, 6, 15, 12);
  let sink = 0;
  const time = (f: () => void) => {
    const start = performance.now();
    f();
    return performance.now() - start;
  };
  // Warm-up so the JIT has compiled the hot paths before anything is timed.
  for (let i = 0; i < 3000; i++) sink += sim.sampleFleet(t0 - i * 37_000)[0]!.itPowerMw;

  const steps = 10_000;
  const stepMs = time(() => {
    for (let i = 0; i < steps; i++) sink += sim.sampleFleet(t0 + i * 1000)[0]!.itPowerMw;
  });
  const jumps = 3000;
  const jumpMs = time(() => {
    for (let i = 0; i < jumps; i++)
      sink += sim.sampleFleet(t0 + ((i * 2_654_435_761) % 31_536_000) * 1000)[0]!.itPowerMw;
  });
  const week = 7 * 24 * 60;
  const weekMs = time(() => {
    for (let rep = 0; rep < 3; rep++) {
      for (let i = 0; i < week; i++)
        sink += sim.sampleFleet(t0 - rep * 7 * 86_400_000 - i * 60_000)[0]!.itPowerMw;
    }
  });
  const rackTimes: number[] = [];
  let racks = 0;
  for (let s = 0; s < 61; s++) {
    racks = 0;
    const ms = time(() => {
      for (const site of sim.fleet.sites) {
        for (const hall of site.halls) {
          const block = sim.racks(site.id, hall.id, t0 + s * 1000);
          racks += block.powerKw.length;
          sink += block.powerKw[0]!;
        }
      }
    });
    // The first second also builds the per-rack constants; report steady state.
    if (s > 0) rackTimes.push(ms);
  }
  rackTimes.sort((a, b) => a - b);
  if (!Number.isFinite(sink)) throw new Error('unreachable: keeps the work observable');
  return {
    sampleFleetStepMs: stepMs / steps,
    sampleFleetJumpMs: jumpMs / jumps,
    weekAt1MinX3Ms: weekMs,
    allRacksMedianMs: rackTimes[rackTimes.length >> 1]!,
    allRacksP90Ms: rackTimes[Math.floor(rackTimes.length * 0.9)]!,
    racks,
  };
}
