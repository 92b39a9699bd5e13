/** `diktats corpus import|list|activate|deactivate|delete` against the service's database. */
import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { isDiktatsError } from '../errors.ts';
import { openDatabase } from '../storage/database.ts';
import { createCorpusRepository } from '../storage/corpus-repository.ts';
import { importCorpus } from '../corpora/corpus-service.ts';
import { CORPUS_KINDS, type CorpusKind } from '../corpora/corpus-parser.ts';
import { createAuditRepository } from '../storage/audit-repository.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError, type CommandIo } from './command-io.ts';

export const CORPUS_USAGE = `Usage:
  diktats corpus import FILE --name NAME --kind terms|sentences|autotexts [--db FILE]
  diktats corpus list [--json] [--db FILE]
  diktats corpus activate NAME | deactivate NAME | delete NAME [--db FILE]

FILE: .txt (one entry a line), .csv/.tsv (term, category, weight, spoken form, display form), .jsonl.
UTF-8 only. A rejected file changes nothing.`;

/** Shell changes are credited to user 1 (the placeholder of migration 1, which cannot log in) and audited as from "cli". */
const CLI_USER_ID = 1;

export async function corpusCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(
      argv,
      { name: { type: 'string' }, kind: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
      true,
    );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`diktats corpus: ${err.message}\n\n${CORPUS_USAGE}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [action, arg] = positionals;
  if (values.help || !action) {
    (values.help ? io.stdout : io.stderr).write(CORPUS_USAGE + '\n');
    return values.help ? EXIT_OK : EXIT_USAGE;
  }
  const config = loadConfig(process.env, new Map(values.db ? [['db', values.db]] : []));
  const db = openDatabase(config.dbPath);
  try {
    const repo = createCorpusRepository(db);
    const audit = (action: string, target: string, detail?: Record<string, unknown>) =>
      createAuditRepository(db).append({ userId: null, username: null, action, target, ip: 'cli', detail });
    switch (action) {
      case 'import': {
        if (!arg || !values.name || !CORPUS_KINDS.includes(values.kind as CorpusKind)) {
          io.stderr.write(`import needs FILE, --name and --kind terms|sentences|autotexts\n\n${CORPUS_USAGE}\n`);
          return EXIT_USAGE;
        }
        const r = importCorpus(repo, { name: values.name, kind: values.kind as CorpusKind, fileName: arg, bytes: fs.readFileSync(arg), userId: CLI_USER_ID });
        audit('corpus.import', r.corpus.name, { version: r.version, entries: r.entries });
        io.stdout.write(
          r.unchanged
            ? `${r.corpus.name}: unchanged (version ${r.version}, ${r.entries} entries)\n`
            : `${r.corpus.name}: version ${r.version}, ${r.entries} entries (${r.duplicates} duplicates skipped)\n`,
        );
        return EXIT_OK;
      }
      case 'list': {
        const rows = repo.list();
        if (values.json) io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        else
          for (const c of rows)
            io.stdout.write(`${c.active ? '*' : ' '} ${c.name.padEnd(32)} ${c.kind.padEnd(9)} v${c.version ?? 0} ${String(c.entries).padStart(7)} entries${c.bundled ? '  (bundled)' : ''}\n`);
        return EXIT_OK;
      }
      case 'activate':
      case 'deactivate':
      case 'delete': {
        if (!arg) {
          io.stderr.write(`${action} needs NAME\n\n${CORPUS_USAGE}\n`);
          return EXIT_USAGE;
        }
        if (action === 'delete') repo.delete(arg);
        else repo.setActive(arg, action === 'activate');
        audit(`corpus.${action}`, arg);
        io.stdout.write(`${arg}: ${action === 'delete' ? 'deleted' : action + 'd'}\n`);
        return EXIT_OK;
      }
      default:
        io.stderr.write(`Unknown corpus action ${JSON.stringify(action)}\n\n${CORPUS_USAGE}\n`);
        return EXIT_USAGE;
    }
  } catch (err) {
    if (isDiktatsError(err)) {
      io.stderr.write(`diktats corpus: ${err.code}: ${err.message}\n`);
      return EXIT_FAILURE;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr.write(`diktats corpus: ${(err as Error).message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  } finally {
    db.close();
  }
}
