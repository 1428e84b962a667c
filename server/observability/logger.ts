// Structured logs (pino): JSON lines for machines by default, pretty lines for a developer at a
// terminal. One root logger per process; request-scoped children carry the request id.
// @see https://getpino.io/#/docs/api
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type TLogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: TLogLevel;
  pretty: boolean;
}

/** Pretty output only for a human watching a dev server; pipes and production get JSON. */
export function wantsPrettyLogs(options: { dev: boolean; nodeEnv: string; isTTY: boolean }): boolean {
  return (options.dev || options.nodeEnv === 'development') && options.isTTY;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, base: { pid: process.pid } };
  if (!options.pretty) return pino(base);
  // In-process and synchronous (not a worker transport): nothing is lost when the process exits.
  return pino(
    base,
    pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
  );
}

/** For servers created without a logger (tests, embedders): logging code runs, nothing is written. */
export const silentLogger: Logger = pino({ level: 'silent' });
