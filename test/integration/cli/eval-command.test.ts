/**
 * `diktats eval` end to end, in-process, on the tiny random-weight wav2vec2
 * fixture model and three espeak-ng utterances (test/fixtures/eval/), decoded
 * greedily (beam decoding and --compare: eval-beam.test.ts). The model's text
 * is garbage, so these tests check structure and consistency: the printed
 * counts against an independent scoring of the printed texts, the trn files
 * against NIST sclite itself, RTF against the printed times.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK } from '../../../server/cli/command-io.ts';
import { evalCommand } from '../../../server/cli/eval-command.ts';
import { scoreCorpus } from '../../../server/metrics/error-rates.ts';
import { normalizeText } from '../../../server/metrics/normalize-text.ts';
import { findSclite } from '../../support/sclite.ts';
import { tempDirs } from '../../support/temp-dirs.ts';
import { captureIo } from '../../unit/cli/capture-io.ts';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const MODEL = fixture('models/hf-wav2vec2-tiny');
const MANIFEST = fixture('eval/manifest.jsonl');
const MANIFEST_LINES = readFileSync(MANIFEST, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { audio_filepath: string; text: string; duration: number; condition: string; voice: string });

interface Utterance {
  audio_filepath: string;
  reference: string;
  hypothesis: string;
  wer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  words: number;
  audioSec: number;
  processingMs: number;
}
interface Report {
  wer: number;
  cer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  words: number;
  rtf: number;
  audioSec: number;
  processingMs: number;
  model: string;
  groups: Record<string, { value: string; utterances: number; words: number; wer: number }[]>;
  utterances: Utterance[];
}

const tempDir = tempDirs('diktats-eval-');

/** sclite's corpus totals for ref.trn/hyp.trn in `dir` (its "Sum" row, in counts). */
function scliteTotals(dir: string): { sentences: number; words: number; substitutions: number; deletions: number; insertions: number } {
  const [command, lead] = findSclite();
  const stdout = execFileSync(command, [...lead, '-r', 'ref.trn', 'trn', '-h', 'hyp.trn', 'trn', '-i', 'rm', '-e', 'utf-8', '-o', 'rsum', 'stdout'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const sum = /\|\s*Sum\s*\|([^|]+)\|([^|]+)\|/.exec(stdout);
  if (!sum) throw new Error(`no "Sum" row in sclite output:\n${stdout.slice(0, 2000)}`);
  const [sentences, words] = sum[1]!.trim().split(/\s+/).map(Number);
  const [, substitutions, deletions, insertions] = sum[2]!.trim().split(/\s+/).map(Number);
  return { sentences: sentences!, words: words!, substitutions: substitutions!, deletions: deletions!, insertions: insertions! };
}

describe('diktats eval --json --sclite', () => {
  const scliteDir = join(tempDir(), 'nested', 'sclite');
  let code: number;
  let report: Report;
  let stderr: string;

  beforeAll(async () => {
    const io = captureIo();
    code = await evalCommand(['--manifest', MANIFEST, '--model', MODEL, '--decoder', 'greedy', '--json', '--sclite', scliteDir], io);
    stderr = io.err();
    report = JSON.parse(io.out()) as Report;
  });

  it('exits 0 and prints one JSON document with the fields the issue fixes', () => {
    expect(code, stderr).toBe(EXIT_OK);
    for (const key of ['wer', 'cer', 'substitutions', 'deletions', 'insertions', 'words', 'rtf']) {
      expect(typeof (report as unknown as Record<string, unknown>)[key], key).toBe('number');
    }
    expect(report.model).toBe('hf-wav2vec2-tiny');
    expect(report.utterances).toHaveLength(MANIFEST_LINES.length);
    for (const u of report.utterances) {
      expect(Object.keys(u)).toEqual(expect.arrayContaining(['audio_filepath', 'reference', 'hypothesis', 'wer']));
      expect(typeof u.hypothesis).toBe('string');
    }
  });

  it('reports the utterances in manifest order, with their paths and references as written', () => {
    expect(report.utterances.map((u) => [u.audio_filepath, u.reference])).toEqual(MANIFEST_LINES.map((l) => [l.audio_filepath, l.text]));
  });

  it('has counts equal to an independent scoring of the printed texts, and WER and CER as fractions', () => {
    const rescored = scoreCorpus(report.utterances.map((u, i) => ({ id: String(i), reference: u.reference, hypothesis: u.hypothesis })));
    expect({ s: report.substitutions, d: report.deletions, i: report.insertions, words: report.words }).toEqual({
      s: rescored.substitutions,
      d: rescored.deletions,
      i: rescored.insertions,
      words: rescored.words,
    });
    expect(report.words).toBe(MANIFEST_LINES.reduce((n, l) => n + normalizeText(l.text).split(' ').length, 0));
    expect(report.wer).toBeCloseTo((report.substitutions + report.deletions + report.insertions) / report.words, 12);
    expect(report.cer).toBeCloseTo(rescored.cer, 12);
    expect(report.utterances.reduce((n, u) => n + u.substitutions + u.deletions + u.insertions, 0)).toBe(
      report.substitutions + report.deletions + report.insertions,
    );
    expect(report.cer).toBeGreaterThanOrEqual(0);
  });

  it('computes RTF from the decoded audio and processing time', () => {
    expect(report.rtf).toBeGreaterThan(0);
    const audioSec = report.utterances.reduce((s, u) => s + u.audioSec, 0);
    const processingMs = report.utterances.reduce((s, u) => s + u.processingMs, 0);
    expect(report.audioSec).toBeCloseTo(audioSec, 9);
    expect(report.rtf).toBeCloseTo(processingMs / 1000 / audioSec, 9);
    // The audio decoded is the audio the manifest lists (sox-measured durations).
    report.utterances.forEach((u, i) => expect(Math.abs(u.audioSec - MANIFEST_LINES[i]!.duration)).toBeLessThan(0.002));
    expect(stderr).not.toMatch(/warning/);
  });

  it('groups by the manifest fields "condition" and "voice"', () => {
    expect(report.groups['condition']!.map((g) => [g.value, g.utterances])).toEqual([
      ['clean', 2],
      ['noise10dB', 1],
    ]);
    expect(report.groups['voice']!.map((g) => [g.value, g.utterances])).toEqual([
      ['lv+f3', 1],
      ['lv+m2', 2],
    ]);
    expect(report.groups['condition']!.reduce((n, g) => n + g.words, 0)).toBe(report.words);
  });

  it('writes ref.trn and hyp.trn in trn format, one line per utterance with the same ids', () => {
    const ref = readFileSync(join(scliteDir, 'ref.trn'), 'utf8');
    const hyp = readFileSync(join(scliteDir, 'hyp.trn'), 'utf8');
    const line = /^(?:(\S.*\S|\S) )?\((spk-[a-z0-9_-]+)\)$/;
    const parse = (text: string) => {
      expect(text.endsWith('\n')).toBe(true);
      return text
        .slice(0, -1)
        .split('\n')
        .map((l) => {
          const m = line.exec(l);
          expect(m, l).not.toBeNull();
          return { text: m![1] ?? '', id: m![2]! };
        });
    };
    const refLines = parse(ref);
    const hypLines = parse(hyp);
    expect(refLines).toHaveLength(MANIFEST_LINES.length);
    expect(hypLines.map((l) => l.id)).toEqual(refLines.map((l) => l.id));
    expect(new Set(refLines.map((l) => l.id)).size).toBe(refLines.length);
    expect(refLines.map((l) => l.text)).toEqual(MANIFEST_LINES.map((l) => normalizeText(l.text)));
    expect(hypLines.map((l) => l.text)).toEqual(report.utterances.map((u) => normalizeText(u.hypothesis)));
  });

  it('writes trn files that NIST sclite scores to the same counts', () => {
    expect(scliteTotals(scliteDir)).toEqual({
      sentences: MANIFEST_LINES.length,
      words: report.words,
      substitutions: report.substitutions,
      deletions: report.deletions,
      insertions: report.insertions,
    });
  });
});

describe('diktats eval (summary)', () => {
  it('prints the figures, the model and the groups; --limit takes the first N utterances', async () => {
    const io = captureIo();
    const code = await evalCommand(['--manifest', MANIFEST, '--model', MODEL, '--decoder', 'greedy', '--limit', '2', '--group-by', 'voice'], io);
    expect(code, io.err()).toBe(EXIT_OK);
    const out = io.out();
    expect(out).toMatch(/^Model +hf-wav2vec2-tiny \(greedy decoding\)$/m);
    expect(out).toMatch(/^Utterances +2 \(/m);
    const words = MANIFEST_LINES.slice(0, 2).reduce((n, l) => n + normalizeText(l.text).split(' ').length, 0);
    expect(out).toMatch(new RegExp(`^Reference words +${words}$`, 'm'));
    for (const label of ['WER', 'CER', 'Substitutions', 'Deletions', 'Insertions', 'RTF']) expect(out).toMatch(new RegExp(`^${label} +\\d`, 'm'));
    expect(out).toMatch(/^WER by voice$/m);
    expect(out).not.toMatch(/WER by condition/);
  });
});

describe('diktats eval on a longer run', () => {
  it('shows progress every 10 utterances and a stale duration on stderr, keeping stdout pure JSON', async () => {
    const dir = tempDir();
    const manifest = join(dir, 'long.jsonl');
    const lines = Array.from({ length: 21 }, (_, i) => {
      const l = MANIFEST_LINES[i % MANIFEST_LINES.length]!;
      // Line 5 claims a duration 1 s off the audio.
      return JSON.stringify({ ...l, audio_filepath: join(fixture('eval'), l.audio_filepath), duration: i === 4 ? l.duration + 1 : l.duration });
    });
    writeFileSync(manifest, `${lines.join('\n')}\n`);
    const io = captureIo();
    expect(await evalCommand(['--manifest', manifest, '--model', MODEL, '--decoder', 'greedy', '--json'], io)).toBe(EXIT_OK);
    expect((JSON.parse(io.out()) as Report).utterances).toHaveLength(21);
    const progress = io.err().split('\n').filter((l) => l.startsWith('eval: ') && l.includes('/21 utterances'));
    expect(progress.map((l) => l.slice(0, l.indexOf(' utterances')))).toEqual(['eval: 10/21', 'eval: 20/21']);
    expect(io.err()).toMatch(/warning: 1 manifest duration\(s\) differ .*first: line 5/);
  });
});

describe('diktats eval failures', () => {
  it('exits 1 naming the manifest line whose audio is not a WAV, after loading the model', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-audio.wav'), 'this is text, not RIFF');
    const manifest = join(dir, 'bad.jsonl');
    writeFileSync(
      manifest,
      `{"audio_filepath": ${JSON.stringify(join(fixture('eval/audio'), 'pabalsts.wav'))}, "text": "pabalsts"}\n` +
        '{"audio_filepath": "not-audio.wav", "text": "x"}\n',
    );
    const io = captureIo();
    expect(await evalCommand(['--manifest', manifest, '--model', MODEL, '--decoder', 'greedy', '--json'], io)).toBe(EXIT_FAILURE);
    expect(io.out()).toBe('');
    expect(io.err()).toContain(`${manifest}:2: not-audio.wav: AUDIO_ERR_FORMAT`);
  });

  it('exits 1 on a manifest with missing audio, before loading any model', async () => {
    const dir = tempDir();
    const manifest = join(dir, 'missing.jsonl');
    writeFileSync(manifest, '{"audio_filepath": "nav.wav", "text": "x"}\n');
    const io = captureIo();
    expect(await evalCommand(['--manifest', manifest, '--model', join(dir, 'no-model')], io)).toBe(EXIT_FAILURE);
    expect(io.err()).toMatch(/EVAL_ERR_MANIFEST.*\n.*missing\.jsonl:1: audio file .*nav\.wav not found/);
  });

  it('exits 1 with a hint when the model folder does not exist', async () => {
    const io = captureIo();
    const missing = join(tempDir(), 'no-model');
    expect(await evalCommand(['--manifest', MANIFEST, '--model', missing], io)).toBe(EXIT_FAILURE);
    expect(io.err()).toMatch(/ASR_ERR_MODEL_NOT_FOUND/);
    expect(io.err()).toContain('--model DIR');
  });
});
