/**
 * `diktats serve`: every configuration setting is a flag (config.ts lists
 * them), parsed strictly, so `serve --prot 9000` is an error naming the flags
 * that exist instead of a server quietly listening on the default port.
 */
import { CONFIG_SETTINGS, loadConfig, type Config } from '../config.ts';
import { EXIT_OK, optionsOrExit, parseCommandArgs, type CommandIo } from './command-io.ts';

/** parseArgs options for the configuration flags: each takes a value (`--lm false`, not a bare `--lm`). */
export const CONFIG_OPTIONS: Readonly<Record<string, { type: 'string' }>> = Object.fromEntries(
  CONFIG_SETTINGS.map((s) => [s.flag, { type: 'string' as const }]),
);

const width = Math.max(...CONFIG_SETTINGS.map((s) => s.flag.length)) + 2;

export const SERVE_USAGE = `Usage:
  diktats serve [--FLAG VALUE]…

Each flag overrides its environment variable:
${CONFIG_SETTINGS.map((s) => `  --${s.flag.padEnd(width)}${s.env}`).join('\n')}
`;

/** The configuration flags among parsed values, as loadConfig takes them. */
export function configFlags(values: Readonly<Record<string, unknown>>): Map<string, string> {
  const flags = new Map<string, string>();
  for (const s of CONFIG_SETTINGS) {
    const v = values[s.flag];
    if (typeof v === 'string') flags.set(s.flag, v);
  }
  return flags;
}

/** The server's configuration from the command line and environment; null for --help. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Config | null {
  const { values } = parseCommandArgs(argv, { ...CONFIG_OPTIONS, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) return null;
  return loadConfig(env, configFlags(values));
}

export async function serveCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrExit('serve', SERVE_USAGE, () => parseServeArgs(argv), io);
  if ('exit' in parsed) return parsed.exit;
  const { startServer } = await import('../server.ts');
  await startServer(parsed.options);
  return EXIT_OK;
}
