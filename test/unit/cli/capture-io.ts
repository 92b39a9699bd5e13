/** In-memory stdout/stderr for running CLI commands in-process, and the usage error a parser throws. */
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { UsageError, type CommandIo } from '../../../server/cli/command-io.ts';

export interface CapturedIo extends CommandIo {
  out(): string;
  err(): string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export function captureIo(): CapturedIo {
  const stdout = collector();
  const stderr = collector();
  return { stdout: stdout.stream, stderr: stderr.stream, out: stdout.text, err: stderr.text };
}

/** The message of the UsageError `fn` throws; fails the test when it throws none or another error. */
export function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}
