import { ConfigError, loadConfig } from './config.ts';
import { createGigawattServer, type GigawattServer } from './createGigawattServer.ts';
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

function onStopSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  if (stopping) {
    if (Date.now() - stopping.at < REPEAT_WINDOW_MS) return;
    console.error(`gigawatt: second ${signal}, exiting now`);
    process.exit(SIGNAL_EXIT[signal]);
  }
  stopping = { at: Date.now() };
  console.log(`gigawatt: ${signal}, stopping`);
  setTimeout(() => {
    console.error(`gigawatt: not stopped after ${STOP_DEADLINE_MS / 1000} s, exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS);
  if (server) void stop(server);
  // else: still starting; main() stops the server as soon as it exists.
}

async function stop(s: GigawattServer): Promise<void> {
  try {
    await s.close();
  } catch (e) {
    console.error('gigawatt: error while stopping:', e);
    process.exit(1);
  }
  console.log(`gigawatt: stopped in ${Date.now() - (stopping?.at ?? Date.now())} ms`);
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
      console.error(`gigawatt: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  server = await createGigawattServer(config);
  if (stopping) return stop(server);
  const sites = config.fleet.sites.map((s) => s.id).join(', ');
  console.log(`gigawatt: serving ${server.url}  (fleet: ${config.fleetSource}; sites: ${sites})`);
  if (server.backfill) {
    console.log(
      `gigawatt: synthesized history in ${Math.round(server.backfill.ms)} ms (${server.backfill.calls} fleet snapshots)`,
    );
  }
  console.log(
    config.simulate
      ? `gigawatt: built-in simulator on (seed ${config.seed})`
      : 'gigawatt: simulator off; waiting for producers',
  );
  if (server.cluster) {
    const bus = server.cluster.bus;
    console.log(
      `gigawatt: scale-out bus on Redis at ${bus.where} (key prefix ${config.redisPrefix}; this node is ${bus.nodeId})`,
    );
    // Behind a load balancer a producer or an operator may reach any node: one token for all of them.
    const own = [
      config.ingestTokenSource === 'env' ? '' : 'GIGAWATT_INGEST_TOKEN',
      config.operatorTokenSource === 'env' ? '' : 'GIGAWATT_OPERATOR_TOKEN',
    ].filter(Boolean);
    if (own.length > 0) {
      console.warn(
        `gigawatt: this node made or read its own ${own.join(' and ')}; set ${own.length > 1 ? 'them' : 'it'} to the same value on every node of the cluster`,
      );
    }
  }
  if (server.demos) console.log('gigawatt: making the demo recordings in the background (first start only)');
  // Printed once, when made: later starts read them from the data folder (or the environment).
  const kept = config.tokensFile
    ? ` (kept in ${config.tokensFile}; set GIGAWATT_INGEST_TOKEN to choose one)`
    : ' (for this run only: GIGAWATT_STATE is off)';
  if (config.ingestTokenGenerated) console.log(`gigawatt: new ingest token: ${config.ingestToken}${kept}`);
  // Acknowledging alerts, notes and captures need it; a random one nobody can read would lock ops out.
  if (config.operatorTokenGenerated) {
    console.log(`gigawatt: new operator token: ${config.operatorToken}${kept.replace('INGEST', 'OPERATOR')}`);
  }
  const fromFile = [
    config.ingestTokenSource === 'file' ? 'ingest' : '',
    config.operatorTokenSource === 'file' ? 'operator' : '',
  ].filter(Boolean);
  if (fromFile.length > 0) console.log(`gigawatt: ${fromFile.join(' and ')} token from ${config.tokensFile}`);
  if (server.restored) {
    const r = server.restored;
    console.log(
      `gigawatt: state restored in ${Math.round(r.ms)} ms (${r.checkpointAt ? `checkpoint of ${new Date(r.checkpointAt).toISOString()}` : 'no checkpoint'}, ${r.samples} logged samples, ${r.alerts.length} alert changes)`,
    );
  }
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof StartupError) console.error(`gigawatt: ${e.message}`);
  else if (err.code === 'EADDRINUSE')
    console.error(`gigawatt: port already in use (${err.message}); set PORT to another port`);
  else console.error('gigawatt: failed to start:', e);
  process.exit(1);
});
