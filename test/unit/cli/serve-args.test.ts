/**
 * Strict command lines: `diktats serve` and the other commands refuse an
 * unknown or misspelt flag with an error that names the flags that exist.
 * Nothing here starts a server or loads a model.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../server/cli.ts';
import { CONFIG_FLAGS } from '../../../server/config.ts';
import { unknownOptionMessage } from '../../../server/cli/command-io.ts';
import { parseServeArgs, SERVE_USAGE } from '../../../server/cli/serve-command.ts';
import { captureIo, usageError } from './capture-io.ts';

describe('parseServeArgs', () => {
  it('takes every configuration flag, in both spellings, over the environment', () => {
    const config = parseServeArgs(['--port', '9000', '--host=::1', '--lm', 'false', '--workers=3'], { PORT: '7000' })!;
    expect(config).toMatchObject({ port: 9000, host: '::1', languageModel: false, workers: 3 });
  });

  it('returns null for --help and -h', () => {
    expect(parseServeArgs(['--help'], {})).toBeNull();
    expect(parseServeArgs(['-h'], {})).toBeNull();
  });

  it('refuses `--prot 9000`, suggesting --port and listing every flag', () => {
    const message = usageError(() => parseServeArgs(['--prot', '9000'], {}));
    expect(message).toMatch(/^unknown option --prot \(did you mean --port\?\); the options are /);
    for (const flag of CONFIG_FLAGS) expect(message).toContain(`--${flag}`);
    expect(message).toContain('--help');
  });

  it('refuses a stray positional value and a flag without its value', () => {
    expect(usageError(() => parseServeArgs(['9000'], {}))).toMatch(/Unexpected argument '9000'/);
    expect(usageError(() => parseServeArgs(['--port'], {}))).toMatch(/--port <value>' argument missing/);
    expect(usageError(() => parseServeArgs(['--port', '--host', 'x'], {}))).toMatch(/'--port' argument is ambiguous/);
  });
});

describe('unknownOptionMessage', () => {
  const known = ['model', 'json', 'manifest', 'help'];
  it('suggests a name within two edits or one the flag starts', () => {
    expect(unknownOptionMessage('--manfest', known)).toContain('(did you mean --manifest?)');
    expect(unknownOptionMessage('--mod', known)).toContain('(did you mean --model?)');
    expect(unknownOptionMessage('--jsno', known)).toContain('(did you mean --json?)');
  });
  it('suggests nothing for a flag unlike any, but still lists them', () => {
    expect(unknownOptionMessage('--verbose', known)).toBe('unknown option --verbose; the options are --model, --json, --manifest, --help');
  });
});

describe('diktats main', () => {
  it('serve --prot 9000 exits 2 with the reason and the usage on stderr, without starting', async () => {
    const io = captureIo();
    expect(await main(['serve', '--prot', '9000'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('diktats serve: unknown option --prot (did you mean --port?)');
    expect(io.err()).toContain(SERVE_USAGE);
  });

  it('serve --help prints every flag with its environment variable', async () => {
    const io = captureIo();
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/--port\s+PORT\n/);
    expect(io.out()).toMatch(/--db\s+DIKTATS_DB\n/);
  });

  it('serve with a bad value exits 2 naming the flag', async () => {
    const io = captureIo();
    expect(await main(['serve', '--port', 'x'], io)).toBe(2);
    expect(io.err()).toContain('--port');
  });

  it('corpus and fill name their flags too', async () => {
    const corpus = captureIo();
    expect(await main(['corpus', 'list', '--jsn'], corpus)).toBe(2);
    expect(corpus.err()).toContain('unknown option --jsn (did you mean --json?); the options are --name, --kind, --db, --json, --help');
    const fill = captureIo();
    expect(await main(['fill', '--from', 'x', '--text', 'y'], fill)).toBe(2);
    expect(fill.err()).toContain('unknown option --from (did you mean --form?)');
  });
});
