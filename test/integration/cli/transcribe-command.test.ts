/**
 * `diktats transcribe` in-process on the tiny random-weight wav2vec2 fixture:
 * output shapes, per-file error handling, and agreement with `eval`'s decoding.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK } from '../../../server/cli/command-io.ts';
import { evalCommand } from '../../../server/cli/eval-command.ts';
import { transcribeCommand, type TranscriptionJson } from '../../../server/cli/transcribe-command.ts';
import { captureIo } from '../../unit/cli/capture-io.ts';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const MODEL = fixture('models/hf-wav2vec2-tiny');
const LABDIEN = fixture('eval/audio/labdien.wav');
const PABALSTS = fixture('eval/audio/pabalsts.wav');

const dir = mkdtempSync(join(tmpdir(), 'diktats-transcribe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diktats transcribe --json', () => {
  it('prints one JSON object per line for the good files, reports the bad ones on stderr, exits 1', async () => {
    const notWav = join(dir, 'notes.wav');
    writeFileSync(notWav, 'plain text');
    const missing = join(dir, 'missing.wav');
    const io = captureIo();
    const code = await transcribeCommand(['--json', LABDIEN, missing, notWav, PABALSTS, '--model', MODEL], io);
    expect(code).toBe(EXIT_FAILURE);

    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const results = lines.map((l) => JSON.parse(l) as TranscriptionJson);
    expect(results.map((r) => r.file)).toEqual([LABDIEN, PABALSTS]);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(['audioSec', 'file', 'model', 'processingMs', 'rtf', 'text', 'words'].sort());
      expect(r.model).toBe('hf-wav2vec2-tiny');
      expect(r.audioSec).toBeGreaterThan(2);
      expect(r.processingMs).toBeGreaterThan(0);
      expect(r.rtf).toBeCloseTo(r.processingMs / 1000 / r.audioSec, 9);
      expect(r.text).toBe(r.words.map((w) => w.word).join(' '));
      let previousEnd = 0;
      for (const w of r.words) {
        expect(Object.keys(w).sort()).toEqual(['conf', 'end', 'start', 'word']);
        expect(w.word).not.toBe('');
        expect(w.start).toBeGreaterThanOrEqual(previousEnd);
        expect(w.end).toBeGreaterThanOrEqual(w.start);
        expect(w.end).toBeLessThanOrEqual(r.audioSec + 0.05);
        expect(w.conf).toBeGreaterThanOrEqual(0);
        expect(w.conf).toBeLessThanOrEqual(1);
        previousEnd = w.end;
      }
    }

    const err = io.err();
    expect(err).toContain(`${missing}: file not found`);
    expect(err).toContain(`${notWav}: AUDIO_ERR_FORMAT`);
    expect(err).toContain('2 of 4 file(s) failed');
    expect(err).not.toContain(LABDIEN);
  });
});

describe('diktats transcribe (text)', () => {
  it('prints the bare text for one file, FILE: text for several, and the same text eval decodes', async () => {
    const one = captureIo();
    expect(await transcribeCommand([LABDIEN, '--model', MODEL], one)).toBe(EXIT_OK);
    expect(one.err()).toBe('');
    const text = one.out();
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');

    const many = captureIo();
    expect(await transcribeCommand(['--model', MODEL, LABDIEN, PABALSTS], many)).toBe(EXIT_OK);
    const lines = many.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${LABDIEN}: ${text.slice(0, -1)}`);
    expect(lines[1]!.startsWith(`${PABALSTS}: `)).toBe(true);

    // Decoding is deterministic and shared with eval: same file, same text.
    const manifest = join(dir, 'one.jsonl');
    writeFileSync(manifest, `${JSON.stringify({ audio_filepath: LABDIEN, text: 'labdien' })}\n`);
    const ev = captureIo();
    expect(await evalCommand(['--manifest', manifest, '--model', MODEL, '--decoder', 'greedy', '--json'], ev)).toBe(EXIT_OK);
    const report = JSON.parse(ev.out()) as { utterances: { hypothesis: string }[] };
    expect(report.utterances[0]!.hypothesis).toBe(text.slice(0, -1));
  });

  it('exits 1 when the model folder is missing, without touching the files', async () => {
    const io = captureIo();
    expect(await transcribeCommand([LABDIEN, '--model', join(dir, 'none')], io)).toBe(EXIT_FAILURE);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/ASR_ERR_MODEL_NOT_FOUND.*--model DIR/);
  });
});
