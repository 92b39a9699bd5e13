/**
 * Command-line validation of `diktats eval` and `diktats transcribe`. None of
 * these cases loads a model: a bad command line must fail before that.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../../../server/config.ts';
import { EXIT_OK, EXIT_USAGE } from '../../../server/cli/command-io.ts';
import { EVAL_USAGE, evalCommand, parseEvalArgs } from '../../../server/cli/eval-command.ts';
import { TRANSCRIBE_USAGE, parseTranscribeArgs, transcribeCommand } from '../../../server/cli/transcribe-command.ts';
import { captureIo, usageError } from './capture-io.ts';

const NO_ENV = {};

// parseEvalArgs and evalCommand's usage errors: see eval-args.test.ts.

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
