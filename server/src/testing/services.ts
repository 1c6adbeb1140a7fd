import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/**
 * External services some suites need (PostgreSQL, Redis). Where one is missing, a suite skips with a
 * clear message on a developer's machine and fails under CI=true (.ci/run starts them), so a green CI
 * never hides a suite that did not run.
 *
 * Pattern, with top-level await in the test file:
 *
 *   const pg = await postgresAvailable();
 *   describeWithService('PostgresStateStorage', pg, () => { ... uses pg.url ... });
 */
export interface ServiceStatus {
  /** What the suite needs, for messages ("PostgreSQL", "Redis"). */
  service: string;
  /** The URL the suite should use (its password never printed: see `where`). */
  url: string;
  /** host:port, for messages. */
  where: string;
  /** undefined: reachable; otherwise why not. */
  unavailable: string | undefined;
  /** The whole sentence for a missing service, when "<service> is not reachable at <where>" does not fit. */
  missing?: string;
}

export const TEST_DATABASE_URL =
  process.env.GIGAWATT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.GIGAWATT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const hostPort = (url: string, defaultPort: number) => {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
};

/**
 * Opens a TCP connection, optionally writes `hello` and waits for a reply that satisfies `ok`. Resolves to
 * undefined when it did, or to the reason it did not (refused, timed out, unexpected reply).
 */
export function probeTcp(
  host: string,
  port: number,
  opts: { hello?: Buffer | string; ok?: (reply: Buffer) => boolean; timeoutMs?: number } = {},
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = Buffer.alloc(0);
    const done = (why: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(why);
    };
    const timer = setTimeout(
      () => done(`no answer within ${opts.timeoutMs ?? 1500} ms`),
      opts.timeoutMs ?? 1500,
    );
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    socket.once('connect', () => {
      if (opts.hello === undefined) return done(undefined);
      socket.write(opts.hello);
    });
    socket.on('data', (d: Buffer) => {
      reply = Buffer.concat([reply, d]);
      if (opts.ok?.(reply) ?? true) done(undefined);
      else if (reply.length > 64)
        done(`unexpected reply ${JSON.stringify(reply.subarray(0, 64).toString())}`);
    });
  });
}

/**
 * PostgreSQL answers on the test URL: a startup message for an SSL request (8 bytes) answered by 'S' or
 * 'N' is enough to know a PostgreSQL server is listening, without a client library or credentials.
 */
export async function postgresAvailable(url = TEST_DATABASE_URL): Promise<ServiceStatus> {
  const { host, port } = hostPort(url, 5432);
  const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
  const unavailable = await probeTcp(host, port, {
    hello: sslRequest,
    ok: (r) => r[0] === 0x53 || r[0] === 0x4e,
  });
  return { service: 'PostgreSQL', url, where: `${host}:${port}`, unavailable };
}

/** Redis answers PING with +PONG (or -NOAUTH: it is there, the suite's URL must carry the password). */
export async function redisAvailable(url = TEST_REDIS_URL): Promise<ServiceStatus> {
  const { host, port } = hostPort(url, 6379);
  const unavailable = await probeTcp(host, port, {
    hello: 'PING\r\n',
    ok: (r) => r.includes('\r\n') && (r.toString().startsWith('+PONG') || r.toString().startsWith('-NOAUTH')),
  });
  return { service: 'Redis', url, where: `${host}:${port}`, unavailable };
}

/**
 * A program some suites run (Debian's promtool and prometheus): found on PATH, or missing with the
 * package that installs it. `url` is its full path.
 */
export function commandAvailable(command: string, debianPackage: string): ServiceStatus {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return { service: command, url: path, where: path, unavailable: undefined };
    } catch {
      // not in this directory
    }
  }
  const unavailable = `not installed (apt-get install -y ${debianPackage})`;
  return {
    service: command,
    url: command,
    where: 'PATH',
    unavailable,
    missing: `${command} is not on PATH: ${unavailable}`,
  };
}

export const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

/**
 * describe() when the service answers; otherwise, under CI, one failing test that says what is missing,
 * and elsewhere a skipped suite whose name says why (and one line on stderr).
 */
export function describeWithService(name: string, status: ServiceStatus, body: () => void): void {
  if (status.unavailable === undefined) {
    describe(name, body);
    return;
  }
  const why =
    status.missing ?? `${status.service} is not reachable at ${status.where} (${status.unavailable})`;
  if (inCi()) {
    describe(name, () => {
      it(`needs ${status.service}`, () => {
        throw new Error(`${why}: CI must start it (.ci/run) — this suite did not run`);
      });
    });
    return;
  }
  console.warn(`[tests] skipping "${name}": ${why}; start it, or set CI=true to make this a failure`);
  // Skipped only off CI, and only because the service is missing (the reason is in the suite's name and
  // logged above); under CI=true the branch above fails instead.
  describe.skip(`${name} (skipped: ${why})`, body); // reason: the service is missing, off CI only
}
