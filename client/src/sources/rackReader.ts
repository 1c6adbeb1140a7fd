import type { RackBlock } from '@gigawatt/shared';
import type { RecordedMessage } from '@gigawatt/shared/recording';
import type { ReadWindow } from './readRecordedMessages.ts';

/** A rack block is shown if it is at most this old at the playhead (rack recorders may skip seconds). */
export const RACK_LOOKBACK_MS = 10_000;

export interface RackReaderOptions {
  read(window: ReadWindow): AsyncIterable<RecordedMessage>;
  /** Rack channels of the halls subscribed now. */
  topics(): string[];
  /** Still wanted? (the hall still subscribed, no reset since `generation`). */
  deliver(block: RackBlock, generation: number): void;
  generation(): number;
}

export interface RackReader {
  /** Asks for the blocks at second `t`; requests made while a read runs collapse into the newest. */
  request(t: number): void;
  readonly reading: Promise<void> | null;
  close(): void;
}

/**
 * Rack blocks are read on demand at the playhead, not with the read-ahead: views show only the newest
 * block of a hall, so at 100× reading every second's blocks would decode a hundred to show a few. One
 * read at a time; while it runs only the newest request is kept.
 */
export function createRackReader(opts: RackReaderOptions): RackReader {
  let wanted: number | null = null;
  let reading: Promise<void> | null = null;
  let closed = false;

  async function run(): Promise<void> {
    while (wanted !== null && !closed) {
      const t = wanted;
      wanted = null;
      const gen = opts.generation();
      const topics = opts.topics();
      if (topics.length === 0) continue;
      const newest = new Map<string, RackBlock>();
      try {
        for await (const m of opts.read({ from: t - RACK_LOOKBACK_MS, to: t + 999, topics })) {
          if (closed) return;
          if (m.kind === 'racks') newest.set(`${m.block.site}/${m.block.hall}`, m.block);
        }
      } catch (error) {
        console.warn(
          `[gigawatt] cannot read rack detail: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      if (closed) return;
      for (const block of newest.values()) opts.deliver(block, gen);
    }
  }

  return {
    request(t) {
      if (closed) return;
      wanted = t;
      reading ??= run().finally(() => {
        reading = null;
      });
    },
    get reading() {
      return reading;
    },
    close() {
      closed = true;
      wanted = null;
    },
  };
}
