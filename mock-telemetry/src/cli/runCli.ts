import { type CliCommand, type CliIo, UsageError } from './cliCommand.ts';
import { publishCommand } from './publishCommand.ts';
import { replayCommand } from './replayCommand.ts';
import { synthesizeCommand } from './synthesizeCommand.ts';

/** Subcommands by name. The first is the default. */
export const COMMANDS: readonly CliCommand[] = [publishCommand, synthesizeCommand, replayCommand];

const overview = () =>
  `Usage: npm run mock -- [command] [options]

Gigawatt's seeded telemetry simulator.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(12)}${c.summary}${c === COMMANDS[0] ? ' (default)' : ''}`).join('\n')}

Run "npm run mock -- <command> --help" for a command's options.`;

/**
 * Runs the CLI and resolves with its exit code: 0 done, 1 runtime failure (e.g. the server refused the
 * token), 2 bad arguments. Never calls process.exit, so tests can drive it directly.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(`${overview()}\n`);
    return 0;
  }
  const named = first !== undefined && !first.startsWith('-');
  const command = named ? COMMANDS.find((c) => c.name === first) : COMMANDS[0];
  if (!command) {
    io.stderr(`error: unknown command "${first}"\n\n${overview()}\n`);
    return 2;
  }
  try {
    const code = await command.run(named ? argv.slice(1) : argv, io);
    if (code !== 'help') return code;
    io.stdout(`${command.usage}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
