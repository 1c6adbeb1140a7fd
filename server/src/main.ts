import { ConfigError, loadConfig } from './config.ts';
import { createGigawattServer } from './createGigawattServer.ts';

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
  const server = await createGigawattServer(config);
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
  if (server.demos) console.log('gigawatt: making the demo recordings in the background (first start only)');
  if (config.ingestTokenGenerated) {
    console.log(
      `gigawatt: ingest token for this run: ${config.ingestToken}  (set GIGAWATT_INGEST_TOKEN to fix it)`,
    );
  }
  // Acknowledging alerts, notes and captures need it; a random one nobody can read would lock ops out.
  if (config.operatorTokenGenerated) {
    console.log(
      `gigawatt: operator token for this run: ${config.operatorToken}  (set GIGAWATT_OPERATOR_TOKEN to fix it)`,
    );
  }
  const stop = async (signal: string) => {
    console.log(`gigawatt: ${signal}, shutting down`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE')
    console.error(`gigawatt: port already in use (${err.message}); set PORT to another port`);
  else console.error('gigawatt: failed to start:', e);
  process.exit(1);
});
