/**
 * `diktats eval`: decode every utterance of a NeMo-style manifest and score it
 * (WER/CER with sclite's counts, RTF), optionally per group and with sclite
 * trn files. With the domain corpora it decodes with beam search and their
 * language model and corrects each hypothesis into written form; `--compare`
 * sets greedy, beam+LM and beam+LM+correction side by side (eval/compare.ts).
 * The run itself is eval/run.ts; how utterances are decoded: eval/decode.ts.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  EXIT_FAILURE,
  EXIT_OK,
  UsageError,
  describeError,
  parseCommandArgs,
  resolveModelDir,
  writeLine,
  optionsOrExit,
  type CommandIo,
} from './command-io.ts';
import { compareToJson, compareUtteranceJson, formatCompare, type CompareReport } from '../eval/compare.ts';
import { PROGRESS_EVERY } from '../eval/decode.ts';
import { DEFAULT_CORPORA_DIR, hasCorpora } from '../eval/domain.ts';
import { formatReport, reportToJson, type EvalReport } from '../eval/report.ts';
import { runEvaluation, writeTrnFiles } from '../eval/run.ts';
import { checkWrittenFields } from '../eval/written.ts';
import { readManifest, type ManifestEntry } from '../eval/manifest.ts';
import { signCorporaDir, storeEvalRun } from '../eval/store.ts';
import { loadConfig } from '../config.ts';
import { streamingOptions } from '../plugins/recogniser.ts';
import { openDatabase } from '../storage/database.ts';

const DEFAULT_GROUP_BY = ['condition', 'voice'];

export const EVAL_USAGE = `Usage: diktats eval --manifest FILE.jsonl [options]

Decodes every utterance of a NeMo-style JSONL manifest and scores it against
its reference: WER, CER, substitutions, deletions, insertions, reference words
and the real-time factor. Reference and hypothesis are normalised alike
(case, punctuation); error counts equal NIST sclite's.

Options:
  --manifest FILE    one {"audio_filepath","text","duration"} object per line;
                     paths relative to the manifest's folder; "text" is the
                     spoken form; an optional "written" is what a clerk would
                     type ("Pabalsts 23 EUR"), matched exactly against the
                     corrected text
  --model DIR        model folder (default: $DIKTATS_MODEL, else models/diktats-lv-synth-v2)
  --decoder NAME     beam: CTC beam search with the corpora's language model and
                     term boosts, then Latvian post-correction into written form
                     (default when the corpora exist); greedy: plain CTC, no
                     correction (the default without corpora)
  --corpora DIR      corpora folder for beam decoding, listed in DIR/index.json
                     (default: the bundled corpora/)
  --compare          greedy vs beam+LM vs beam+LM+correction in one run, from one
                     acoustic pass: WER/CER, domain-term recall, written-form
                     exact match, time per utterance; the report is beam's
  --store            also store the run in the service database (DIKTATS_DB) for
                     the researcher page (/pilot/): alignments, S/D/I, model, corpora
  --streaming        decode as a live stream: Silero VAD endpointing and chunked
                     decoding in 100 ms pushes, finals joined (default: whole file);
                     endpointing and the decode window come from the service's
                     settings (DIKTATS_VAD_THRESHOLD, DIKTATS_TRAILING_SILENCE_MS,
                     DIKTATS_MAX_UTTERANCE_MS, DIKTATS_STREAM_*)
  --json             print one JSON report on stdout instead of the summary
  --sclite DIR       also write DIR/ref.trn and DIR/hyp.trn for sclite
  --limit N          score only the first N utterances
  --group-by F[,F]   WER per value of these manifest fields, when present
                     (default: condition,voice; --group-by= for none)
  -h, --help         show this text

--json: {"wer","cer","substitutions","deletions","insertions","words","rtf", …,
"utterances":[{"audio_filepath","reference","hypothesis","wer", …}]}; beam adds
each utterance's "corrected" (and "written" where given), the "languageModel"
build figures and "written" exact-match totals; --compare adds "compare" and,
per utterance, the greedy hypothesis and the domain terms of its reference.

Progress goes to stderr every ${PROGRESS_EVERY} utterances. Exit status: 0 scored,
1 failed (manifest, model, corpora or audio), 2 bad command line.
`;

export interface EvalOptions {
  readonly manifest: string;
  readonly modelDir: string;
  readonly decoder: 'greedy' | 'beam';
  /** where the beam decoder's corpora are read from (unused by greedy) */
  readonly corporaDir: string;
  readonly compare: boolean;
  readonly json: boolean;
  readonly streaming: boolean;
  readonly store: boolean;
  readonly scliteDir: string | null;
  readonly limit: number | null;
  readonly groupBy: readonly string[];
  /** endpointing and decode window for --streaming, from the same settings as the service */
  readonly streamOptions: ReturnType<typeof streamingOptions>;
}

const EVAL_ARGS = {
  manifest: { type: 'string' },
  model: { type: 'string' },
  decoder: { type: 'string' },
  corpora: { type: 'string' },
  compare: { type: 'boolean' },
  json: { type: 'boolean' },
  streaming: { type: 'boolean' },
  store: { type: 'boolean' },
  sclite: { type: 'string' },
  limit: { type: 'string' },
  'group-by': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Validates the command line; `null` means help was asked for. Throws
 * UsageError. The default decoder is beam when `defaults.corporaDir` (the
 * bundled corpora unless a test says otherwise) has an index.json.
 */
export function parseEvalArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  defaults: { readonly corporaDir?: string } = {},
): EvalOptions | null {
  const { values, positionals } = parseCommandArgs(argv, EVAL_ARGS, true);
  if (values.help) return null;
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; give the manifest as --manifest FILE`);
  }
  const manifest = values.manifest;
  if (manifest === undefined || manifest.trim() === '') throw new UsageError('--manifest FILE.jsonl is required');
  if (values.corpora !== undefined && values.corpora.trim() === '') throw new UsageError('--corpora needs a folder');
  const corporaDir = values.corpora ?? defaults.corporaDir ?? DEFAULT_CORPORA_DIR;
  const compare = values.compare ?? false;
  const streaming = values.streaming ?? false;
  const store = values.store ?? false;
  const decoder = values.decoder ?? (compare || values.corpora !== undefined || hasCorpora(corporaDir) ? 'beam' : 'greedy');
  if (decoder !== 'greedy' && decoder !== 'beam') throw new UsageError(`--decoder ${JSON.stringify(decoder)}: expected greedy or beam`);
  if (decoder === 'greedy' && compare) {
    throw new UsageError('--compare decodes both greedy and beam from one acoustic pass; leave out --decoder greedy');
  }
  if (decoder === 'greedy' && values.corpora !== undefined) {
    throw new UsageError('--corpora is for the beam decoder; leave it out with --decoder greedy');
  }
  if (compare && streaming) throw new UsageError('--compare decodes whole files; leave out --streaming');
  let limit: number | null = null;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!/^\d+$/.test(values.limit) || !Number.isSafeInteger(limit) || limit < 1) {
      throw new UsageError(`--limit ${JSON.stringify(values.limit)}: expected a whole number of utterances ≥ 1`);
    }
  }
  const scliteDir = values.sclite ?? null;
  if (scliteDir !== null && scliteDir.trim() === '') throw new UsageError('--sclite needs a folder');
  const groupBy =
    values['group-by'] === undefined
      ? DEFAULT_GROUP_BY
      : values['group-by'].split(',').map((f) => f.trim()).filter((f) => f !== '');
  return {
    manifest,
    modelDir: resolveModelDir(values.model, env),
    decoder,
    corporaDir,
    compare,
    json: values.json ?? false,
    streaming,
    store,
    scliteDir,
    limit,
    groupBy,
    streamOptions: streamOptionsFromEnv(env),
  };
}

function streamOptionsFromEnv(env: NodeJS.ProcessEnv): EvalOptions['streamOptions'] {
  try {
    return streamingOptions(loadConfig(env));
  } catch (e) {
    throw new UsageError(describeError(e));
  }
}

function jsonReport(report: EvalReport, compare: CompareReport | null, trnPaths: { ref: string; hyp: string } | null): Record<string, unknown> {
  const extra = { ...(compare ? { compare: compareToJson(compare) } : {}), ...(trnPaths ? { sclite: trnPaths } : {}) };
  return reportToJson(report, extra, compare ? (i) => compareUtteranceJson(compare, i) : undefined);
}

export async function evalCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrExit('eval', EVAL_USAGE, () => parseEvalArgs(argv), io);
  if ('exit' in parsed) return parsed.exit;
  const { options } = parsed;
  const fail = (message: string): number => {
    writeLine(io.stderr, `diktats eval: ${message}`);
    return EXIT_FAILURE;
  };

  let entries: ManifestEntry[];
  try {
    entries = await readManifest(options.manifest);
    checkWrittenFields(entries, options.manifest);
    // Created before decoding, so a long run cannot fail at its very end on an unwritable folder.
    if (options.scliteDir !== null) await mkdir(options.scliteDir, { recursive: true });
  } catch (e) {
    return fail(describeError(e));
  }
  if (options.limit !== null) entries = entries.slice(0, options.limit);

  const run = await runEvaluation(entries, options, (line) => writeLine(io.stderr, line));
  if (!run.ok) {
    if (run.stage === 'model') return fail(`${describeError(run.error)} (model folder ${resolve(options.modelDir)}; choose one with --model DIR)`);
    if (run.stage === 'corpora') return fail(`${describeError(run.error)} (corpora folder ${resolve(options.corporaDir)}; choose one with --corpora DIR)`);
    return fail(describeError(run.error));
  }
  const { report, compare } = run;

  let trnPaths: { ref: string; hyp: string } | null = null;
  let trnError: unknown = null;
  if (options.scliteDir !== null) {
    try {
      trnPaths = await writeTrnFiles(report, options.scliteDir);
    } catch (e) {
      trnError = e;
    }
  }
  if (options.json) {
    writeLine(io.stdout, JSON.stringify(jsonReport(report, compare, trnPaths), null, 2));
  } else {
    io.stdout.write(formatReport(report));
    if (compare) io.stdout.write(`\n${formatCompare(compare)}`);
  }
  if (trnError !== null) return fail(`could not write the sclite files: ${describeError(trnError)}`);
  if (options.store) {
    try {
      const db = openDatabase(loadConfig(process.env).dbPath);
      try {
        const id = storeEvalRun(db, report, { corporaSignature: report.languageModel ? signCorporaDir(report.languageModel.corporaDir) : null });
        writeLine(io.stderr, `eval: stored as run ${id}; browse it on the researcher page (/pilot/)`);
      } finally {
        db.close();
      }
    } catch (e) {
      return fail(`could not store the run: ${describeError(e)}`);
    }
  }
  if (trnPaths !== null) {
    writeLine(
      io.stderr,
      `eval: wrote ${trnPaths.ref} and ${trnPaths.hyp}; score with: ` +
        'sclite -r ref.trn trn -h hyp.trn trn -i rm -e utf-8 -o sum pra stdout',
    );
  }
  return EXIT_OK;
}
