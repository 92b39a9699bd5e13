/** `diktats fill --form ID --text "spoken text" [--json]`: a form filled from dictated text, no server needed. */
import { loadBundledContext } from '../correction/bundled-corpora.ts';
import { compileAutoTexts, type AutoTexts } from '../forms/auto-texts.ts';
import { fillFromText, type FillResult } from '../forms/fill.ts';
import { createCorpusRepository } from '../storage/corpus-repository.ts';
import { openDatabase } from '../storage/database.ts';
import { DEFAULT_FORMS_DIR, loadTemplateDir } from '../forms/template-loader.ts';
import { describeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError, writeLine, type CommandIo } from './command-io.ts';

export const FILL_USAGE = `Usage:
  diktats fill --form ID --text "spoken text" [--json]
  diktats fill --form ID --final "first utterance" --final "second utterance" … [--json]

Options:
  --form ID            template id (corpora/forms/ID.json), e.g. majokla-pabalsts, gadijuma-piezime
  --text TEXT          the dictation, lower-case spoken form as the recogniser writes it
  --final TEXT         one final utterance; repeat for several, applied in order
  --json               print {"form","fields","issues"} on one line
  --today YYYY-MM-DD   the day "šodien" means and the year of a date said without one
  --templates DIR      template folder (default corpora/forms)
  --punctuation-only   free text gets punctuation commands only, without loading the corpora (faster)
  --db FILE            also use the active auto-texts (corpora of kind autotexts) of this service database`;

function parseToday(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(raw);
  if (!m) throw new UsageError(`--today ${JSON.stringify(raw)}: expected YYYY-MM-DD`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The active auto-texts of a service database, as the server reads them. */
function readAutoTexts(dbPath: string): AutoTexts | undefined {
  const db = openDatabase(dbPath);
  try {
    const entries = createCorpusRepository(db)
      .activeEntries()
      .filter((c) => c.kind === 'autotexts')
      .flatMap((c) => c.entries);
    return compileAutoTexts(entries);
  } finally {
    db.close();
  }
}

function printText(io: CommandIo, result: FillResult): void {
  const ids = Object.keys(result.fields);
  if (ids.length === 0) writeLine(io.stdout, '(no fields filled)');
  const width = Math.max(0, ...ids.map((id) => id.length));
  for (const id of ids) writeLine(io.stdout, `${id.padEnd(width)}  ${JSON.stringify(result.fields[id])}`);
  for (const i of result.issues) writeLine(io.stdout, `! ${i.field}: ${i.message} (${i.code})`);
}

export async function fillCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseCommandArgs(
      argv,
      {
        form: { type: 'string' },
        text: { type: 'string' },
        final: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        today: { type: 'string' },
        templates: { type: 'string' },
        'punctuation-only': { type: 'boolean' },
        db: { type: 'string' },
        help: { type: 'boolean' },
      },
      false,
    ));
    if (values.help) {
      writeLine(io.stdout, FILL_USAGE);
      return EXIT_OK;
    }
    if (!values.form) throw new UsageError('--form is required');
    if (values.text === undefined && values.final === undefined) throw new UsageError('give the dictation with --text or --final');
    if (values.text !== undefined && values.final !== undefined) throw new UsageError('give either --text or --final, not both');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`diktats fill: ${e.message}\n\n${FILL_USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    const today = parseToday(values.today);
    const compiled = loadTemplateDir(values.templates ?? DEFAULT_FORMS_DIR).get(values.form);
    const correction = values['punctuation-only'] ? undefined : loadBundledContext();
    const autotexts = values.db === undefined ? undefined : readAutoTexts(values.db);
    const result = fillFromText(compiled, values.final ?? values.text ?? '', { today, correction, autotexts });
    if (values.json) writeLine(io.stdout, JSON.stringify(result));
    else printText(io, result);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`diktats fill: ${e.message}\n\n${FILL_USAGE}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`diktats fill: ${describeError(e)}\n`);
    return EXIT_FAILURE;
  }
}
