import { type DestinationStream, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** GIGAWATT_LOG_LEVEL: pino's levels, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /**
   * Readable lines for a person at a terminal instead of JSON (default: when stdout is a TTY). Written in
   * this thread, synchronously: no transport worker to outlive a SIGTERM.
   */
  pretty?: boolean;
  /** Where JSON lines go (tests capture them); default stdout, written synchronously. */
  destination?: DestinationStream;
}

/**
 * Fields that must never reach a log line, whatever a caller passes: credentials in headers, query
 * parameters and socket.io handshakes. Nothing logs them on purpose (request lines carry the path without
 * its query string, handshakes are not logged): this is the second line of defence.
 */
const REDACT = [
  'authorization',
  'token',
  'auth',
  'cookie',
  '*.authorization',
  '*.token',
  '*.auth',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.handshake.auth',
];

/**
 * The server's one logger: JSON lines (pino) on stdout in production, one per event, with `component`
 * naming the part that speaks (recorder, cluster, http …); readable lines when stdout is a terminal.
 * Created once in main.ts and handed down; parts take `log.child({ component })`.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const options = {
    name: 'gigawatt',
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty ?? process.stdout.isTTY === true) {
    return pino(
      options,
      pretty({
        sync: true,
        colorize: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,name,component,url,method,path,route,status,ms,bytes',
        singleLine: true,
        messageFormat: '{if component}[{component}] {end}{msg}',
        hideObject: false,
      }),
    );
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/** A logger that drops everything (tests, and callers given none). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** An error as log fields: message and stack, never the whole object (it may hold a request). */
export function errorFields(e: unknown): { err: { message: string; stack?: string; code?: string } } {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      err: { message: e.message, ...(e.stack ? { stack: e.stack } : {}), ...(code ? { code } : {}) },
    };
  }
  return { err: { message: String(e) } };
}

/**
 * For parts that report plain lines ("[state] checkpoint …"): the line as the message, its leading
 * `[part]` as the component.
 */
export function lineLog(log: Logger, level: 'info' | 'warn' | 'error'): (line: string) => void {
  return (line) => {
    const m = /^\[([\w-]+)\] ([\s\S]*)$/.exec(line);
    if (m) log[level]({ component: m[1] }, m[2]!);
    else log[level](line);
  };
}
