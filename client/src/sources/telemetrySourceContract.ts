import { describe, expect, it } from 'vitest';
import type { SourceEvent, TelemetrySource } from './TelemetrySource.ts';

/** How a test drives one implementation; each TelemetrySource brings its own. */
export interface ContractHarness {
  source: TelemetrySource;
  /** Called right after start(): connect, open the file, … */
  afterStart(): void;
  /** Makes the source read a tick with this seq and time from wherever it reads ticks. */
  deliver(seq: number, t: number): void;
  /** Lets queued events come out. */
  settle(): void;
  dispose(): void;
}

/**
 * One suite for every TelemetrySource (LiveSource now, RecordingSource later): the behaviour views rely
 * on, whatever the data comes from.
 */
export function describeTelemetrySource(name: string, make: () => ContractHarness): void {
  describe(`${name} honours the TelemetrySource contract`, () => {
    const T = 1_760_000_000_000;

    function run(body: (h: ContractHarness, events: SourceEvent[]) => void) {
      const h = make();
      const events: SourceEvent[] = [];
      try {
        h.source.start((e) => events.push(e));
        h.afterStart();
        body(h, events);
      } finally {
        h.source.stop();
        h.dispose();
      }
    }

    it('reports its status first and its capabilities consistently', () => {
      run((h, events) => {
        expect(events[0]).toEqual({ type: 'status', status: expect.any(String) });
        const caps = h.source.capabilities;
        if (h.source.kind === 'live') {
          expect(caps.has('seek')).toBe(false);
          expect(caps.has('playback')).toBe(false);
        } else {
          expect(caps.has('seek')).toBe(true);
        }
        const statuses = events.filter((e) => e.type === 'status');
        expect(statuses.at(-1)).toEqual({ type: 'status', status: h.source.status });
      });
    });

    it('delivers ticks in seq order without duplicates', () => {
      run((h, events) => {
        for (const seq of [1, 2, 2, 3, 1, 4]) h.deliver(seq, T + seq * 1000);
        h.settle();
        const seqs = events.flatMap((e) => (e.type === 'ticks' ? e.ticks.map((t) => t.seq) : []));
        expect(seqs).toEqual([1, 2, 3, 4]);
      });
    });

    it('hands out hall subscriptions whose release is idempotent', () => {
      run((h) => {
        const release = h.source.subscribeHall({ site: 'ohio', hall: 'h1' });
        release();
        expect(() => release()).not.toThrow();
      });
    });

    it('goes quiet after stop()', () => {
      run((h, events) => {
        h.source.stop();
        const before = events.length;
        h.deliver(10, T + 10_000);
        h.settle();
        expect(events.length).toBe(before);
      });
    });
  });
}
