/**
 * The service's log format: readable lines (pino-pretty) when stdout is a
 * terminal, one JSON object a line otherwise (files, journald, collectors).
 * What is logged is decided where it is logged: at info, ids, codes, counts
 * and durations only, never transcripts, names or personal codes.
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

export function loggerOptions(level: Config['logLevel'], stdout: { readonly isTTY?: boolean } = process.stdout): LoggerOptions {
  if (!stdout.isTTY) return { level };
  return {
    level,
    // pino-pretty runs in pino's transport thread, so formatting never blocks the event loop.
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
    },
  };
}
