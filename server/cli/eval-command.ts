/**
 * `diktats eval`: decode every utterance of a NeMo-style manifest and score it
 * (WER/CER with sclite's counts, RTF), optionally per group and with sclite
 * trn files.
 *
 * Utterances are decoded one after another on one worker: an evaluation
 * measures the recogniser, and a single stream keeps its RTF comparable between
 * runs. An utterance whose audio cannot be decoded stops the run (exit 1): a
 * WER over a silently shortened test set would not be comparable either.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Recognizer } from '../asr/recognizer.ts';
import { decodeWavTo16kMono } from '../audio/wav.ts';
import { buildTrnFiles } from '../metrics/trn.ts';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  describeError,
  parseCommandArgs,
  resolveModelDir,
  writeLine,
  type CommandIo,
} from './command-io.ts';
import { buildReport, formatReport, reportToJson, utteranceId, type DecodedUtterance, type DecoderName, type EvalReport } from './eval-report.ts';
import { readManifest, type ManifestEntry } from './manifest.ts';

const PROGRESS_EVERY = 10;
const DEFAULT_GROUP_BY = ['condition', 'voice'];

export const EVAL_USAGE = `Usage: diktats eval --manifest FILE.jsonl [options]

Decodes every utterance of a NeMo-style JSONL manifest and scores it against
its reference: WER, CER, substitutions, deletions, insertions, reference words
and the real-time factor. Reference and hypothesis are normalised alike
(case, punctuation); error counts equal NIST sclite's.

Options:
  --manifest FILE    one {"audio_filepath","text","duration"} object per line;
                     paths relative to the manifest's folder
  --model DIR        model folder (default: $DIKTATS_MODEL, else models/diktats-lv-synth-v1)
  --decoder NAME     greedy (default); beam is not available yet
  --streaming        decode as a live stream: Silero VAD endpointing and chunked
                     decoding in 100 ms pushes, finals joined (default: whole file)
  --json             print one JSON report on stdout instead of the summary
  --sclite DIR       also write DIR/ref.trn and DIR/hyp.trn for sclite
  --limit N          score only the first N utterances
  --group-by F[,F]   WER per value of these manifest fields, when present
                     (default: condition,voice; --group-by= for none)
  -h, --help         show this text

Progress goes to stderr every ${PROGRESS_EVERY} utterances. Exit status: 0 scored,
1 failed (manifest, model or audio), 2 bad command line.
`;

export interface EvalOptions {
  readonly manifest: string;
  readonly modelDir: string;
  readonly decoder: DecoderName;
  readonly json: boolean;
  readonly streaming: boolean;
  readonly scliteDir: string | null;
  readonly limit: number | null;
  readonly groupBy: readonly string[];
}

const EVAL_ARGS = {
  manifest: { type: 'string' },
  model: { type: 'string' },
  decoder: { type: 'string' },
  json: { type: 'boolean' },
  streaming: { type: 'boolean' },
  sclite: { type: 'string' },
  limit: { type: 'string' },
  'group-by': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Validates the command line; `null` means help was asked for. Throws UsageError. */
export function parseEvalArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): EvalOptions | null {
  const { values, positionals } = parseCommandArgs(argv, EVAL_ARGS, true);
  if (values.help) return null;
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; give the manifest as --manifest FILE`);
  }
  const manifest = values.manifest;
  if (manifest === undefined || manifest.trim() === '') throw new UsageError('--manifest FILE.jsonl is required');
  const decoder = values.decoder ?? 'greedy';
  if (decoder === 'beam') {
    throw new UsageError(
      '--decoder beam is not implemented yet: beam search with the Latvian language model arrives with the domain corpora. Use --decoder greedy.',
    );
  }
  if (decoder !== 'greedy') throw new UsageError(`--decoder ${JSON.stringify(decoder)}: expected greedy or beam`);
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
    json: values.json ?? false,
    streaming: values.streaming ?? false,
    scliteDir,
    limit,
    groupBy,
  };
}

/** 100 ms of 16 kHz audio, the size browsers and vosk clients send. */
const STREAM_PUSH_SAMPLES = 1600;

async function decodeUtterance(recognizer: Recognizer, entry: ManifestEntry, streaming: boolean): Promise<DecodedUtterance> {
  const samples = decodeWavTo16kMono(await readFile(entry.audioPath));
  if (!streaming) {
    const t = await recognizer.transcribe(samples);
    return { entry, hypothesis: t.text, audioSec: t.audioSec, processingMs: t.processingMs };
  }
  const stream = recognizer.createStream();
  const texts: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < samples.length; i += STREAM_PUSH_SAMPLES) {
    const r = await stream.push(samples.slice(i, i + STREAM_PUSH_SAMPLES));
    texts.push(...r.finals.map((f) => f.text));
  }
  texts.push((await stream.finish('eof')).text);
  stream.close();
  const hypothesis = texts.filter((t) => t.length > 0).join(' ');
  return { entry, hypothesis, audioSec: samples.length / 16000, processingMs: performance.now() - t0 };
}

async function decodeAll(
  recognizer: Recognizer,
  entries: readonly ManifestEntry[],
  manifest: string,
  stderr: NodeJS.WritableStream,
  streaming: boolean,
): Promise<DecodedUtterance[]> {
  const decoded: DecodedUtterance[] = [];
  let audioSec = 0;
  let processingMs = 0;
  for (const entry of entries) {
    let d: DecodedUtterance;
    try {
      d = await decodeUtterance(recognizer, entry, streaming);
    } catch (e) {
      throw new Error(`${manifest}:${entry.line}: ${entry.audioFilepath}: ${describeError(e)}`, { cause: e });
    }
    decoded.push(d);
    audioSec += d.audioSec;
    processingMs += d.processingMs;
    const n = decoded.length;
    if (n % PROGRESS_EVERY === 0 && n < entries.length) {
      const rtf = processingMs / 1000 / audioSec;
      writeLine(stderr, `eval: ${n}/${entries.length} utterances, ${audioSec.toFixed(1)} s of audio, RTF ${rtf.toFixed(4)}`);
    }
  }
  return decoded;
}

/** Manifest durations that disagree with the audio usually mean a stale manifest. */
function warnDurationMismatch(decoded: readonly DecodedUtterance[], stderr: NodeJS.WritableStream): void {
  const off = decoded.filter((d) => d.entry.duration !== null && Math.abs(d.entry.duration - d.audioSec) > 0.1);
  if (off.length === 0) return;
  const first = off[0]!;
  writeLine(
    stderr,
    `eval: warning: ${off.length} manifest duration(s) differ from the audio by more than 0.1 s ` +
      `(first: line ${first.entry.line}, ${first.entry.duration} s listed, ${first.audioSec.toFixed(3)} s decoded); RTF uses the audio`,
  );
}

async function writeTrn(report: EvalReport, dir: string): Promise<{ ref: string; hyp: string }> {
  const trn = buildTrnFiles(
    report.utterances.map(({ decoded }) => ({ id: utteranceId(decoded.entry), reference: decoded.entry.text, hypothesis: decoded.hypothesis })),
  );
  const ref = join(dir, 'ref.trn');
  const hyp = join(dir, 'hyp.trn');
  await writeFile(ref, trn.ref);
  await writeFile(hyp, trn.hyp);
  return { ref, hyp };
}

export async function evalCommand(argv: string[], io: CommandIo): Promise<number> {
  let options: EvalOptions | null;
  try {
    options = parseEvalArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    writeLine(io.stderr, `diktats eval: ${e.message}\n`);
    io.stderr.write(EVAL_USAGE);
    return EXIT_USAGE;
  }
  if (options === null) {
    io.stdout.write(EVAL_USAGE);
    return EXIT_OK;
  }
  const fail = (message: string): number => {
    writeLine(io.stderr, `diktats eval: ${message}`);
    return EXIT_FAILURE;
  };

  let entries: ManifestEntry[];
  try {
    entries = await readManifest(options.manifest);
    // Created before decoding, so a long run cannot fail at its very end on an unwritable folder.
    if (options.scliteDir !== null) await mkdir(options.scliteDir, { recursive: true });
  } catch (e) {
    return fail(describeError(e));
  }
  if (options.limit !== null) entries = entries.slice(0, options.limit);

  let recognizer: Recognizer;
  try {
    recognizer = await Recognizer.load(options.modelDir, { withVad: options.streaming, workers: 1 });
  } catch (e) {
    return fail(`${describeError(e)} (model folder ${resolve(options.modelDir)}; choose one with --model DIR)`);
  }
  let report: EvalReport;
  try {
    const decoded = await decodeAll(recognizer, entries, options.manifest, io.stderr, options.streaming);
    warnDurationMismatch(decoded, io.stderr);
    report = buildReport(decoded, {
      model: recognizer.modelId,
      decoder: options.streaming ? 'greedy-streaming' : options.decoder,
      manifest: options.manifest,
      groupBy: options.groupBy,
    });
  } catch (e) {
    return fail(describeError(e));
  } finally {
    await recognizer.close();
  }

  let trnPaths: { ref: string; hyp: string } | null = null;
  let trnError: unknown = null;
  if (options.scliteDir !== null) {
    try {
      trnPaths = await writeTrn(report, options.scliteDir);
    } catch (e) {
      trnError = e;
    }
  }
  if (options.json) {
    writeLine(io.stdout, JSON.stringify(reportToJson(report, trnPaths ? { sclite: trnPaths } : {}), null, 2));
  } else {
    io.stdout.write(formatReport(report));
  }
  if (trnError !== null) return fail(`could not write the sclite files: ${describeError(trnError)}`);
  if (trnPaths !== null) {
    writeLine(
      io.stderr,
      `eval: wrote ${trnPaths.ref} and ${trnPaths.hyp}; score with: ` +
        'sclite -r ref.trn trn -h hyp.trn trn -i rm -e utf-8 -o sum pra stdout',
    );
  }
  return EXIT_OK;
}
