/**
 * `diktats transcribe FILE.wav…`: recognise whole WAV files.
 *
 * Output, in the order the files were given:
 *   text    one line per file: the text alone for one file, `FILE: text` for several;
 *   --json  JSON Lines: one compact object per file and line (so one file's
 *           output is a single JSON document, and many stream into `jq`).
 * A file that cannot be read or decoded is reported on stderr and skipped;
 * the others are still transcribed, and the exit status is then 1.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Recogniser, type Transcript } from '../asr/recogniser.ts';
import type { WordResult } from '../asr/types.ts';
import { decodeWavTo16kMono } from '../audio/wav.ts';
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

export const TRANSCRIBE_USAGE = `Usage: diktats transcribe FILE.wav… [--json] [--model DIR]

Recognises Latvian speech in WAV files (PCM or float, 8-48 kHz, mono or stereo).

Options:
  --json        one JSON object per file and line:
                {"file","text","words":[{"word","start","end","conf"}],
                 "audioSec","processingMs","rtf","model"}
  --model DIR   model folder (default: $DIKTATS_MODEL, else models/diktats-lv-synth-v2)
  -h, --help    show this text

Without --json: the text, prefixed with "FILE: " when there are several files.
Exit status: 0 all transcribed, 1 some file or the model failed, 2 bad command line.
`;

export interface TranscribeOptions {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly modelDir: string;
}

/** One line of `--json` output. */
export interface TranscriptionJson {
  readonly file: string;
  readonly text: string;
  readonly words: readonly WordResult[];
  readonly audioSec: number;
  readonly processingMs: number;
  /** processing time / audio time */
  readonly rtf: number;
  readonly model: string;
}

const TRANSCRIBE_ARGS = {
  json: { type: 'boolean' },
  model: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Validates the command line; `null` means help was asked for. Throws UsageError. */
export function parseTranscribeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): TranscribeOptions | null {
  const { values, positionals } = parseCommandArgs(argv, TRANSCRIBE_ARGS, true);
  if (values.help) return null;
  if (positionals.length === 0) throw new UsageError('give at least one WAV file');
  return { files: positionals, json: values.json ?? false, modelDir: resolveModelDir(values.model, env) };
}

export function toTranscriptionJson(file: string, t: Transcript, model: string): TranscriptionJson {
  return {
    file,
    text: t.text,
    words: t.words.map(({ word, start, end, conf }) => ({ word, start, end, conf })),
    audioSec: t.audioSec,
    processingMs: t.processingMs,
    rtf: t.audioSec > 0 ? t.processingMs / 1000 / t.audioSec : 0,
    model,
  };
}

async function readAudio(file: string): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error('file not found', { cause: e });
    if (code === 'EISDIR') throw new Error('is a folder, not a WAV file', { cause: e });
    throw e;
  }
  return decodeWavTo16kMono(bytes);
}

export async function transcribeCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrExit('transcribe', TRANSCRIBE_USAGE, () => parseTranscribeArgs(argv), io);
  if ('exit' in parsed) return parsed.exit;
  const { options } = parsed;

  let recogniser: Recogniser;
  try {
    recogniser = await Recogniser.load(options.modelDir, { withVad: false, workers: 1 });
  } catch (e) {
    writeLine(io.stderr, `diktats transcribe: ${describeError(e)} (model folder ${resolve(options.modelDir)}; choose one with --model DIR)`);
    return EXIT_FAILURE;
  }
  let failed = 0;
  try {
    const prefix = options.files.length > 1;
    for (const file of options.files) {
      let transcript: Transcript;
      try {
        transcript = await recogniser.transcribe(await readAudio(file));
      } catch (e) {
        failed++;
        writeLine(io.stderr, `diktats transcribe: ${file}: ${describeError(e)}`);
        continue;
      }
      if (options.json) writeLine(io.stdout, JSON.stringify(toTranscriptionJson(file, transcript, recogniser.modelId)));
      else writeLine(io.stdout, prefix ? `${file}: ${transcript.text}` : transcript.text);
    }
  } finally {
    await recogniser.close();
  }
  if (failed > 0) {
    writeLine(io.stderr, `diktats transcribe: ${failed} of ${options.files.length} file(s) failed`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
