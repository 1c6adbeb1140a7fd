import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const CHROMIUM = process.env.GIGAWATT_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'test-results', 'screenshots');

/**
 * Browser suites need Debian's Chromium. Under CI a missing browser is a failure (nothing is skipped in
 * CI); on a developer machine the suite is skipped with this message.
 */
export function browserAvailable(): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok) {
    const msg = `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the browser tests`;
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(msg);
    console.warn(`SKIPPED browser tests: ${msg}`);
  }
  return ok;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const BUILT_SERVER = join(ROOT, 'server/dist/main.mjs');
/** What server/dist/main.mjs bundles: a source newer than it means the build is stale. */
const SERVER_SOURCES = ['server/src', 'shared/src', 'mock-telemetry/src'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (/\.(ts|mjs|json)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

let builtChecked = false;
function assertServerBuilt(): void {
  if (builtChecked) return;
  if (!existsSync(BUILT_SERVER))
    throw new Error('server/dist/main.mjs is missing: run `npm run build` first (npm test does)');
  const built = statSync(BUILT_SERVER).mtimeMs;
  const stale = SERVER_SOURCES.filter((d) => newestMtime(join(ROOT, d)) > built);
  if (stale.length > 0) {
    throw new Error(
      `server/dist/main.mjs is older than ${stale.join(', ')}: run \`npm run build\` (npm test does)`,
    );
  }
  builtChecked = true;
}

/** Starts the real server (`npm run serve`'s entry point) in its own process with the built client. */
export async function startServer(
  env: Record<string, string> = {},
  opts: {
    port?: number;
    requireClient?: boolean;
    keepData?: boolean;
    waitFor?: 'healthz' | 'readyz';
    /**
     * 'built' (default): server/dist/main.mjs, what `npm start` runs, refused when older than the
     * sources it bundles (npm test builds first). 'source': the TypeScript under tsx (about a second of
     * compiling at every start).
     */
    entry?: 'source' | 'built';
    /** Node options before the entry (profiling: `--cpu-prof`, which NODE_OPTIONS refuses). */
    nodeArgs?: string[];
  } = {},
): Promise<RunningServer> {
  const port = opts.port;
  if (opts.requireClient !== false && !existsSync(join(ROOT, 'dist/client/index.html'))) {
    throw new Error('dist/client is missing: run `npm run build` first (npm test does)');
  }
  const p = port ?? (await freePort());
  const dataDir = join(tmpdir(), `gigawatt-e2e-${p}`);
  // State survives restarts now: a new server starts from an empty folder unless it is a restart.
  if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  let out = '';
  const entry = opts.entry ?? 'built';
  if (entry === 'built') assertServerBuilt();
  const args = [
    ...(opts.nodeArgs ?? []),
    ...(entry === 'built' ? [BUILT_SERVER] : ['--import', 'tsx', 'server/src/main.ts']),
  ];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(p),
      HOST: '127.0.0.1',
      GIGAWATT_BACKFILL: '1h',
      // Out of the working tree; one directory per port, so a server restarted on its port finds its files.
      GIGAWATT_DATA_DIR: dataDir,
      GIGAWATT_INGEST_TOKEN: 'e2e-ingest-token',
      GIGAWATT_OPERATOR_TOKEN: 'e2e-operator-token',
      // Browser tests start many servers on new data folders: synthesizing the demos (~200 MB, a day at
      // hall level) for each would only load the machine the tests run on. A test that wants them sets '1'.
      GIGAWATT_DEMOS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`);
    try {
      // Ready, not only alive: a first start synthesizes its older history after it starts listening.
      const res = await fetch(`${url}/${opts.waitFor ?? 'readyz'}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port: p,
    proc,
    output: () => out,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      return new Promise((res) => {
        if (proc.exitCode !== null) return res();
        proc.once('exit', () => res());
        proc.kill(signal);
      });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A page that records console errors, page errors and Content-Security-Policy violations (the page's
 * and its workers'); tests assert the list stays empty. Every page the server sends must carry the CSP,
 * so every browser test runs the app under it.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  // Chromium logs most violations as console errors; the event also catches those it does not
  // (report-only, eval and WebAssembly compilation refused).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `Content Security Policy violation: ${e.violatedDirective} refused ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  recordConsoleErrors(page, errors);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('worker', (worker) => {
    recordConsoleErrors(worker, errors, 'worker ');
    worker
      .evaluate(() => {
        self.addEventListener('securitypolicyviolation', (e) => {
          console.error(
            `Content Security Policy violation in a worker: ${e.violatedDirective} refused ${e.blockedURI}`,
          );
        });
      })
      .catch(() => {});
  });
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'document' || res.status() !== 200) return;
    if (!/^http:\/\/127\.0\.0\.1:/.test(res.url())) return;
    const csp = await res.headerValue('content-security-policy').catch(() => null);
    if (!csp) errors.push(`no Content-Security-Policy on ${res.url()}`);
  });
  return { context, page, errors };
}

/** Adds each console error `from` (a page or a worker) logs to `errors`, as `${prefix}console.error: …`. */
export function recordConsoleErrors(
  from: { on(event: 'console', listener: (m: ConsoleMessage) => void): unknown },
  errors: string[],
  prefix = '',
): void {
  from.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${prefix}console.error: ${m.text()}`);
  });
}

/**
 * Chromium logs its own console errors for requests that fail or are refused ("WebSocket connection to
 * … failed", "Failed to load resource: …"). Where a test causes exactly that on purpose (a server it
 * killed, a wrong token it sent), those messages are expected: `end()` removes the ones logged since
 * `tolerate` was called that match `patterns`; anything else stays and fails the test.
 */
export function tolerate(errors: string[], patterns: readonly RegExp[]): { end(): void } {
  const from = errors.length;
  return {
    end() {
      const during = errors.splice(from);
      errors.push(...during.filter((e) => !patterns.some((re) => re.test(e))));
    },
  };
}

/** What Chromium logs while the server it talks to is down. */
export const OUTAGE_NOISE = [
  /WebSocket connection to '.*' failed/,
  // Refused while down; cut off mid-response (a history fetch, a polling request) when killed.
  /Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|INCOMPLETE_CHUNKED_ENCODING|EMPTY_RESPONSE)/,
];

export const beginOutage = (errors: string[]) => tolerate(errors, OUTAGE_NOISE);

/** The text of the connection status element (LIVE, RECONNECTING, STALE or REPLAY). */
export async function statusText(page: Page): Promise<string> {
  return ((await page.getByRole('status').first().textContent()) ?? '').trim();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Waits until no chart on screen is still empty (up to `timeoutMs`, then goes on: the caller's own
 * checks judge an empty chart), then for two frames to be drawn. What whole-page checks need after a
 * page is ready, in place of a fixed wait long enough for the slowest machine.
 */
export async function settle(page: Page, timeoutMs = 10_000): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const vw = window.innerWidth;
        const vh = window.innerHeight;
        return [...document.querySelectorAll<HTMLElement>('figure.trend')].every((f) => {
          const r = f.getBoundingClientRect();
          const onScreen =
            r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < vh && r.left < vw;
          return !onScreen || (f.dataset.points !== undefined && f.dataset.points !== '0');
        });
      },
      undefined,
      { timeout: timeoutMs, polling: 100 },
    )
    .catch(() => {});
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}
