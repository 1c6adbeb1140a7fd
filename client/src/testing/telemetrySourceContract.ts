import { describe, expect, it } from 'vitest';
import type { SourceEvent, TelemetrySource } from '../sources/TelemetrySource.ts';

/** Ticks the suite delivers are at CONTRACT_T0 + seq seconds (seq 1…10). */
export const CONTRACT_T0 = 1_760_000_000_000;

/**
 * How a test drives one implementation; each TelemetrySource brings its own. Steps may be async: a
 * recording reads its file asynchronously even from memory.
 */
export interface ContractHarness {
  source: TelemetrySource;
  /** Called right after start(): connect, start playing, … */
  afterStart(): void | Promise<void>;
  /**
   * Makes the source read a tick with this seq and time from wherever it reads ticks (a socket fires
   * it; a recording plays up to it). A time already passed must not come out again.
   */
  deliver(seq: number, t: number): void | Promise<void>;
  /** Lets queued events come out. */
  settle(): void | Promise<void>;
  dispose(): void;
}

/**
 * One suite for every TelemetrySource (LiveSource and RecordingSource): the behaviour views rely on,
 * whatever the data comes from.
 */
export function describeTelemetrySource(
  name: string,
  make: () => ContractHarness | Promise<ContractHarness>,
): void {
  describe(`${name} honours the TelemetrySource contract`, () => {
    const T = CONTRACT_T0;

    async function run(body: (h: ContractHarness, events: SourceEvent[]) => void | Promise<void>) {
      const h = await make();
      const events: SourceEvent[] = [];
      try {
        h.source.start((e) => events.push(e));
        await h.afterStart();
        await body(h, events);
      } finally {
        h.source.stop();
        h.dispose();
      }
    }

    it('reports its status first and its capabilities consistently', async () => {
      await run((h, events) => {
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

    it('delivers ticks in seq order without duplicates', async () => {
      await run(async (h, events) => {
        for (const seq of [1, 2, 2, 3, 1, 4]) await h.deliver(seq, T + seq * 1000);
        await h.settle();
        const ticks = events.flatMap((e) => (e.type === 'ticks' ? e.ticks : []));
        // Times identify the ticks for both kinds: a recording numbers seconds (seq = t / 1000), a
        // server counts its own ticks.
        expect(ticks.map((t) => t.t)).toEqual([1, 2, 3, 4].map((s) => T + s * 1000));
        const seqs = ticks.map((t) => t.seq);
        expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
      });
    });

    it('hands out hall subscriptions whose release is idempotent', async () => {
      await run((h) => {
        const release = h.source.subscribeHall({ site: 'ohio', hall: 'h1' });
        release();
        expect(() => release()).not.toThrow();
      });
    });

    it('goes quiet after stop()', async () => {
      await run(async (h, events) => {
        h.source.stop();
        const before = events.length;
        await h.deliver(10, T + 10_000);
        await h.settle();
        expect(events.length).toBe(before);
      });
    });
  });
}
