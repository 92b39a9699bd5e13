/**
 * Strict command lines for scripts: node:util parseArgs with every option
 * declared; an unknown or misspelt flag prints which flags exist and exits 2.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseCommandArgs, UsageError } from '../server/cli/command-io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseScriptArgs<T extends Options>(options: T, argv: readonly string[] = process.argv.slice(2)) {
  try {
    return parseCommandArgs(argv, options, false).values;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${process.argv[1] ?? 'script'}: ${e.message}\n`);
    process.exit(2);
  }
}
