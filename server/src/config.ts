import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  defaultFleet,
  describeZodError,
  type FleetConfig,
  fleetConfigSchema,
  parseDuration,
} from '@gigawatt/shared';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './log.ts';
import { resolveTokens, type TokenSource } from './tokens.ts';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  simulate: boolean;
  /** Rack-level simulation for every hall (true) or only for halls someone watches (false). */
  simulateRacks: boolean;
  seed: number;
  fleet: FleetConfig;
  fleetSource: string;
  ingestToken: string;
  /** Made at this start (print it once); 'file': kept in tokensFile from an earlier start. */
  ingestTokenGenerated: boolean;
  ingestTokenSource: TokenSource;
  operatorTokenSource: TokenSource;
  /** Where generated tokens are kept (undefined: state off, they last one run). */
  tokensFile: string | undefined;
  operatorToken: string;
  /** No GIGAWATT_OPERATOR_TOKEN was set: the random one is printed at start, or nobody could act as operator. */
  operatorTokenGenerated: boolean;
  viewerToken: string | undefined;
  /** Redis for the scale-out bus, the lease and the socket.io adapter; undefined: one node, in-process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key this cluster uses, so several clusters (and test runs) share one Redis. */
  redisPrefix: string;
  /** PostgreSQL for history, the alert log and annotations (scale-out); replaces the data folder's state. */
  databaseUrl: string | undefined;
  /** How much past the built-in simulator synthesizes at start, so charts have history (ms). */
  backfillMs: number;
  /** Directory of the built client; absent means API only. */
  clientDir: string;
  /** Alert rules JSON file; undefined means the defaults. */
  alertRulesPath: string | undefined;
  /** Simulated seconds per wall second (1 = real time). */
  clockRate: number;
  recording: {
    enabled: boolean;
    segmentMs: number;
    maxBytes: number;
    maxAgeMs: number;
    /** Largest file POST /api/recordings/import accepts. */
    importMaxBytes: number;
  };
  /**
   * Demo recordings synthesized in the background at first start. `durationMs` shortens every demo
   * (tests only; not a variable).
   */
  demos: { enabled: boolean; durationMs?: number };
  /** State that survives restarts (history, latest values, alert log) in `<dataDir>/state`. */
  state: { enabled: boolean; checkpointMs: number };
  /** GIGAWATT_LOG_LEVEL: the least severe level logged (default info; silent logs nothing). */
  logLevel: LogLevel;
}

export class ConfigError extends Error {}

const sizeRe = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i;
const sizeUnits: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** "2GiB", "500MB", "1048576" → bytes. */
export function parseSize(text: string): number | undefined {
  const m = sizeRe.exec(text.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * sizeUnits[(m[2] ?? 'b').toLowerCase()]!);
}

const boolText = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no']))
  .transform((s) => ['1', 'true', 'on', 'yes'].includes(s));

function isRedisUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isPostgresUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (
      (u.protocol === 'postgres:' || u.protocol === 'postgresql:') &&
      (u.hostname !== '' || u.searchParams.has('host'))
    );
  } catch {
    return false;
  }
}

/** A value as quoted in an error message: a URL's password is never printed. */
const shown = (value: string) =>
  JSON.stringify(
    value
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^/?#]*@/i, '$1:***@')
      .replace(/(password=)[^&\s]*/gi, '$1***'),
  );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  GIGAWATT_DATA_DIR: z.string().min(1).default('./data'),
  GIGAWATT_SIMULATE: boolText.default(true),
  GIGAWATT_SIMULATE_RACKS: boolText.default(true),
  GIGAWATT_SEED: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(20261123),
  GIGAWATT_FLEET: z.string().min(1).optional(),
  GIGAWATT_INGEST_TOKEN: z.string().min(8, 'must be at least 8 characters').max(512).optional(),
  GIGAWATT_OPERATOR_TOKEN: z.string().min(8, 'must be at least 8 characters').max(512).optional(),
  GIGAWATT_VIEWER_TOKEN: z.string().min(8, 'must be at least 8 characters').max(512).optional(),
  REDIS_URL: z
    .string()
    .refine(isRedisUrl, 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379')
    .optional(),
  GIGAWATT_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.{}-]{1,64}$/, 'must be 1 to 64 letters, digits or : _ . - { }, such as gigawatt:')
    .default('gigawatt:'),
  DATABASE_URL: z
    .string()
    .refine(
      isPostgresUrl,
      'must be a postgres:// or postgresql:// URL, such as postgres://gigawatt@127.0.0.1:5432/gigawatt',
    )
    .optional(),
  GIGAWATT_BACKFILL: z
    .string()
    .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as 15m, 24h or 7d')
    .default('8d'),
  GIGAWATT_CLIENT_DIR: z.string().min(1).default('dist/client'),
  GIGAWATT_ALERT_RULES: z.string().min(1).optional(),
  GIGAWATT_CLOCK_RATE: z.coerce.number().min(1).max(1000).default(1),
  GIGAWATT_RECORD: boolText.default(true),
  GIGAWATT_STATE: boolText.default(true),
  GIGAWATT_CHECKPOINT: z
    .string()
    .refine((s) => (parseDuration(s) ?? 0) >= 1000, 'must be a duration of at least 1s, such as 10m')
    .default('10m'),
  GIGAWATT_RECORD_SEGMENT: z
    .string()
    .refine((s) => (parseDuration(s) ?? 0) >= 60_000, 'must be a duration of at least 1m, such as 1h')
    .default('1h'),
  GIGAWATT_RECORD_MAX_BYTES: z
    .string()
    .refine((s) => (parseSize(s) ?? 0) >= 2 ** 20, 'must be a size of at least 1MiB, such as 2GiB or 500MB')
    .default('2GiB'),
  GIGAWATT_RECORD_MAX_AGE: z
    .string()
    .refine((s) => (parseDuration(s) ?? 0) >= 60_000, 'must be a duration such as 7d or 12h')
    .default('7d'),
  GIGAWATT_IMPORT_MAX_BYTES: z
    .string()
    .refine((s) => (parseSize(s) ?? 0) >= 1024, 'must be a size of at least 1KiB, such as 1GiB or 500MB')
    .default('1GiB'),
  /** Default: on when the built-in simulator runs (and recording is on). */
  GIGAWATT_DEMOS: boolText.optional(),
  GIGAWATT_LOG_LEVEL: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
});

/** Flags mirror the variables (`--port 9000` = `PORT=9000`); a flag wins over the environment. */
const flagToEnv: Record<string, keyof z.input<typeof envSchema>> = {
  port: 'PORT',
  host: 'HOST',
  'data-dir': 'GIGAWATT_DATA_DIR',
  simulate: 'GIGAWATT_SIMULATE',
  'simulate-racks': 'GIGAWATT_SIMULATE_RACKS',
  seed: 'GIGAWATT_SEED',
  fleet: 'GIGAWATT_FLEET',
  'ingest-token': 'GIGAWATT_INGEST_TOKEN',
  'operator-token': 'GIGAWATT_OPERATOR_TOKEN',
  'viewer-token': 'GIGAWATT_VIEWER_TOKEN',
  'redis-url': 'REDIS_URL',
  'redis-prefix': 'GIGAWATT_REDIS_PREFIX',
  'database-url': 'DATABASE_URL',
  backfill: 'GIGAWATT_BACKFILL',
  'client-dir': 'GIGAWATT_CLIENT_DIR',
  'alert-rules': 'GIGAWATT_ALERT_RULES',
  'clock-rate': 'GIGAWATT_CLOCK_RATE',
  record: 'GIGAWATT_RECORD',
  state: 'GIGAWATT_STATE',
  checkpoint: 'GIGAWATT_CHECKPOINT',
  'record-segment': 'GIGAWATT_RECORD_SEGMENT',
  'record-max-bytes': 'GIGAWATT_RECORD_MAX_BYTES',
  'record-max-age': 'GIGAWATT_RECORD_MAX_AGE',
  demos: 'GIGAWATT_DEMOS',
  'import-max-bytes': 'GIGAWATT_IMPORT_MAX_BYTES',
  'log-level': 'GIGAWATT_LOG_LEVEL',
};

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig {
  let flags: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(flagToEnv).map((k) => [k, { type: 'string' as const }]));
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new ConfigError(
      `${(e as Error).message}. Known flags: ${Object.keys(flagToEnv)
        .map((f) => `--${f}`)
        .join(' ')}`,
    );
  }
  const merged: Record<string, string | undefined> = {};
  for (const key of Object.values(flagToEnv)) {
    const v = env[key];
    if (v !== undefined && v !== '') merged[key] = v;
  }
  for (const [flag, key] of Object.entries(flagToEnv)) {
    const v = flags[flag];
    if (typeof v === 'string') merged[key] = v;
  }
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${shown(merged[String(i.path[0])] ?? '')}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.GIGAWATT_DEMOS === true && !e.GIGAWATT_RECORD) {
    throw new ConfigError(
      'invalid configuration:\n  GIGAWATT_DEMOS=on needs recording (GIGAWATT_RECORD=on): demos are recordings',
    );
  }
  let fleet = defaultFleet;
  let fleetSource = 'built-in default fleet';
  if (e.GIGAWATT_FLEET) {
    fleet = loadFleetFile(e.GIGAWATT_FLEET);
    fleetSource = e.GIGAWATT_FLEET;
  }
  const tokens = resolveTokens(e.GIGAWATT_STATE ? e.GIGAWATT_DATA_DIR : undefined, {
    ingest: e.GIGAWATT_INGEST_TOKEN,
    operator: e.GIGAWATT_OPERATOR_TOKEN,
  });
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.GIGAWATT_DATA_DIR,
    simulate: e.GIGAWATT_SIMULATE,
    simulateRacks: e.GIGAWATT_SIMULATE_RACKS,
    seed: e.GIGAWATT_SEED,
    fleet,
    fleetSource,
    ingestToken: tokens.ingest.token,
    ingestTokenGenerated: tokens.ingest.source === 'generated',
    ingestTokenSource: tokens.ingest.source,
    operatorToken: tokens.operator.token,
    operatorTokenGenerated: tokens.operator.source === 'generated',
    operatorTokenSource: tokens.operator.source,
    tokensFile: tokens.file,
    viewerToken: e.GIGAWATT_VIEWER_TOKEN,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.GIGAWATT_REDIS_PREFIX,
    databaseUrl: e.DATABASE_URL,
    backfillMs: parseDuration(e.GIGAWATT_BACKFILL)!,
    clientDir: e.GIGAWATT_CLIENT_DIR,
    alertRulesPath: e.GIGAWATT_ALERT_RULES,
    clockRate: e.GIGAWATT_CLOCK_RATE,
    recording: {
      enabled: e.GIGAWATT_RECORD,
      segmentMs: parseDuration(e.GIGAWATT_RECORD_SEGMENT)!,
      maxBytes: parseSize(e.GIGAWATT_RECORD_MAX_BYTES)!,
      maxAgeMs: parseDuration(e.GIGAWATT_RECORD_MAX_AGE)!,
      importMaxBytes: parseSize(e.GIGAWATT_IMPORT_MAX_BYTES)!,
    },
    demos: { enabled: e.GIGAWATT_DEMOS ?? (e.GIGAWATT_SIMULATE && e.GIGAWATT_RECORD) },
    state: { enabled: e.GIGAWATT_STATE, checkpointMs: parseDuration(e.GIGAWATT_CHECKPOINT)! },
    logLevel: e.GIGAWATT_LOG_LEVEL,
  };
}

export function loadFleetFile(path: string): FleetConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `GIGAWATT_FLEET=${path}: cannot read a JSON fleet file (${(err as Error).message})`,
    );
  }
  const r = fleetConfigSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(`GIGAWATT_FLEET=${path}: ${describeZodError(r.error)}`);
  return r.data;
}
