/**
 * Command-line validation of `diktats eval` and `diktats transcribe`. None of
 * these cases loads a model: a bad command line must fail before that.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../../../server/config.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../../../server/cli/command-io.ts';
import { EVAL_USAGE, evalCommand, parseEvalArgs } from '../../../server/cli/eval-command.ts';
import { TRANSCRIBE_USAGE, parseTranscribeArgs, transcribeCommand } from '../../../server/cli/transcribe-command.ts';
import { captureIo } from './capture-io.ts';

const NO_ENV = {};

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseEvalArgs', () => {
  it('fills in the defaults', () => {
    expect(parseEvalArgs(['--manifest', 'm.jsonl'], NO_ENV)).toEqual({
      manifest: 'm.jsonl',
      modelDir: DEFAULT_MODEL_DIR,
      decoder: 'greedy',
      json: false,
      scliteDir: null,
      streaming: false,
      limit: null,
      groupBy: ['condition', 'voice'],
    });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    const o = parseEvalArgs(
      ['--manifest=m.jsonl', '--model', 'models/x', '--decoder=greedy', '--json', '--sclite', 'out', '--limit', '25', '--group-by', 'voice, speed'],
      NO_ENV,
    );
    expect(o).toEqual({
      manifest: 'm.jsonl',
      modelDir: 'models/x',
      decoder: 'greedy',
      json: true,
      scliteDir: 'out',
      streaming: false,
      limit: 25,
      groupBy: ['voice', 'speed'],
    });
  });

  it('takes the model folder from DIKTATS_MODEL unless --model is given', () => {
    expect(parseEvalArgs(['--manifest', 'm'], { DIKTATS_MODEL: '/models/env' })!.modelDir).toBe('/models/env');
    expect(parseEvalArgs(['--manifest', 'm', '--model', 'flag'], { DIKTATS_MODEL: '/models/env' })!.modelDir).toBe('flag');
  });

  it('--group-by= turns grouping off', () => {
    expect(parseEvalArgs(['--manifest', 'm', '--group-by='], NO_ENV)!.groupBy).toEqual([]);
  });

  it('returns null for --help and -h', () => {
    expect(parseEvalArgs(['--help'], NO_ENV)).toBeNull();
    expect(parseEvalArgs(['-h'], NO_ENV)).toBeNull();
  });

  it('requires --manifest with a value', () => {
    expect(usageError(() => parseEvalArgs([], NO_ENV))).toMatch(/--manifest FILE\.jsonl is required/);
    expect(usageError(() => parseEvalArgs(['--manifest='], NO_ENV))).toMatch(/--manifest FILE\.jsonl is required/);
    // parseArgs: a string option at the end has no value.
    expect(usageError(() => parseEvalArgs(['--manifest'], NO_ENV))).toMatch(/--manifest/);
  });

  it('rejects beam decoding plainly: it is not implemented yet', () => {
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--decoder', 'beam'], NO_ENV))).toMatch(
      /--decoder beam is not implemented yet.*Use --decoder greedy/,
    );
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--decoder', 'viterbi'], NO_ENV))).toMatch(/expected greedy or beam/);
  });

  it.each(['0', '-3', '1.5', 'ten', '1e3', ''])('rejects --limit %j', (limit) => {
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', `--limit=${limit}`], NO_ENV))).toMatch(/--limit/);
  });

  it('rejects unknown options, stray arguments, a value given to --json and an empty --sclite', () => {
    expect(usageError(() => parseEvalArgs(['--manfest', 'm'], NO_ENV))).toMatch(/--manfest/);
    expect(usageError(() => parseEvalArgs(['m.jsonl'], NO_ENV))).toMatch(/unexpected argument "m\.jsonl"/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--json=yes'], NO_ENV))).toMatch(/--json/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--sclite='], NO_ENV))).toMatch(/--sclite needs a folder/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--model='], NO_ENV))).toMatch(/--model needs a folder/);
  });
});

describe('evalCommand on a bad command line', () => {
  it('exits 2 with the reason and the usage on stderr, and prints nothing on stdout', async () => {
    const io = captureIo();
    expect(await evalCommand(['--manifest', 'm.jsonl', '--decoder', 'beam'], io)).toBe(EXIT_USAGE);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/^diktats eval: --decoder beam is not implemented yet/);
    expect(io.err()).toContain(EVAL_USAGE);
  });

  it('prints the usage on stdout for --help and exits 0', async () => {
    const io = captureIo();
    expect(await evalCommand(['--help'], io)).toBe(EXIT_OK);
    expect(io.out()).toBe(EVAL_USAGE);
    expect(io.err()).toBe('');
  });
});

describe('parseTranscribeArgs', () => {
  it('takes files in any position; --json takes no value, so the file after it stays a file', () => {
    expect(parseTranscribeArgs(['--json', 'a.wav', 'b.wav', '--model', 'm'], NO_ENV)).toEqual({
      files: ['a.wav', 'b.wav'],
      json: true,
      modelDir: 'm',
    });
    expect(parseTranscribeArgs(['a.wav'], NO_ENV)).toEqual({ files: ['a.wav'], json: false, modelDir: DEFAULT_MODEL_DIR });
  });

  it('treats everything after -- as files', () => {
    expect(parseTranscribeArgs(['--', '--json.wav'], NO_ENV)!.files).toEqual(['--json.wav']);
  });

  it('requires a file and rejects unknown options', () => {
    expect(usageError(() => parseTranscribeArgs([], NO_ENV))).toMatch(/at least one WAV file/);
    expect(usageError(() => parseTranscribeArgs(['--json'], NO_ENV))).toMatch(/at least one WAV file/);
    expect(usageError(() => parseTranscribeArgs(['a.wav', '--jsn'], NO_ENV))).toMatch(/--jsn/);
  });

  it('transcribeCommand exits 2 with the usage on stderr', async () => {
    const io = captureIo();
    expect(await transcribeCommand([], io)).toBe(EXIT_USAGE);
    expect(io.out()).toBe('');
    expect(io.err()).toContain(TRANSCRIBE_USAGE);
  });
});
