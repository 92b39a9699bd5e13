/**
 * What every `diktats` sub-command shares: its streams, its exit codes, strict
 * argument parsing and how a failure is reported.
 *
 * Arguments go through node:util's parseArgs with every option declared, not
 * config.ts's generic parseFlags: a generic parser cannot know that `--json`
 * takes no value, so `transcribe --json a.wav` would swallow the file name,
 * and a typo such as `--manfest` would pass unnoticed.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeError } from '../errors.ts';
import { DEFAULT_MODEL_DIR } from '../config.ts';
import { editDistance } from '../latvian/similarity.ts';

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const EXIT_OK = 0;
/** Something went wrong while running: unreadable input, model, audio. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong; the usage text is printed. */
export const EXIT_USAGE = 2;

/** A command line that cannot run as given. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with unknown options and stray values turned into UsageErrors.
 * An unknown option's error names the closest known one and lists them all.
 */
export function parseCommandArgs<T extends Options>(
  argv: readonly string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (e) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_*; their messages are already specific.
    if (e instanceof TypeError && String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      const unknown = /^Unknown option '([^']+)'/u.exec(e.message);
      throw new UsageError(unknown ? unknownOptionMessage(unknown[1]!, Object.keys(options)) : e.message);
    }
    throw e;
  }
}

/** `unknown option --prot (did you mean --port?); the options are --host, --port, …` */
export function unknownOptionMessage(given: string, known: readonly string[]): string {
  const name = given.replace(/^-+/u, '').split('=')[0]!;
  const flags = known.map((k) => `--${k}`);
  // Within two edits, or the start of a known name ("--mod" for "--model").
  const close = known
    .map((k) => ({ k, d: name.length > 1 && k.startsWith(name) ? 0 : editDistance(name, k, 2) }))
    .filter((c) => c.d <= 2)
    .sort((a, b) => a.d - b.d)[0];
  const hint = close ? ` (did you mean --${close.k}?)` : '';
  return `unknown option ${given}${hint}; the options are ${flags.join(', ')}`;
}

/** `--model`, else DIKTATS_MODEL (as the server reads it), else the bundled model. */
export function resolveModelDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('--model needs a folder');
    return flag;
  }
  const fromEnv = env['DIKTATS_MODEL'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_MODEL_DIR;
}

/** One line for stderr: our coded errors as `CODE: message`, anything else by its message. */
export { describeError };

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

/**
 * Parses a command line with `parse`: the options, or the exit status after
 * printing the usage (stdout for --help, stderr with the reason for a usage error).
 */
export function optionsOrExit<T>(
  name: string,
  usage: string,
  parse: () => T | null,
  io: CommandIo,
): { readonly options: T } | { readonly exit: number } {
  let options: T | null;
  try {
    options = parse();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    writeLine(io.stderr, `diktats ${name}: ${e.message}\n`);
    io.stderr.write(usage);
    return { exit: EXIT_USAGE };
  }
  if (options === null) {
    io.stdout.write(usage);
    return { exit: EXIT_OK };
  }
  return { options };
}
