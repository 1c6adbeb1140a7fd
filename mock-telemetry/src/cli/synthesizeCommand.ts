import { stat } from 'node:fs/promises';
import type { HallRef } from '@gigawatt/shared';
import { parseDuration, parseInstant } from '@gigawatt/shared';
import { type RecordingLevel, recordingLevelSchema } from '@gigawatt/shared/recording';
import { DEFAULT_SEED } from '../model/defaultSeed.ts';
import { openFileSink } from '../recording/fileSink.ts';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../recording/scenarios.ts';
import { type SynthesizeOptions, synthesizeRecording } from '../recording/synthesizeRecording.ts';
import { type CliCommand, type CliIo, UsageError } from './cliCommand.ts';
import { fleetFrom, parseCommandLine, seedFrom, siteList } from './cliValues.ts';

const usage = `Usage: npm run mock -- synthesize --out <file.mcap> [options]

Writes a simulated recording, an indexed and chunked MCAP file as the server records them, in seconds
rather than in real time: one sample per site per second (with halls from --level hall), rack detail
from --level rack, and an annotation on /annotations at the start of each scenario incident.

Options:
  --out <file>        the .mcap file to write (required)
  --scenario <name>   a ready-made story; sets length, incidents, level and name:
${SCENARIO_NAMES.map((n) => `                        ${n.padEnd(16)}${SCENARIOS[n].summary}`).join('\n')}
  --from <time>       first second: RFC 3339 or ms since epoch (default: ends at the last whole hour)
  --duration <d>      e.g. 24h, 90m, 1h30m (default: the scenario's, else 24h)
  --seed <n>          simulator seed (default $GIGAWATT_SEED or ${DEFAULT_SEED})
  --level <level>     site | hall | rack (default hall, or the scenario's)
  --sites <a,b,…>     only these sites (default: every site of the fleet)
  --halls <s/h,…>     rack detail for these halls only, e.g. ohio/h11 (implies --level rack)
  --name <text>       recording name (default: the scenario's)
  --fleet <file>      fleet config JSON (default $GIGAWATT_FLEET or the built-in fleet)
  --force             replace --out if it exists
  -h, --help          show this help`;

export interface SynthesizeArgs {
  out: string;
  force: boolean;
  options: Omit<SynthesizeOptions, 'from'> & { from: number };
}

const HOUR_MS = 3_600_000;

function hallList(text: string): HallRef[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((ref) => {
      const m = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)$/.exec(ref);
      if (!m) throw new UsageError(`--halls takes site/hall pairs like ohio/h11 (got "${ref}")`);
      return { site: m[1]!, hall: m[2]! };
    });
}

export function parseSynthesizeArgs(
  args: string[],
  env: CliIo['env'],
  now = Date.now(),
): SynthesizeArgs | 'help' {
  const parsed = parseCommandLine(args, {
    out: { type: 'string' },
    scenario: { type: 'string' },
    from: { type: 'string' },
    duration: { type: 'string' },
    seed: { type: 'string' },
    level: { type: 'string' },
    sites: { type: 'string' },
    halls: { type: 'string' },
    name: { type: 'string' },
    fleet: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (parsed === 'help') return 'help';
  const { values } = parsed;
  if (!values.out) throw new UsageError('--out <file.mcap> is required');

  let scenario: ScenarioName | undefined;
  if (values.scenario !== undefined) {
    if (!SCENARIO_NAMES.includes(values.scenario as ScenarioName)) {
      throw new UsageError(`unknown scenario "${values.scenario}" (known: ${SCENARIO_NAMES.join(', ')})`);
    }
    scenario = values.scenario as ScenarioName;
  }
  let durationMs: number | undefined;
  if (values.duration !== undefined) {
    durationMs = parseDuration(values.duration);
    if (durationMs === undefined || durationMs < 1000) {
      throw new UsageError(
        `--duration must be a length like 24h, 90m or 1h30m, at least 1s (got "${values.duration}")`,
      );
    }
    if (durationMs > 31 * 24 * HOUR_MS)
      throw new UsageError(`--duration must be at most 31d (got "${values.duration}")`);
  }
  const length = durationMs ?? (scenario ? SCENARIOS[scenario].durationMs : 24 * HOUR_MS);
  let from: number;
  if (values.from === undefined) {
    from = Math.floor(now / HOUR_MS) * HOUR_MS - length;
  } else {
    const t = parseInstant(values.from);
    if (t === undefined) {
      throw new UsageError(
        `--from must be RFC 3339 (2026-07-15T14:00:00Z) or ms since epoch (got "${values.from}")`,
      );
    }
    from = t;
  }
  let level: RecordingLevel | undefined;
  if (values.level !== undefined) {
    const parsed = recordingLevelSchema.safeParse(values.level);
    if (!parsed.success) throw new UsageError(`--level must be site, hall or rack (got "${values.level}")`);
    level = parsed.data;
  }
  const fleet = fleetFrom(values.fleet, env);
  const sites = values.sites === undefined ? undefined : siteList(values.sites, fleet);
  let rackHalls: HallRef[] | undefined;
  if (values.halls !== undefined) {
    if (level !== undefined && level !== 'rack') throw new UsageError('--halls needs --level rack');
    level = 'rack';
    rackHalls = hallList(values.halls);
    for (const r of rackHalls) {
      const site = fleet.sites.find((s) => s.id === r.site);
      if (!site) throw new UsageError(`--halls: unknown site "${r.site}"`);
      if (!site.halls.some((h) => h.id === r.hall)) {
        throw new UsageError(
          `--halls: unknown hall "${r.hall}" at site "${r.site}" (${site.id} has ${site.halls.map((h) => h.id).join(', ')})`,
        );
      }
      if (sites && !sites.includes(r.site))
        throw new UsageError(`--halls: site "${r.site}" is not in --sites`);
    }
  }
  if (values.name !== undefined && values.name.trim() === '')
    throw new UsageError('--name must not be empty');
  return {
    out: values.out,
    force: values.force ?? false,
    options: {
      from,
      seed: seedFrom(values.seed, env),
      fleet,
      ...(scenario ? { scenario } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(level ? { level } : {}),
      ...(sites ? { sites } : {}),
      ...(rackHalls ? { rackHalls } : {}),
      ...(values.name !== undefined ? { name: values.name.trim() } : {}),
    },
  };
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const synthesizeCommand: CliCommand = {
  name: 'synthesize',
  summary: 'write a simulated recording (.mcap) of any length in seconds',
  usage,
  async run(args, io) {
    const parsed = parseSynthesizeArgs(args, io.env);
    if (parsed === 'help') return 'help';
    const started = performance.now();
    let sink: Awaited<ReturnType<typeof openFileSink>>;
    try {
      sink = await openFileSink(parsed.out, { overwrite: parsed.force });
    } catch (err) {
      io.stderr(`error: cannot write ${parsed.out}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    // Progress only for runs long enough to wonder about, at most every two seconds.
    let lastReport = performance.now();
    try {
      const result = await synthesizeRecording(
        {
          ...parsed.options,
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: ({ seconds, totalSeconds }) => {
            if (performance.now() - lastReport < 2000 || seconds === totalSeconds) return;
            lastReport = performance.now();
            io.stderr(`  ${Math.floor((100 * seconds) / totalSeconds)} %\n`);
          },
        },
        sink,
      );
      await sink.commit();
      const { plan } = result;
      const size = (await stat(parsed.out)).size;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      io.stdout(
        `wrote ${parsed.out}: "${plan.name}", ${plan.level} level, ${plan.sites.join(', ')}` +
          `${plan.rackHalls.length > 0 ? ` (racks: ${plan.rackHalls.map((r) => `${r.site}/${r.hall}`).join(', ')})` : ''}\n` +
          `  ${iso(plan.from)} to ${iso(plan.from + plan.seconds * 1000)}, seed ${plan.seed}, ` +
          `${result.messages} messages in ${result.chunks} chunks, ${mb(size)}, ${secs} s\n` +
          plan.annotations.map((a) => `  ▸ ${iso(a.t)} ${a.text}\n`).join(''),
      );
      return 0;
    } catch (err) {
      await sink.discard();
      throw err;
    }
  },
};
