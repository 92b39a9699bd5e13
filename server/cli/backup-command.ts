/**
 * `diktats backup FILE`: an online, consistent copy of the service's database
 * (storage/database.ts, SQLite's backup API), safe while the service runs.
 * Restore: stop the service, copy the backup over DIKTATS_DB (remove the old
 * -wal and -shm files beside it), start the service (README, "Backup and restore").
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../storage/database.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, describeError, optionsOrExit, parseCommandArgs, writeLine, type CommandIo } from './command-io.ts';

export const BACKUP_USAGE = `Usage: diktats backup FILE [--db FILE] [--force]

Writes an online, consistent copy of the service's database to FILE (the
service may keep running) and checks it with PRAGMA integrity_check.

Options:
  --db FILE   the service's database (default: $DIKTATS_DB, else data/diktats.db)
  --force     overwrite FILE if it exists
  -h, --help  show this text
`;

const ARGS = { db: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function backupCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrExit('backup', BACKUP_USAGE, () => {
    const { values, positionals } = parseCommandArgs(argv, ARGS, true);
    if (values.help) return null;
    if (positionals.length !== 1) throw new UsageError('name one backup FILE');
    return { dest: path.resolve(positionals[0]!), db: values.db, force: values.force === true };
  }, io);
  if ('exit' in parsed) return parsed.exit;
  const { dest, force } = parsed.options;
  const dbPath = parsed.options.db !== undefined ? path.resolve(parsed.options.db) : loadConfig(process.env).dbPath;
  if (dest === dbPath) {
    writeLine(io.stderr, 'diktats backup: the backup FILE must not be the database itself');
    return EXIT_FAILURE;
  }
  if (fs.existsSync(dest) && !force) {
    writeLine(io.stderr, `diktats backup: ${dest} exists; add --force to overwrite it`);
    return EXIT_FAILURE;
  }
  try {
    if (force) fs.rmSync(dest, { force: true });
    const { pages, integrity } = await backupDatabase(dbPath, dest);
    if (integrity !== 'ok') {
      writeLine(io.stderr, `diktats backup: the copy failed its integrity check: ${integrity}`);
      return EXIT_FAILURE;
    }
    writeLine(io.stdout, `backup of ${dbPath} written to ${dest} (${pages} pages, integrity ok)`);
    return EXIT_OK;
  } catch (e) {
    writeLine(io.stderr, `diktats backup: ${describeError(e)}`);
    return EXIT_FAILURE;
  }
}
