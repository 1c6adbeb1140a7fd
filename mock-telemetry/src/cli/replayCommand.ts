import { parseDuration, parseInstant } from '@gigawatt/shared';
import { openRecording } from '@gigawatt/shared/recording';
import { replay, replayWindow } from '../producer/replay.ts';
import { type CliCommand, type CliIo, UsageError } from './cliCommand.ts';
import {
  DEFAULT_URL,
  ingestTarget,
  PRODUCER_OPTIONS,
  parseCommandLine,
  producerLimits,
} from './cliValues.ts';
import { deliverySummary } from './deliverySummary.ts';
import { openFileReadable } from './fileReadable.ts';

const usage = `Usage: npm run mock -- replay <file.mcap> [options]

Publishes a recording into a running Gigawatt server's /ingest namespace as a live producer, so a
recorded incident plays on every wall display (drills, training). The first recorded second maps to
"now": every sample is restamped with the wall second it is sent in (seq = t / 1000), so the server
sees an ordinary live feed. Annotations in the file are printed as they pass. Stops on Ctrl-C.
While the server is unreachable the replay keeps its pace and keeps the samples (up to --buffer), sent
oldest first when the connection is back; rack detail is live only and not sent meanwhile.

Options:
  --url <url>       server base URL (default ${DEFAULT_URL})
  --token <token>   ingest token (default $GIGAWATT_INGEST_TOKEN)
  --speed <n>       recorded seconds per wall second, 0.1 to 1000 (default 1)
  --from <time>     start here: RFC 3339, ms since epoch, or +<duration> after the recording's start
  --to <time>       stop here (same forms; default: the end of the recording)
  --loop            start again at --from after --to, until interrupted
  --count <n>       stop after n wall seconds
  --buffer <time>   samples kept while the server is unreachable, 1s to 1h (default 10m)
  -h, --help        show this help

Speed: the server keeps one sample per site per second of its own time, so at any speed exactly one
sample per site (and rack block per hall) is sent each wall second: the newest of the recorded second
at the replay position. Above 1x the seconds in between are skipped, not averaged (averages would hide
the swings and drops an incident is made of); below 1x a recorded second is held for 1/speed seconds.
Alert rules with hold times run on server time, so very fast replays can miss short incidents.`;

/** A replay bound: absolute, or "+<duration>" after the recording's start (resolved once it is open). */
export type ReplayBound = { at: number } | { after: number };

export interface ReplayArgs {
  file: string;
  url: string;
  token: string;
  speed: number;
  from: ReplayBound | undefined;
  to: ReplayBound | undefined;
  loop: boolean;
  count: number | undefined;
  bufferMs: number;
}

function bound(name: string, text: string | undefined): ReplayBound | undefined {
  if (text === undefined) return undefined;
  if (text.startsWith('+')) {
    const ms = parseDuration(text.slice(1));
    if (ms === undefined)
      throw new UsageError(`--${name} +<duration> takes a length like +30m (got "${text}")`);
    return { after: ms };
  }
  const at = parseInstant(text);
  if (at === undefined) {
    throw new UsageError(`--${name} must be RFC 3339, ms since epoch or +<duration> (got "${text}")`);
  }
  return { at };
}

export function parseReplayArgs(args: string[], env: CliIo['env']): ReplayArgs | 'help' {
  const parsed = parseCommandLine(
    args,
    {
      ...PRODUCER_OPTIONS,
      speed: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      loop: { type: 'boolean' },
    },
    1,
  );
  if (parsed === 'help') return 'help';
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('which recording? pass the .mcap file to replay');
  const { url, token } = ingestTarget(values.url, values.token, env);
  let speed = 1;
  if (values.speed !== undefined) {
    speed = Number(values.speed.replace(/x$/i, ''));
    if (!/^\d+(\.\d+)?x?$/i.test(values.speed) || !(speed >= 0.1 && speed <= 1000)) {
      throw new UsageError(`--speed must be a number from 0.1 to 1000 (got "${values.speed}")`);
    }
  }
  return {
    file: positionals[0]!,
    url,
    token,
    speed,
    from: bound('from', values.from),
    to: bound('to', values.to),
    loop: values.loop ?? false,
    ...producerLimits(values),
  };
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const resolve = (b: ReplayBound | undefined, start: number) =>
  b === undefined ? undefined : 'at' in b ? b.at : start + b.after;

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: "play a recording (.mcap) into a server's /ingest as a live feed",
  usage,
  async run(args, io) {
    const opts = parseReplayArgs(args, io.env);
    if (opts === 'help') return 'help';
    let file: Awaited<ReturnType<typeof openFileReadable>>;
    try {
      file = await openFileReadable(opts.file);
    } catch (err) {
      io.stderr(`error: cannot open ${opts.file}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    try {
      let recording: Awaited<ReturnType<typeof openRecording>>;
      try {
        recording = await openRecording(file);
      } catch (err) {
        io.stderr(`error: cannot replay ${opts.file}: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
      }
      const start = recording.startTime ?? 0;
      const from = resolve(opts.from, start);
      const to = resolve(opts.to, start);
      const name = recording.metadata?.name ?? opts.file;
      replayWindow(recording, from, to);
      io.stderr(
        `replaying "${name}" (${recording.startTime === undefined ? 'empty' : `${iso(recording.startTime)} to ${iso(recording.endTime ?? start)}`})` +
          ` at ${opts.speed}x to ${opts.url}/ingest${opts.loop ? ', looping' : ''}\n`,
      );
      // A window outside the recording throws and a refused connection rejects: runCli prints either, exit 1.
      const stats = await replay({
        url: opts.url,
        token: opts.token,
        recording,
        speed: opts.speed,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        loop: opts.loop,
        ...(opts.count !== undefined ? { count: opts.count } : {}),
        bufferMs: opts.bufferMs,
        ...(io.signal ? { signal: io.signal } : {}),
        log: (line) => io.stderr(`${line}\n`),
      });
      io.stderr(
        `stopped: ${stats.seconds} s replayed${stats.position === undefined ? '' : ` (last recorded second ${iso(stats.position)})`}, ` +
          `${deliverySummary(stats, `${stats.loops} loops`)}\n`,
      );
      return 0;
    } finally {
      await file.close();
    }
  },
};
