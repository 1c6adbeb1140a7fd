import { ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { TEST_INGEST_TOKEN } from './fixtures.ts';
import { connected, connectIngest, connectLive, TRANSPORTS } from './socketHelpers.ts';

/**
 * Hostile tests run the server in the test's own process, so what would have ended `npm start` shows
 * up here instead: uncaught exceptions, unhandled rejections, and a response written twice (express
 * answering a request engine.io had answered ended the process with ERR_HTTP_HEADERS_SENT). The
 * last one is caught where it starts, even when something upstream swallows the throw.
 */
export interface CrashWatch {
  readonly problems: readonly string[];
  stop(): void;
}

export function watchForCrashes(): CrashWatch {
  const problems: string[] = [];
  const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));
  const onUncaught = (e: unknown) => problems.push(`uncaughtException: ${describe(e)}`);
  const onRejection = (e: unknown) => problems.push(`unhandledRejection: ${describe(e)}`);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);

  const proto = ServerResponse.prototype;
  const { writeHead, setHeader } = proto;
  const where = (res: ServerResponse) => `${res.req?.method ?? '?'} ${res.req?.url ?? '?'}`;
  proto.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (this.headersSent) problems.push(`writeHead after the headers were sent: ${where(this)}`);
    return Reflect.apply(writeHead, this, args) as ServerResponse;
  } as typeof proto.writeHead;
  proto.setHeader = function (this: ServerResponse, ...args: unknown[]) {
    if (this.headersSent)
      problems.push(`setHeader(${String(args[0])}) after the headers were sent: ${where(this)}`);
    return Reflect.apply(setHeader, this, args) as ServerResponse;
  } as typeof proto.setHeader;

  return {
    problems,
    stop() {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
      proto.writeHead = writeHead;
      proto.setHeader = setHeader;
    },
  };
}

/**
 * The server still does its job: /healthz answers, a viewer on each transport connects to /live and is
 * greeted, a producer connects to /ingest; and nothing crashed on the way.
 */
export async function expectStillServing(url: string, watch: CrashWatch): Promise<void> {
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });
  for (const transport of TRANSPORTS) {
    const viewer = connectLive(url, {}, { transport });
    try {
      const hello = new Promise<unknown>((resolve) => viewer.once('hello', resolve));
      await within(connected(viewer), `a viewer connects over ${transport}`);
      expect(await within(hello, `a viewer over ${transport} gets hello`)).toMatchObject({
        protocol: expect.any(Number),
      });
    } finally {
      viewer.close();
    }
    const producer = connectIngest(url, TEST_INGEST_TOKEN, { transport });
    try {
      await within(connected(producer), `a producer connects over ${transport}`);
    } finally {
      producer.close();
    }
  }
  expect(watch.problems).toEqual([]);
}

/** Generous: the machine may be busy; this only turns a hang into a message that says what hung. */
function within<T>(p: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
