import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFleet, parseDuration, parseInstant } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryRecording } from '../testing/replayFixture.ts';
import { startTestIngestServer, type TestIngestServer } from '../testing/startTestIngestServer.ts';
import type { CliIo } from './cliCommand.ts';
import { DEFAULT_SEED, parsePublishArgs } from './publishCommand.ts';
import { parseReplayArgs } from './replayCommand.ts';
import { runCli } from './runCli.ts';
import { parseSynthesizeArgs } from './synthesizeCommand.ts';

const TOKEN = 'cli-test-token';

async function run(argv: string[], env: CliIo['env'] = {}) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), env });
  return { code, out, err };
}

let server: TestIngestServer;
beforeAll(async () => {
  server = await startTestIngestServer(TOKEN);
});
afterAll(async () => {
  await server.close();
});

describe('runCli', () => {
  it('prints help with exit code 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Commands:\n {2}publish .*\n {2}synthesize .*\n {2}replay /);
    const sub = await run(['publish', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.out).toMatch(/--racks/);
    expect(sub.out).toMatch(
      /--buffer <time> +samples kept while the server is unreachable, 1s to 1h \(default 10m\)/,
    );
    expect((await run(['replay', '--help'])).out).toMatch(/--buffer <time>/);
  });

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['publish', '--token', 't', '--nope'], /Unknown option '--nope'/],
    [['publish', '--token'], /argument missing/],
    [['publish', '--token', 't', '--seed', 'abc'], /--seed must be a whole number/],
    [['publish', '--token', 't', '--seed', '-3'], /Option '--seed' argument is ambiguous/],
    [['publish', '--token', 't', '--seed=-3'], /--seed must be a whole number/],
    [['publish', '--token', 't', '--seed', '99999999999999999999'], /--seed is too large/],
    [['publish', '--token', 't', '--count', '0'], /--count must be at least 1/],
    [['publish', '--token', 't', '--url', 'ftp://x'], /--url must be an http\(s\) URL/],
    [['publish', '--token', 't', '--url', 'not a url'], /--url must be an http\(s\) URL/],
    [
      ['publish', '--token', 't', '--sites', 'ohio,atlantis'],
      /unknown site atlantis \(known: louisiana, ohio/,
    ],
    [['publish', '--token', 't', '--sites', ','], /--sites needs at least one site id/],
    [['publish', '--token', 't', 'extra'], /unexpected argument "extra"/],
    [['publish'], /ingest token is required/],
    [['publish', '--token', 't', '--fleet', '/nonexistent/fleet.json'], /cannot read fleet file/],
    [['publish', '--token', 't', '--buffer', '10'], /--buffer must be a length like 10m or 1h \(got "10"\)/],
    [['publish', '--token', 't', '--buffer', '2h'], /--buffer must be from 1s to 1h \(got "2h"\)/],
    [['publish', '--token', 't', '--buffer', '500ms'], /--buffer must be from 1s to 1h/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Usage: npm run mock/);
  });

  it('takes defaults from the environment and validates a fleet file', () => {
    expect(parsePublishArgs([], { GIGAWATT_INGEST_TOKEN: 'env-token' })).toMatchObject({
      url: 'http://127.0.0.1:8080',
      token: 'env-token',
      seed: DEFAULT_SEED,
      racks: false,
      sites: defaultFleet.sites.map((s) => s.id),
      count: undefined,
      bufferMs: 600_000,
    });
    expect(parsePublishArgs(['--token', 'x', '--buffer', '1h'], {})).toMatchObject({ bufferMs: 3_600_000 });
    expect(parsePublishArgs(['--token', 'x', '--buffer', '90s'], {})).toMatchObject({ bufferMs: 90_000 });
    expect(
      parsePublishArgs(['--token', 'x', '--sites', 'texas, ohio,texas', '--racks', '--seed', '7'], {}),
    ).toMatchObject({ token: 'x', seed: 7, sites: ['texas', 'ohio'], racks: true });
    const dir = mkdtempSync(join(tmpdir(), 'gigawatt-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...defaultFleet, sites: [] }));
    expect(() => parsePublishArgs(['--token', 'x'], { GIGAWATT_FLEET: bad })).toThrow(
      /invalid fleet file .*sites/,
    );
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ ...defaultFleet, sites: [defaultFleet.sites[2]] }));
    expect(parsePublishArgs(['--token', 'x', '--fleet', good], {})).toMatchObject({ sites: ['texas'] });
  });

  it('prints the server error and exits 1 when the token is refused', async () => {
    const r = await run(['publish', '--url', server.url, '--token', 'wrong-token']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/connection refused by .*: unauthorized: invalid ingest token/);
  });

  it('publishes for --count seconds and exits 0 (default command)', async () => {
    const before = server.samples.length;
    const r = await run(['--url', server.url, '--token', TOKEN, '--sites', 'ohio', '--count', '1']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/stopped: 1 s published, 1 samples/);
    expect(server.samples.length - before).toBe(1);
    expect(server.samples.at(-1)?.site).toBe('ohio');
  });
});

describe('runCli synthesize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gigawatt-synth-'));

  it.each([
    [['synthesize'], /--out <file.mcap> is required/],
    [
      ['synthesize', '--out', 'x.mcap', '--scenario', 'flood'],
      /unknown scenario "flood" \(known: normal-day/,
    ],
    [['synthesize', '--out', 'x.mcap', '--duration', '5'], /--duration must be a length like 24h/],
    [['synthesize', '--out', 'x.mcap', '--duration', '40d'], /--duration must be at most 31d/],
    [['synthesize', '--out', 'x.mcap', '--from', 'yesterday'], /--from must be RFC 3339/],
    [['synthesize', '--out', 'x.mcap', '--level', 'row'], /--level must be site, hall or rack/],
    [['synthesize', '--out', 'x.mcap', '--halls', 'ohio'], /--halls takes site\/hall pairs/],
    [['synthesize', '--out', 'x.mcap', '--halls', 'ohio/h99'], /unknown hall "h99" at site "ohio"/],
    [
      ['synthesize', '--out', 'x.mcap', '--halls', 'ohio/h1', '--level', 'hall'],
      /--halls needs --level rack/,
    ],
    [
      ['synthesize', '--out', 'x.mcap', '--sites', 'texas', '--halls', 'ohio/h1'],
      /site "ohio" is not in --sites/,
    ],
    [['synthesize', '--out', 'x.mcap', '--sites', 'mars'], /unknown site mars/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Usage: npm run mock -- synthesize/);
  });

  it('writes a recording, then refuses to replace it without --force', async () => {
    const out = join(dir, 'small.mcap');
    const argv = [
      'synthesize',
      '--out',
      out,
      '--from',
      '2026-07-15T14:00:00Z',
      '--duration',
      '10s',
      '--sites',
      'ohio',
    ];
    const r = await run([...argv, '--halls', 'ohio/h11', '--name', 'tiny']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote .*small\.mcap: "tiny", rack level, ohio \(racks: ohio\/h11\)/);
    expect(r.out).toMatch(/2026-07-15T14:00:00Z to 2026-07-15T14:00:10Z, seed 20261123, 20 messages/);
    const again = await run(argv);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists \(pass --force to replace it\)/);
    expect((await run([...argv, '--force'])).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['small.mcap']);
  });

  it('parses durations, instants and defaults', () => {
    const now = Date.UTC(2026, 10, 23, 18, 42, 10);
    expect(parseSynthesizeArgs(['--out', 'a.mcap'], {}, now)).toMatchObject({
      out: 'a.mcap',
      force: false,
      options: { from: Date.UTC(2026, 10, 22, 18), seed: 20261123 },
    });
    expect(
      parseSynthesizeArgs(['--out', 'a.mcap', '--scenario', 'job-crash', '--from', '1784124000000'], {}, now),
    ).toMatchObject({ options: { from: 1_784_124_000_000, scenario: 'job-crash' } });
    expect(parseSynthesizeArgs(['--out', 'a', '--scenario', 'cooling-failure'], {}, now)).toMatchObject({
      options: { from: Date.UTC(2026, 10, 23, 16) },
    });
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('h')).toBeUndefined();
    expect(parseDuration('10')).toBeUndefined();
    expect(parseInstant('2026-07-15T14:00:00Z')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15T16:00:00+02:00')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15')).toBeUndefined();
    expect(parseInstant('2026-07-15T14:00:00')).toBeUndefined();
  });
});

describe('runCli replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gigawatt-replay-'));

  it.each([
    [['replay', '--token', 't'], /which recording\? pass the .mcap file/],
    [['replay', 'a.mcap', 'b.mcap', '--token', 't'], /unexpected argument "b.mcap"/],
    [['replay', 'a.mcap'], /ingest token is required/],
    [['replay', 'a.mcap', '--token', 't', '--speed', 'fast'], /--speed must be a number from 0.1 to 1000/],
    [['replay', 'a.mcap', '--token', 't', '--speed', '5000'], /--speed must be a number from 0.1 to 1000/],
    [
      ['replay', 'a.mcap', '--token', 't', '--from', 'noon'],
      /--from must be RFC 3339, ms since epoch or \+<duration>/,
    ],
    [['replay', 'a.mcap', '--token', 't', '--to', '+soon'], /--to \+<duration> takes a length like \+30m/],
    [['replay', 'a.mcap', '--token', 't', '--buffer', 'lots'], /--buffer must be a length like 10m/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Usage: npm run mock -- replay/);
  });

  it('parses speeds and relative bounds', () => {
    expect(
      parseReplayArgs(['f.mcap', '--token', 't', '--speed', '10x', '--from', '+20m', '--loop'], {}),
    ).toMatchObject({
      file: 'f.mcap',
      speed: 10,
      from: { after: 1_200_000 },
      to: undefined,
      loop: true,
      bufferMs: 600_000,
    });
    expect(parseReplayArgs(['f.mcap', '--token', 't', '--buffer', '5m'], {})).toMatchObject({
      bufferMs: 300_000,
    });
    expect(parseReplayArgs(['f.mcap', '--token', 't', '--to', '2026-07-15T14:30:00Z'], {})).toMatchObject({
      speed: 1,
      to: { at: Date.UTC(2026, 6, 15, 14, 30) },
    });
  });

  it('exits 1 with a clear message for a missing file, a file that is not MCAP, and a window outside it', async () => {
    const missing = await run(['replay', join(dir, 'nope.mcap'), '--token', TOKEN]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot open .*nope\.mcap: ENOENT/);
    const bad = join(dir, 'bad.mcap');
    writeFileSync(bad, 'definitely not a recording');
    const notMcap = await run(['replay', bad, '--token', TOKEN]);
    expect(notMcap.code).toBe(1);
    expect(notMcap.err).toMatch(/cannot replay .*bad\.mcap: not an MCAP file/);
    const { bytes } = await memoryRecording();
    const good = join(dir, 'good.mcap');
    writeFileSync(good, bytes);
    const late = await run(['replay', good, '--url', server.url, '--token', TOKEN, '--from', '+1h']);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/--from 2026-07-15T15:00:00Z is after the recording \(2026-07-15T14:00:00Z to/);
  });

  it('replays a file for --count seconds and reports what it sent', async () => {
    const { bytes } = await memoryRecording();
    const file = join(dir, 'count.mcap');
    writeFileSync(file, bytes);
    const before = server.samples.length;
    const r = await run([
      'replay',
      file,
      '--url',
      server.url,
      '--token',
      TOKEN,
      '--speed',
      '5',
      '--count',
      '1',
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/replaying ".*" \(2026-07-15T14:00:00Z to 2026-07-15T14:00:29Z\) at 5x/);
    expect(r.err).toMatch(
      /stopped: 1 s replayed \(last recorded second 2026-07-15T14:00:00Z\), 2 samples, 1 rack blocks/,
    );
    expect(server.samples.length - before).toBe(2);
  });
});
