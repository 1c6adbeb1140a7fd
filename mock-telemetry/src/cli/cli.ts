import { runCli } from './runCli.ts';

// Entry point only: everything testable lives in runCli and the commands it dispatches to.
const controller = new AbortController();
const stop = () => {
  // A second Ctrl-C while draining acks exits at once.
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  signal: controller.signal,
});
