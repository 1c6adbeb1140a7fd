import { readFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  defaultFleet,
  describeZodError,
  type FleetConfig,
  fleetConfigSchema,
  parseDuration,
} from '@gigawatt/shared';
import { DEFAULT_SEED } from '../model/defaultSeed.ts';
import { DEFAULT_BUFFER_MS } from '../producer/ingestSession.ts';
import { type CliIo, UsageError } from './cliCommand.ts';

/*
 * Option values the subcommands share, each checked with a message that names the option. All throw
 * UsageError (exit code 2, printed with the command's usage).
 */

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export function wholeNumber(name: string, text: string, min: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number (got "${text}")`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is too large (got "${text}")`);
  if (n < min) throw new UsageError(`--${name} must be at least ${min} (got "${text}")`);
  return n;
}

export function fleetFrom(path: string | undefined, env: CliIo['env']): FleetConfig {
  const file = path ?? env.GIGAWATT_FLEET;
  if (!file) return defaultFleet;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `cannot read fleet file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = fleetConfigSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`invalid fleet file ${file}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export function seedFrom(text: string | undefined, env: CliIo['env']): number {
  const seedText = text ?? env.GIGAWATT_SEED;
  return seedText === undefined || seedText === '' ? DEFAULT_SEED : wholeNumber('seed', seedText, 0);
}

/** Server base URL (http or https, no trailing slash) and ingest token (flag or environment). */
export function ingestTarget(url: string | undefined, token: string | undefined, env: CliIo['env']) {
  const text = url ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`--url must be an http(s) URL (got "${text}")`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url must be an http(s) URL (got "${text}")`);
  }
  const tok = token ?? env.GIGAWATT_INGEST_TOKEN;
  if (!tok) throw new UsageError('an ingest token is required: pass --token or set GIGAWATT_INGEST_TOKEN');
  return { url: parsed.href.replace(/\/+$/, ''), token: tok };
}

/**
 * Longest --buffer: the server refuses samples older than an hour (its 1 s tier keeps no more), and an
 * hour of the default fleet's samples is about 40 MB of memory.
 */
const MAX_BUFFER_MS = 3_600_000;

/** --buffer: how much sample time a producer keeps while the server is unreachable (1s to 1h). */
export function bufferFrom(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BUFFER_MS;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--buffer must be a length like 10m or 1h (got "${text}")`);
  if (ms < 1000 || ms > MAX_BUFFER_MS) {
    throw new UsageError(`--buffer must be from 1s to 1h (got "${text}")`);
  }
  return ms;
}

/** A comma-separated list of site ids, each known to the fleet, deduplicated in order. */
export function siteList(text: string, fleet: FleetConfig): string[] {
  const known = fleet.sites.map((s) => s.id);
  const sites = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sites.length === 0) throw new UsageError('--sites needs at least one site id');
  const unknown = sites.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown site${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${known.join(', ')})`,
    );
  }
  return [...new Set(sites)];
}

/** The options of the subcommands that feed a server's /ingest (publish, replay). */
export const PRODUCER_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  count: { type: 'string' },
  buffer: { type: 'string' },
} as const;

/** --count and --buffer of a producer: when it stops, and how much it keeps while the server is away. */
export function producerLimits(values: { count?: string | undefined; buffer?: string | undefined }): {
  count: number | undefined;
  bufferMs: number;
} {
  return {
    count: values.count === undefined ? undefined : wholeNumber('count', values.count, 1),
    bufferMs: bufferFrom(values.buffer),
  };
}

/**
 * A subcommand's arguments read by node:util's parseArgs with its `options` and -h/--help: 'help' when
 * help is asked for, else the values and at most `maxPositionals` positionals. An unknown flag, a
 * missing value (parseArgs' TypeErrors) and one argument too many are UsageErrors.
 */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  maxPositionals = 0,
) {
  const parsed = usageErrors(() =>
    parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as const,
    }),
  );
  if ((parsed.values as { help?: boolean }).help) return 'help';
  const extra = parsed.positionals[maxPositionals];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  return parsed;
}

/** Runs node:util's parseArgs, turning its TypeErrors (unknown flag, missing value) into UsageErrors. */
function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
