import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiktatsError } from '../../../server/errors.ts';
import { parseManifest, readManifest } from '../../../server/eval/manifest.ts';

const BASE = '/data/eval';

/** The DiktatsError a call throws (fails the test if it does not throw one). */
function thrown(fn: () => unknown): DiktatsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DiktatsError);
    return e as DiktatsError;
  }
  throw new Error('expected a DiktatsError');
}

async function rejected(p: Promise<unknown>): Promise<DiktatsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DiktatsError);
    return e as DiktatsError;
  }
  throw new Error('expected a DiktatsError');
}

describe('parseManifest', () => {
  it('reads NeMo lines, resolves relative paths against the manifest folder and keeps absolute ones', () => {
    const text = [
      '{"audio_filepath": "wav/a.wav", "text": "labdien", "duration": 1.5, "voice": "lv+f3", "condition": "clean"}',
      '{"audio_filepath": "/abs/b.wav", "text": ""}',
    ].join('\n');
    const entries = parseManifest(text, BASE, 'm.jsonl');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ line: 1, audioFilepath: 'wav/a.wav', audioPath: '/data/eval/wav/a.wav', text: 'labdien', duration: 1.5 });
    expect(entries[0]!.fields['voice']).toBe('lv+f3');
    expect(entries[0]!.fields['condition']).toBe('clean');
    // Empty text is a valid reference (an utterance with no speech); duration is optional.
    expect(entries[1]).toMatchObject({ line: 2, audioPath: '/abs/b.wav', text: '', duration: null });
  });

  it('skips blank lines but keeps the file line numbers; accepts CRLF and a BOM', () => {
    const text = '\uFEFF\r\n{"audio_filepath":"a.wav","text":"viens"}\r\n   \r\n\n{"audio_filepath":"b.wav","text":"divi"}\r\n';
    const entries = parseManifest(text, BASE);
    expect(entries.map((e) => [e.line, e.text])).toEqual([
      [2, 'viens'],
      [5, 'divi'],
    ]);
  });

  it('names the file and line of invalid JSON', () => {
    const e = thrown(() => parseManifest('{"audio_filepath":"a.wav","text":"x"}\n{"audio_filepath": "b.wav", "text": ', BASE, 'test.jsonl'));
    expect(e.code).toBe('EVAL_ERR_MANIFEST');
    expect(e.message).toMatch(/test\.jsonl:2: invalid JSON/);
    expect(e.message).not.toMatch(/test\.jsonl:1:/);
  });

  it('rejects lines that are not objects', () => {
    const e = thrown(() => parseManifest('["a.wav", "x"]\nnull\n42', BASE, 'm'));
    expect(e.message).toMatch(/m:1: expected a JSON object, got an array/);
    expect(e.message).toMatch(/m:2: expected a JSON object, got null/);
    expect(e.message).toMatch(/m:3: expected a JSON object, got 42/);
  });

  it('names missing and mistyped fields, every problem of a line at once', () => {
    const text = [
      '{"text": "bez faila"}',
      '{"audio_filepath": "a.wav"}',
      '{}',
      '{"audio_filepath": 7, "text": ["x"]}',
      '{"audio_filepath": "  ", "text": "x"}',
      '{"audio_filepath": "a.wav", "text": "x", "duration": "1.2"}',
      '{"audio_filepath": "a.wav", "text": "x", "duration": -1}',
    ].join('\n');
    const e = thrown(() => parseManifest(text, BASE, 'm'));
    expect(e.message).toContain('7 problems');
    expect(e.message).toMatch(/m:1: missing "audio_filepath"\n/);
    expect(e.message).toMatch(/m:2: missing "text"\n/);
    expect(e.message).toMatch(/m:3: missing "audio_filepath"; missing "text"\n/);
    expect(e.message).toMatch(/m:4: "audio_filepath" must be a non-empty string; "text" must be a string\n/);
    expect(e.message).toMatch(/m:5: "audio_filepath" must be a non-empty string\n/);
    expect(e.message).toMatch(/m:6: "duration" must be a number of seconds ≥ 0, got "1.2"\n/);
    expect(e.message).toMatch(/m:7: "duration" must be a number of seconds ≥ 0, got -1$/);
  });

  it('lists the first ten problems and counts the rest', () => {
    const text = Array.from({ length: 25 }, () => 'not json').join('\n');
    const e = thrown(() => parseManifest(text, BASE, 'm'));
    expect(e.message).toContain('25 problems');
    expect(e.message).toMatch(/m:10: invalid JSON/);
    expect(e.message).not.toMatch(/m:11: /);
    expect(e.message).toContain('… and 15 more');
  });

  it('rejects a manifest with no utterances', () => {
    expect(thrown(() => parseManifest('\n  \n', BASE, 'empty.jsonl')).message).toMatch(/empty\.jsonl has no utterances/);
    expect(thrown(() => parseManifest('', BASE, 'empty.jsonl')).code).toBe('EVAL_ERR_MANIFEST');
  });
});

describe('readManifest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diktats-manifest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.wav'), 'RIFF');
  mkdirSync(join(dir, 'folder.wav'));

  it('reads the committed fixture manifest, all its audio present', async () => {
    const entries = await readManifest(new URL('../../fixtures/eval/manifest.jsonl', import.meta.url).pathname);
    expect(entries.map((e) => e.line)).toEqual([1, 2, 4]);
    expect(entries.every((e) => e.audioPath.endsWith(e.audioFilepath))).toBe(true);
  });

  it('resolves paths against the manifest folder, not the working directory', async () => {
    const manifest = join(dir, 'ok.jsonl');
    writeFileSync(manifest, '{"audio_filepath": "a.wav", "text": "x"}\n');
    const [entry] = await readManifest(manifest);
    expect(entry!.audioPath).toBe(join(dir, 'a.wav'));
  });

  it('names the lines whose audio is missing or not a file', async () => {
    const manifest = join(dir, 'missing.jsonl');
    writeFileSync(
      manifest,
      ['{"audio_filepath": "a.wav", "text": "x"}', '{"audio_filepath": "nav.wav", "text": "y"}', '{"audio_filepath": "folder.wav", "text": "z"}'].join('\n'),
    );
    const e = await rejected(readManifest(manifest));
    expect(e.code).toBe('EVAL_ERR_MANIFEST');
    expect(e.message).toContain('2 problems');
    expect(e.message).toContain(`${manifest}:2: audio file ${join(dir, 'nav.wav')} not found`);
    expect(e.message).toContain(`${manifest}:3: ${join(dir, 'folder.wav')} is not a file`);
    expect(e.message).not.toContain(`${manifest}:1:`);
  });

  it('says so when the manifest itself is missing', async () => {
    const e = await rejected(readManifest(join(dir, 'nope.jsonl')));
    expect(e.message).toMatch(/manifest file .*nope\.jsonl not found/);
  });
});
