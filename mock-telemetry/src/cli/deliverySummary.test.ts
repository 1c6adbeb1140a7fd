import { describe, expect, it } from 'vitest';
import { emptyDeliveryStats } from '../producer/ingestSession.ts';
import { deliverySummary } from './deliverySummary.ts';

describe('deliverySummary', () => {
  it('gives the usual counts, and only what happened beyond them', () => {
    const quiet = { ...emptyDeliveryStats(), samples: 40, rackBlocks: 16 };
    expect(deliverySummary(quiet)).toBe('40 samples, 16 rack blocks, 0 refused, 0 unanswered');
    expect(deliverySummary(quiet, '2 loops')).toBe(
      '40 samples, 16 rack blocks, 0 refused, 0 unanswered, 2 loops',
    );
    const outage = {
      ...quiet,
      unanswered: 3,
      buffered: 2400,
      resent: 3,
      dropped: 8,
      undelivered: 1,
      late: 2390,
      duplicates: 1,
      stale: 2,
      rackBlocksSkipped: 4800,
    };
    expect(deliverySummary(outage)).toBe(
      '40 samples, 16 rack blocks, 0 refused, 3 unanswered; 2400 samples buffered while disconnected, ' +
        '3 resent, 8 dropped from the full buffer, 1 undelivered at exit, 2390 late, 1 duplicates, ' +
        '2 stale rack blocks, 4800 rack blocks not sent while disconnected',
    );
  });
});
