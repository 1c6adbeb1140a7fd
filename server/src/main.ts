import { ConfigError, loadConfig } from './config.ts';
import { createGigawattServer, type GigawattServer } from './createGigawattServer.ts';
import { createLogger, errorFields, type Logger } from './log.ts';
import { StartupError } from './startupError.ts';

/** Exit within 5 s of a stop signal, whatever hangs: 4 s for the server, the rest for npm to follow. */
const STOP_DEADLINE_MS = 4000;
/**
 * A terminal sends Ctrl-C to the whole process group and npm forwards it again, so one press arrives two
 * or three times at once: repeats this close together are the same request, not an impatient second one.
 */
const REPEAT_WINDOW_MS = 1000;
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

let server: GigawattServer | undefined;
let stopping: { at: number } | undefined;
/**
 * The process's one logger: at info until the configuration is read (its errors must show), then at
 * GIGAWATT_LOG_LEVEL. Messages keep their "gigawatt: " prefix, which scripts and tests look for.
 */
let log: Logger = createLogger();

function onStopSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  if (stopping) {
    if (Date.now() - stopping.at < REPEAT_WINDOW_MS) return;
    log.warn(`gigawatt: second ${signal}, exiting now`);
    process.exit(SIGNAL_EXIT[signal]);
  }
  stopping = { at: Date.now() };
  log.info(`gigawatt: ${signal}, stopping`);
  setTimeout(() => {
    log.error(`gigawatt: not stopped after ${STOP_DEADLINE_MS / 1000} s, exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS);
  if (server) void stop(server);
  // else: still starting; main() stops the server as soon as it exists.
}

async function stop(s: GigawattServer): Promise<void> {
  try {
    await s.close();
  } catch (e) {
    log.error(errorFields(e), 'gigawatt: error while stopping');
    process.exit(1);
  }
  log.info(`gigawatt: stopped in ${Date.now() - (stopping?.at ?? Date.now())} ms`);
  process.exit(0);
}

// From the first moment: a stop during start-up (a long backfill) still closes what was opened.
process.on('SIGINT', () => onStopSignal('SIGINT'));
process.on('SIGTERM', () => onStopSignal('SIGTERM'));

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal(`gigawatt: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  log = createLogger({ level: config.logLevel });
  server = await createGigawattServer(config, { log });
  if (stopping) return stop(server);
  const sites = config.fleet.sites.map((s) => s.id).join(', ');
  log.info(
    { url: server.url },
    `gigawatt: serving ${server.url}  (fleet: ${config.fleetSource}; sites: ${sites})`,
  );
  // What it runs with, once, in one line (where, never a token or a password).
  const hostOf = (url: string | undefined) => {
    if (!url) return undefined;
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || (u.protocol.startsWith('postgres') ? 5432 : 6379)}`;
    } catch {
      return 'set';
    }
  };
  const configured = {
    dataDir: config.dataDir,
    state: config.databaseUrl
      ? `postgresql ${hostOf(config.databaseUrl)}`
      : config.state.enabled
        ? 'data folder'
        : 'off',
    recording: config.recording.enabled ? 'on' : 'off',
    viewerToken: config.viewerToken ? 'required' : 'not required',
    bus: config.redisUrl ? `redis ${hostOf(config.redisUrl)}` : 'in-process',
    clockRate: config.clockRate,
  };
  log.info(
    { configured },
    `gigawatt: configured: ${Object.entries(configured)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}`,
  );
  if (server.backfill) {
    log.info(
      `gigawatt: synthesized the recent past in ${Math.round(server.backfill.ms)} ms (${server.backfill.calls} fleet snapshots); older history fills in the background (/readyz says when it is complete)`,
    );
  }
  log.info(
    config.simulate
      ? `gigawatt: built-in simulator on (seed ${config.seed})`
      : 'gigawatt: simulator off; waiting for producers',
  );
  if (server.cluster) {
    const bus = server.cluster.bus;
    log.info(
      `gigawatt: scale-out bus on Redis at ${bus.where} (key prefix ${config.redisPrefix}; this node is ${bus.nodeId})`,
    );
    // Behind a load balancer a producer or an operator may reach any node: one token for all of them.
    const own = [
      config.ingestTokenSource === 'env' ? '' : 'GIGAWATT_INGEST_TOKEN',
      config.operatorTokenSource === 'env' ? '' : 'GIGAWATT_OPERATOR_TOKEN',
    ].filter(Boolean);
    if (own.length > 0) {
      log.warn(
        `gigawatt: this node made or read its own ${own.join(' and ')}; set ${own.length > 1 ? 'them' : 'it'} to the same value on every node of the cluster`,
      );
    }
  }
  if (server.demos) log.info('gigawatt: making the demo recordings in the background (first start only)');
  // Acknowledging alerts, notes and captures need the operator token; a random one nobody can read would
  // lock ops out. Tokens never go into the log: a new one is shown on the terminal (when there is one)
  // and its log line says where it is kept.
  if (config.ingestTokenGenerated) announceToken('ingest', config.ingestToken, config.tokensFile);
  if (config.operatorTokenGenerated) announceToken('operator', config.operatorToken, config.tokensFile);
  const fromFile = [
    config.ingestTokenSource === 'file' ? 'ingest' : '',
    config.operatorTokenSource === 'file' ? 'operator' : '',
  ].filter(Boolean);
  if (fromFile.length > 0) log.info(`gigawatt: ${fromFile.join(' and ')} token from ${config.tokensFile}`);
  if (server.restored) {
    const r = server.restored;
    log.info(
      `gigawatt: state restored in ${Math.round(r.ms)} ms (${r.checkpointAt ? `checkpoint of ${new Date(r.checkpointAt).toISOString()}` : 'no checkpoint'}, ${r.samples} logged samples, ${r.alerts.length} alert changes)`,
    );
  }
}

/**
 * A token made at this start: printed on the terminal for the person who started the server (stdout is a
 * TTY), never logged; the log says where it is kept (`<data dir>/tokens.json`, mode 0600).
 */
function announceToken(which: 'ingest' | 'operator', token: string, file: string | undefined): void {
  const variable = `GIGAWATT_${which.toUpperCase()}_TOKEN`;
  if (process.stdout.isTTY) process.stdout.write(`gigawatt: new ${which} token: ${token}\n`);
  log.info(
    file
      ? `gigawatt: new ${which} token made, kept in ${file} (set ${variable} to choose one)`
      : `gigawatt: new ${which} token made for this run only (GIGAWATT_STATE is off; set ${variable} to choose one)`,
  );
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof StartupError) log.fatal(`gigawatt: ${e.message}`);
  else if (err.code === 'EADDRINUSE')
    log.fatal(`gigawatt: port already in use (${err.message}); set PORT to another port`);
  else log.fatal(errorFields(e), 'gigawatt: failed to start');
  process.exit(1);
});
