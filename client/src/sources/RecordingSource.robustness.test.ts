import { defaultFleet } from '@gigawatt/shared';
import { RecordingError } from '@gigawatt/shared/recording';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildRecording, manualClock } from '../testing/recordingFixture.ts';
import { RecordingSource } from './RecordingSource.ts';
import type { SourceEvent } from './TelemetrySource.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const EVENT_TYPES = new Set(['status', 'hello', 'ticks', 'racks', 'alert', 'gap', 'reset', 'error']);

/**
 * A damaged file (cut short, bytes overwritten) must give a clear RecordingError at open, or open and
 * then play with at most `error` events: never an exception out of the source, never a hang.
 */
describe('RecordingSource on damaged files', () => {
  let good: Uint8Array;

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Small chunks, every kind of channel: damage can land in any record type.
    ({ bytes: good } = await buildRecording({
      start: T0,
      seconds: 8,
      chunkSize: 4096,
      sites: ['ohio', 'texas'],
      rackHalls: [{ site: 'ohio', hall: 'h1' }],
      alerts: [{ id: 'a', raise: 2, clear: 5 }],
      annotations: [3],
    }));
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  const open = (bytes: Uint8Array, clock = manualClock(0)) =>
    RecordingSource.open(
      { kind: 'bytes', bytes, name: 'damaged.mcap' },
      { fallbackFleet: defaultFleet, now: clock.now, scheduler: clock.scheduler },
    );

  /** Opens, then plays the whole file with racks and history; returns what came out. */
  async function exercise(bytes: Uint8Array): Promise<'refused' | SourceEvent[]> {
    const clock = manualClock(0);
    let source: RecordingSource;
    try {
      source = await open(bytes, clock);
    } catch (error) {
      expect(error).toBeInstanceOf(RecordingError);
      expect((error as RecordingError).message).toMatch(/damaged\.mcap/);
      return 'refused';
    }
    const events: SourceEvent[] = [];
    source.start((e) => events.push(e));
    source.subscribeHall({ site: 'ohio', hall: 'h1' });
    source.setSpeed(100);
    source.play();
    for (let i = 0; i < 20 && source.playback.playing; i++) {
      clock.advance(100);
      await source.idle();
    }
    await source
      .fetchHistory({ series: ['fleet:itPowerMw'], from: 0, to: T0 + 60_000, maxPoints: 50 })
      .catch((error: unknown) => expect(error).toBeInstanceOf(Error));
    source.stop();
    for (const e of events) expect(EVENT_TYPES.has(e.type)).toBe(true);
    return events;
  }

  it('plays the undamaged file to the end', async () => {
    const events = await exercise(good);
    expect(events).not.toBe('refused');
    const ticks = (events as SourceEvent[]).flatMap((e) => (e.type === 'ticks' ? e.ticks : []));
    expect(ticks).toHaveLength(8);
  });

  it('refuses a file cut anywhere with a RecordingError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.byteLength - 1 }), async (cut) => {
        await expect(open(good.subarray(0, cut))).rejects.toBeInstanceOf(RecordingError);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws out of open or playback, whatever bytes are overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: good.byteLength - 1 }), fc.integer({ min: 0, max: 255 })),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        async (flips) => {
          const bytes = good.slice();
          for (const [at, value] of flips) bytes[at] = value;
          await exercise(bytes);
        },
      ),
      { numRuns: 120 },
    );
  }, 60_000);

  it('refuses random bytes and well-formed garbage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 400 }), async (bytes) => {
        expect(await exercise(bytes)).toBe('refused');
      }),
      { numRuns: 100 },
    );
  });
});
