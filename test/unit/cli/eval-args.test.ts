/**
 * `diktats eval` command lines: every option, the default decoder, --corpora
 * and --compare, and the combinations refused. None of these cases loads a
 * model: a bad command line must fail before that.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../../../server/config.ts';
import { EXIT_OK, EXIT_USAGE } from '../../../server/cli/command-io.ts';
import { EVAL_USAGE, evalCommand, parseEvalArgs } from '../../../server/cli/eval-command.ts';
import { DEFAULT_CORPORA_DIR } from '../../../server/eval/domain.ts';
import { captureIo, usageError } from './capture-io.ts';

const NO_ENV = {};
/** The service's streaming defaults (README's settings table). */
const DEFAULT_STREAM_OPTIONS = {
  endpoint: { frameMs: 32, positiveThreshold: 0.5, negativeThreshold: 0.35, minSpeechMs: 96, trailingSilenceMs: 640, maxUtteranceMs: 20_000 },
  partialIntervalMs: 480,
  leftContextMs: 1280,
  rightContextMs: 640,
};
const CORPORA = fileURLToPath(new URL('../../fixtures/eval/corpora', import.meta.url));
const NO_CORPORA = { corporaDir: '/nonexistent/corpora' };
const WITH_CORPORA = { corporaDir: CORPORA };

describe('parseEvalArgs: options', () => {
  it('reads every option, in both --name value and --name=value forms', () => {
    const o = parseEvalArgs(
      ['--manifest=m.jsonl', '--model', 'models/x', '--decoder=beam', '--corpora', 'c', '--compare', '--json', '--sclite', 'out', '--limit', '25', '--group-by', 'voice, speed'],
      NO_ENV,
    );
    expect(o).toEqual({
      manifest: 'm.jsonl',
      modelDir: 'models/x',
      decoder: 'beam',
      corporaDir: 'c',
      compare: true,
      json: true,
      streaming: false,
      store: false,
      scliteDir: 'out',
      limit: 25,
      groupBy: ['voice', 'speed'],
      streamOptions: DEFAULT_STREAM_OPTIONS,
    });
  });

  it('takes endpointing and the streaming window from the service settings, and refuses a bad one', () => {
    const env = { DIKTATS_STREAM_CHUNK_MS: '480', DIKTATS_STREAM_LEFT_CONTEXT_MS: '640', DIKTATS_STREAM_RIGHT_CONTEXT_MS: '320' };
    expect(parseEvalArgs(['--manifest', 'm', '--streaming'], { ...env, DIKTATS_VAD_THRESHOLD: '0.3' })!.streamOptions).toMatchObject({
      partialIntervalMs: 480,
      leftContextMs: 640,
      rightContextMs: 320,
      endpoint: { positiveThreshold: 0.3, negativeThreshold: 0.15, trailingSilenceMs: 640, maxUtteranceMs: 20_000 },
    });
    expect(usageError(() => parseEvalArgs(['--manifest', 'm'], { DIKTATS_STREAM_CHUNK_MS: '10' }))).toMatch(/DIKTATS_STREAM_CHUNK_MS="10": expected an integer from 40 to 5000/);
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

  it.each(['0', '-3', '1.5', 'ten', '1e3', ''])('rejects --limit %j', (limit) => {
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', `--limit=${limit}`], NO_ENV))).toMatch(/--limit/);
  });

  it('rejects unknown options, stray arguments, a value given to --json and empty folders', () => {
    expect(usageError(() => parseEvalArgs(['--manfest', 'm'], NO_ENV))).toMatch(/--manfest/);
    expect(usageError(() => parseEvalArgs(['m.jsonl'], NO_ENV))).toMatch(/unexpected argument "m\.jsonl"/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--json=yes'], NO_ENV))).toMatch(/--json/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--sclite='], NO_ENV))).toMatch(/--sclite needs a folder/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--model='], NO_ENV))).toMatch(/--model needs a folder/);
  });
});

describe('parseEvalArgs: decoders', () => {
  it('defaults to beam with the bundled corpora, which the repository ships', () => {
    expect(parseEvalArgs(['--manifest', 'm.jsonl'], NO_ENV)).toEqual({
      manifest: 'm.jsonl',
      modelDir: DEFAULT_MODEL_DIR,
      decoder: 'beam',
      corporaDir: DEFAULT_CORPORA_DIR,
      compare: false,
      json: false,
      streaming: false,
      store: false,
      scliteDir: null,
      limit: null,
      groupBy: ['condition', 'voice'],
      streamOptions: DEFAULT_STREAM_OPTIONS,
    });
  });

  it('defaults to greedy when the default corpora folder has no index.json', () => {
    expect(parseEvalArgs(['--manifest', 'm'], NO_ENV, NO_CORPORA)!.decoder).toBe('greedy');
    expect(parseEvalArgs(['--manifest', 'm'], NO_ENV, WITH_CORPORA)).toMatchObject({ decoder: 'beam', corporaDir: CORPORA });
  });

  it('--decoder picks either one explicitly', () => {
    expect(parseEvalArgs(['--manifest', 'm', '--decoder', 'greedy'], NO_ENV, WITH_CORPORA)!.decoder).toBe('greedy');
    expect(parseEvalArgs(['--manifest', 'm', '--decoder=beam'], NO_ENV, NO_CORPORA)!.decoder).toBe('beam');
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--decoder', 'viterbi'], NO_ENV))).toMatch(/expected greedy or beam/);
  });

  it('--corpora and --compare imply beam, whatever the default', () => {
    expect(parseEvalArgs(['--manifest', 'm', '--corpora', 'c'], NO_ENV, NO_CORPORA)).toMatchObject({ decoder: 'beam', corporaDir: 'c' });
    expect(parseEvalArgs(['--manifest', 'm', '--compare'], NO_ENV, NO_CORPORA)).toMatchObject({ decoder: 'beam', compare: true });
    expect(parseEvalArgs(['--manifest', 'm', '--compare', '--decoder', 'beam', '--json'], NO_ENV)).toMatchObject({ compare: true, json: true });
  });

  it('streams with either decoder', () => {
    expect(parseEvalArgs(['--manifest', 'm', '--streaming'], NO_ENV, WITH_CORPORA)).toMatchObject({ decoder: 'beam', streaming: true });
    expect(parseEvalArgs(['--manifest', 'm', '--streaming', '--decoder', 'greedy'], NO_ENV)).toMatchObject({ decoder: 'greedy', streaming: true });
  });

  it('refuses contradictory combinations', () => {
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--compare', '--decoder', 'greedy'], NO_ENV))).toMatch(
      /--compare decodes both greedy and beam.*leave out --decoder greedy/,
    );
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--compare', '--streaming'], NO_ENV))).toMatch(/--compare decodes whole files/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--corpora', 'c', '--decoder', 'greedy'], NO_ENV))).toMatch(
      /--corpora is for the beam decoder/,
    );
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--corpora='], NO_ENV))).toMatch(/--corpora needs a folder/);
    expect(usageError(() => parseEvalArgs(['--manifest', 'm', '--compare=yes'], NO_ENV))).toMatch(/--compare/);
  });
});

describe('evalCommand on a bad command line', () => {
  it('prints the usage on stdout for --help and exits 0', async () => {
    const io = captureIo();
    expect(await evalCommand(['--help'], io)).toBe(EXIT_OK);
    expect(io.out()).toBe(EVAL_USAGE);
    expect(io.err()).toBe('');
  });

  it('exits 2 before reading the manifest or loading anything', async () => {
    const io = captureIo();
    expect(await evalCommand(['--manifest', 'missing.jsonl', '--compare', '--decoder', 'greedy'], io)).toBe(EXIT_USAGE);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/^diktats eval: --compare decodes both/);
    expect(io.err()).toContain(EVAL_USAGE);
  });

  it('documents every option in the usage text', () => {
    for (const flag of ['--manifest', '--model', '--decoder', '--corpora', '--compare', '--streaming', '--json', '--sclite', '--limit', '--group-by']) {
      expect(EVAL_USAGE).toContain(`  ${flag} `);
    }
    expect(EVAL_USAGE).toContain('"written"');
  });
});
