import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../../server/observability/logger.ts';

describe('loggerOptions', () => {
  it('pretty-prints through pino-pretty on a terminal', () => {
    const o = loggerOptions('debug', { isTTY: true }) as { level: string; transport: { target: string } };
    expect(o.level).toBe('debug');
    expect(o.transport.target).toBe('pino-pretty');
    // pino resolves the target by name at start-up; it must be installed.
    expect(() => createRequire(import.meta.url).resolve('pino-pretty')).not.toThrow();
  });

  it('writes JSON (no transport) when stdout is a file or a pipe', () => {
    expect(loggerOptions('info', { isTTY: false })).toEqual({ level: 'info' });
    expect(loggerOptions('warn', {})).toEqual({ level: 'warn' });
  });
});
