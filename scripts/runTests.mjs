// `npm test`'s last step: the unit and browser projects as two Vitest runs at once, one file each at a
// time. Inside one run Vitest puts a project without file parallelism (the browser tests: one Chromium
// at a time) in a group of its own after every other file, so the ~9 min of browser files ran alone on
// one core after the unit files were done. Two runs keep both cores busy, one browser file at most.
// Each run's lines are prefixed with its project; the JSON reports are merged into
// test-results/vitest.json (what .ci/count.mjs reads). Exits non-zero when either run fails.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const projects = ['browser', 'unit'];
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');

function run(project) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [vitest, 'run', '--project', project, '--passWithNoTests', ...process.argv.slice(2)],
      {
        cwd: root,
        env: {
          ...process.env,
          VITEST_JSON: join(results, `vitest-${project}.json`),
          // One file at a time per run: two at once in all, one of them at most a browser file.
          VITEST_MAX_WORKERS: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        const lines = (rest + d).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(`[${project}] ${line}\n`);
      });
      stream.on('end', () => {
        if (rest) out.write(`[${project}] ${rest}\n`);
      });
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const codes = await Promise.all(projects.map(run));

// One report, as a single run would have written it.
const merged = {
  numTotalTests: 0,
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numTotalTestSuites: 0,
  numPassedTestSuites: 0,
  numFailedTestSuites: 0,
  success: true,
  startTime: Number.POSITIVE_INFINITY,
  testResults: [],
};
for (const project of projects) {
  const file = join(results, `vitest-${project}.json`);
  if (!existsSync(file)) {
    console.error(`[${project}] wrote no report (${file})`);
    merged.success = false;
    merged.numFailedTestSuites++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of Object.keys(merged)) {
    if (typeof merged[key] === 'number' && key !== 'startTime') merged[key] += r[key] ?? 0;
  }
  merged.success &&= r.success !== false;
  merged.startTime = Math.min(merged.startTime, r.startTime ?? Number.POSITIVE_INFINITY);
  merged.testResults.push(...(r.testResults ?? []));
}
writeFileSync(join(results, 'vitest.json'), JSON.stringify(merged));
const failed = codes.some((c) => c !== 0) || !merged.success;
console.log(
  `tests: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed (${projects
    .map((p, i) => `${p} exit ${codes[i]}`)
    .join(', ')})`,
);
process.exit(failed ? 1 : 0);
