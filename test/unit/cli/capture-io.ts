/** In-memory stdout/stderr for running CLI commands in-process. */
import { Writable } from 'node:stream';
import type { CommandIo } from '../../../server/cli/command-io.ts';

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
