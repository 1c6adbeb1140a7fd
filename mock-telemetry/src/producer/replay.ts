import { encodeRackBlock, type RackBlock, type SiteSample } from '@gigawatt/shared';
import type { Annotation, OpenedRecording, RecordedMessage } from '@gigawatt/shared/recording';
import { type DeliveryStats, type IngestSessionOptions, openIngestSession } from './ingestSession.ts';

export interface ReplayOptions extends IngestSessionOptions {
  recording: OpenedRecording;
  /** Recorded seconds per wall second (default 1). */
  speed?: number;
  /** Window of the recording to play (ms since epoch, inclusive); default all of it. */
  from?: number;
  to?: number;
  /** Start again at `from` after `to`, until aborted. */
  loop?: boolean;
  /** Stop after this many wall seconds (tests, drills of fixed length). */
  count?: number;
}

export interface ReplayStats extends DeliveryStats {
  /**
   * Wall seconds played. The replay keeps its pace while the connection is down: the samples of those
   * seconds are buffered and sent on reconnect, their rack blocks are not.
   */
  seconds: number;
  /** Times the replay went back to the start (--loop). */
  loops: number;
  /** Recorded time of the last second played (ms). */
  position: number | undefined;
}

/** A recorded sample as a live one: stamped with the wall second it is sent in, seq = that second. */
export function retimeSample(sample: SiteSample, t: number): SiteSample {
  return { ...sample, t, seq: Math.floor(t / 1000) };
}

export function retimeRacks(block: RackBlock, t: number): RackBlock {
  return { ...block, t };
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** The recording's playable window, checked; throws with the recording's own span when it is outside. */
export function replayWindow(rec: OpenedRecording, from?: number, to?: number): { from: number; to: number } {
  if (
    rec.startTime === undefined ||
    rec.endTime === undefined ||
    !rec.topics.some((t) => t.kind === 'site')
  ) {
    throw new Error('the recording holds no site samples to replay');
  }
  const span = `${iso(rec.startTime)} to ${iso(rec.endTime)}`;
  const start = Math.max(from ?? rec.startTime, rec.startTime);
  const end = Math.min(to ?? rec.endTime, rec.endTime);
  if (from !== undefined && from > rec.endTime)
    throw new Error(`--from ${iso(from)} is after the recording (${span})`);
  if (to !== undefined && to < rec.startTime)
    throw new Error(`--to ${iso(to)} is before the recording (${span})`);
  if (start > end) throw new Error(`--from ${iso(start)} is after --to ${iso(end)}`);
  return { from: start, to: end };
}

/** The newest message per topic with log time in [from, to]. */
async function latestPerTopic(rec: OpenedRecording, topics: readonly string[], from: number, to: number) {
  const latest = new Map<string, RecordedMessage>();
  for await (const m of rec.readMessages({ from, to, topics })) latest.set(m.topic, m);
  return latest;
}

/**
 * Publishes a recording into a running server as a live producer. Once per wall-clock second it sends,
 * for each site (and each hall with rack detail), the newest sample of the last recorded second at the
 * replay position, restamped with that wall second (seq = t / 1000): the server sees an ordinary 1 Hz
 * feed that starts now, whatever the speed.
 *
 * Speed N moves the position N recorded seconds per wall second. Above 1× the seconds in between are
 * skipped rather than compressed or averaged: the server's history, charts and freshness checks expect
 * one sample per site per second of its own time, and averaging would flatten the swings, peaks and
 * drops an incident is made of. Below 1× each recorded second is held (resent, restamped) for 1/N wall
 * seconds. Alert hold times are judged in server time, so at high speed a short incident may clear
 * before a rule with a long hold fires.
 *
 * While the server is unreachable the replay keeps its pace: the samples of those wall seconds are kept
 * (up to `bufferMs`) and sent, oldest first, on reconnect; their rack blocks are live only and not sent.
 */
export async function replay(opts: ReplayOptions): Promise<ReplayStats> {
  const rec = opts.recording;
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number (got ${speed})`);
  const { from, to } = replayWindow(rec, opts.from, opts.to);
  const log = opts.log ?? ((line: string) => console.error(line));
  const feed = rec.topics.filter((t) => t.kind === 'site' || t.kind === 'racks').map((t) => t.topic);
  const notes: Annotation[] = [];
  const noteTopics = rec.topics.filter((t) => t.kind === 'annotation').map((t) => t.topic);
  if (noteTopics.length > 0) {
    for await (const m of rec.readMessages({ from, to, topics: noteTopics })) {
      if (m.kind === 'annotation') notes.push(m.annotation);
    }
  }

  const stats = { seconds: 0, loops: 0, position: undefined as number | undefined };
  const session = openIngestSession(opts);

  try {
    await session.firstConnect();
    /** Wall second at which the position was `from` (reset on each loop). */
    let origin: number | undefined;
    let played = from - 1;
    while (opts.count === undefined || stats.seconds < opts.count) {
      const now = await session.nextSecond();
      if (now === undefined) break;
      origin ??= now;
      let position = from + Math.floor((now - origin) * speed);
      if (position > to) {
        if (!opts.loop) break;
        stats.loops++;
        origin = now;
        position = from;
        played = from - 1;
        log(`end of the recording: back to ${iso(from)} (loop ${stats.loops + 1})`);
      }
      const batch = await latestPerTopic(rec, feed, Math.max(from, position - 999), position);
      for (const m of batch.values()) {
        if (m.kind === 'site') {
          // Labels without times, so a server refusing a site every second logs one line and a count.
          session.sample(retimeSample(m.sample, now), `sample ${m.sample.site}`);
        } else if (m.kind === 'racks') {
          const { block } = m;
          session.racks(() => encodeRackBlock(retimeRacks(block, now)), `racks ${block.site}/${block.hall}`);
        }
      }
      for (const n of notes) if (n.t > played && n.t <= position) log(`▸ ${iso(n.t)} ${n.text}`);
      played = position;
      stats.position = position;
      stats.seconds++;
    }
  } finally {
    await session.close();
  }
  return { ...stats, ...session.stats };
}
