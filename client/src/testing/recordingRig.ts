import { defaultFleet } from '@gigawatt/shared';
import { RecordingSource } from '../sources/RecordingSource.ts';
import type { SourceEvent } from '../sources/TelemetrySource.ts';
import { buildRecording, type Fixture, manualClock } from './recordingFixture.ts';

/**
 * A RecordingSource over a fixture recording on a manual clock, with the events it emitted: the rig
 * of the source's own tests and of the store's tests fed by a recording.
 */
export const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

export interface Rig {
  source: RecordingSource;
  clock: ReturnType<typeof manualClock>;
  events: SourceEvent[];
  fixture: Fixture;
  /** Advances the wall clock and lets reads finish, frame by frame. */
  run(ms: number): Promise<void>;
  of<T extends SourceEvent['type']>(type: T): Extract<SourceEvent, { type: T }>[];
  tickTimes(): number[];
}

const rigs: RecordingSource[] = [];

/** Stops every rig's source: a test file calls it in afterEach. */
export function stopRigs(): void {
  for (const s of rigs.splice(0)) s.stop();
}

export async function rig(
  fixtureOptions: Partial<Parameters<typeof buildRecording>[0]> = {},
  opts: { startAt?: number; speed?: number } = {},
): Promise<Rig> {
  const fixture = await buildRecording({ start: T0, seconds: 120, ...fixtureOptions });
  const clock = manualClock(5_000_000);
  const source = await RecordingSource.open(
    { kind: 'bytes', bytes: fixture.bytes, name: 'fixture.mcap' },
    { fallbackFleet: defaultFleet, now: clock.now, scheduler: clock.scheduler, ...opts },
  );
  rigs.push(source);
  const events: SourceEvent[] = [];
  source.start((e) => events.push(e));
  await source.idle();
  const of = <T extends SourceEvent['type']>(type: T) =>
    events.filter((e): e is Extract<SourceEvent, { type: T }> => e.type === type);
  return {
    source,
    clock,
    events,
    fixture,
    async run(ms) {
      for (let left = ms; left > 0; left -= 100) {
        clock.advance(Math.min(100, left));
        await source.idle();
      }
    },
    of,
    tickTimes: () => of('ticks').flatMap((e) => e.ticks.map((t) => t.t)),
  };
}
