import type { FleetConfig } from '@gigawatt/shared';
import { createSimulator } from '../model/createSimulator.ts';
import { DEFAULT_SEED } from '../model/defaultSeed.ts';
import { publish } from '../producer/publish.ts';
import type { CliCommand, CliIo } from './cliCommand.ts';
import {
  DEFAULT_URL,
  fleetFrom,
  ingestTarget,
  PRODUCER_OPTIONS,
  parseCommandLine,
  producerLimits,
  seedFrom,
  siteList,
} from './cliValues.ts';
import { deliverySummary } from './deliverySummary.ts';

export { DEFAULT_SEED };

const usage = `Usage: npm run mock -- publish [options]

Streams simulated telemetry to a Gigawatt server's /ingest namespace: one sample per site every
wall-clock second and, with --racks, the rack detail of every hall. Stops on Ctrl-C.

While the server is unreachable (a restart, a network cut) the samples are kept, up to --buffer of
them, and sent oldest first when the connection is back, before newer ones; samples the server did not
acknowledge are sent again (it ignores repeats). When the buffer is full the oldest seconds are dropped
and reported. Rack detail is live only: it is not sent while disconnected, nor later.

Options:
  --url <url>       server base URL (default ${DEFAULT_URL})
  --token <token>   ingest token (default $GIGAWATT_INGEST_TOKEN)
  --seed <n>        simulator seed, a non-negative integer (default $GIGAWATT_SEED or ${DEFAULT_SEED})
  --sites <a,b,…>   only these site ids (default: every site of the fleet)
  --racks           also publish rack detail (racks events, binary float32 columns)
  --fleet <file>    fleet config JSON (default $GIGAWATT_FLEET or the built-in fleet)
  --count <n>       stop after n seconds (default: run until interrupted)
  --buffer <time>   samples kept while the server is unreachable, 1s to 1h (default 10m)
  -h, --help        show this help`;

export interface PublishArgs {
  url: string;
  token: string;
  seed: number;
  sites: string[];
  racks: boolean;
  fleet: FleetConfig;
  count: number | undefined;
  bufferMs: number;
}

/** Turns argv (after the subcommand) and the environment into validated options; throws UsageError. */
export function parsePublishArgs(args: string[], env: CliIo['env']): PublishArgs | 'help' {
  const parsed = parseCommandLine(args, {
    ...PRODUCER_OPTIONS,
    seed: { type: 'string' },
    sites: { type: 'string' },
    racks: { type: 'boolean' },
    fleet: { type: 'string' },
  });
  if (parsed === 'help') return 'help';
  const { values } = parsed;
  const { url, token } = ingestTarget(values.url, values.token, env);
  const fleet = fleetFrom(values.fleet, env);
  return {
    url,
    token,
    seed: seedFrom(values.seed, env),
    sites: values.sites === undefined ? fleet.sites.map((s) => s.id) : siteList(values.sites, fleet),
    racks: values.racks ?? false,
    fleet,
    ...producerLimits(values),
  };
}

export const publishCommand: CliCommand = {
  name: 'publish',
  summary: "stream live samples (and optionally racks) to a server's /ingest namespace",
  usage,
  async run(args, io) {
    const opts = parsePublishArgs(args, io.env);
    if (opts === 'help') return 'help';
    const sim = createSimulator({ seed: opts.seed, fleet: opts.fleet });
    io.stderr(
      `publishing ${opts.sites.join(', ')}${opts.racks ? ' with racks' : ''} to ${opts.url}/ingest (seed ${opts.seed})\n`,
    );
    // A refused connection rejects: runCli prints it and exits 1.
    const stats = await publish({
      url: opts.url,
      token: opts.token,
      sim,
      sites: opts.sites,
      racks: opts.racks,
      count: opts.count,
      bufferMs: opts.bufferMs,
      ...(io.signal ? { signal: io.signal } : {}),
      log: (line) => io.stderr(`${line}\n`),
    });
    io.stderr(`stopped: ${stats.seconds} s published, ${deliverySummary(stats)}\n`);
    return 0;
  },
};
