import { describe, expect, it } from 'vitest';
import { NO_VALUE, buildReport, formatReport, reportToJson, type DecodedUtterance } from '../../../server/eval/report.ts';

function utterance(line: number, text: string, hypothesis: string, fields: Record<string, unknown>, audioSec: number, processingMs: number): DecodedUtterance {
  const audioFilepath = `wav/${line}.wav`;
  return {
    entry: { line, audioFilepath, audioPath: `/m/${audioFilepath}`, text, duration: audioSec, fields: { audio_filepath: audioFilepath, text, ...fields } },
    hypothesis,
    audioSec,
    processingMs,
  };
}

const DECODED = [
  // 1 substitution of 2 words
  utterance(1, 'Labdien, Rīga!', 'labdien rīgā', { condition: 'clean', voice: 'lv+f3' }, 2, 20),
  // 2 insertions over 4 words
  utterance(2, 'divdesmit trīs eiro centi', 'divdesmit trīs eiro un centi x', { condition: 'noise10dB', voice: 'lv+m2' }, 3, 30),
  // perfect; no condition field
  utterance(3, 'jā', 'Jā.', { voice: 'lv+m2' }, 1, 10),
];

const META = { model: 'm1', decoder: 'greedy' as const, manifest: 'test.jsonl', groupBy: ['condition', 'voice', 'speaker'] };

describe('buildReport', () => {
  const report = buildReport(DECODED, META);

  it('totals errors over the corpus, normalising case and punctuation on both sides', () => {
    expect(report.score).toMatchObject({ substitutions: 1, deletions: 0, insertions: 2, words: 7, hits: 6 });
    expect(report.score.wer).toBeCloseTo(3 / 7, 12);
    expect(report.utterances.map((u) => u.score.wer)).toEqual([1 / 2, 2 / 4, 0]);
  });

  it('computes RTF as total processing time over total audio time', () => {
    expect(report.audioSec).toBe(6);
    expect(report.processingMs).toBe(60);
    expect(report.rtf).toBeCloseTo(0.01, 12);
  });

  it('groups by the fields present, putting utterances without the field under (none), and skips absent fields', () => {
    expect(report.groups.map((g) => g.field)).toEqual(['condition', 'voice']);
    const condition = report.groups[0]!.values;
    expect(condition.map((g) => [g.value, g.utterances, g.words])).toEqual([
      [NO_VALUE, 1, 1],
      ['clean', 1, 2],
      ['noise10dB', 1, 4],
    ]);
    const voice = report.groups[1]!.values;
    expect(voice.map((g) => [g.value, g.utterances, g.words, g.insertions])).toEqual([
      ['lv+f3', 1, 2, 0],
      ['lv+m2', 2, 5, 2],
    ]);
    expect(voice[1]!.wer).toBeCloseTo(2 / 5, 12);
  });
});

describe('reportToJson', () => {
  const json = reportToJson(buildReport(DECODED, META), { sclite: { ref: 'r', hyp: 'h' } });

  it('starts with the keys the evaluation issue fixes, in its order', () => {
    expect(Object.keys(json).slice(0, 7)).toEqual(['wer', 'cer', 'substitutions', 'deletions', 'insertions', 'words', 'rtf']);
    expect(json).toHaveProperty('utterances');
    expect(json['sclite']).toEqual({ ref: 'r', hyp: 'h' });
    expect(json['model']).toBe('m1');
  });

  it('reports each utterance with its manifest path, raw reference and hypothesis, and grouping labels', () => {
    const utterances = json['utterances'] as Record<string, unknown>[];
    expect(utterances).toHaveLength(3);
    expect(Object.keys(utterances[0]!).slice(0, 4)).toEqual(['audio_filepath', 'reference', 'hypothesis', 'wer']);
    expect(utterances[0]).toMatchObject({ audio_filepath: 'wav/1.wav', reference: 'Labdien, Rīga!', hypothesis: 'labdien rīgā', line: 1 });
    expect(utterances[0]!['labels']).toEqual({ condition: 'clean', voice: 'lv+f3' });
    expect(utterances[2]!['labels']).toEqual({ voice: 'lv+m2' });
  });

  it('survives a JSON round trip unchanged (no Infinity or NaN)', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('formatReport', () => {
  it('prints every figure the issue asks for, and the groups', () => {
    const text = formatReport(buildReport(DECODED, META));
    expect(text).toMatch(/^Model +m1 \(greedy decoding\)$/m);
    expect(text).toMatch(/^WER +42\.86 % +\(3 errors \/ 7 reference words\)$/m);
    expect(text).toMatch(/^CER +\d+\.\d\d % /m);
    expect(text).toMatch(/^Substitutions +1$/m);
    expect(text).toMatch(/^Deletions +0$/m);
    expect(text).toMatch(/^Insertions +2$/m);
    expect(text).toMatch(/^Reference words +7$/m);
    expect(text).toMatch(/^Utterances +3 \(6\.0 s of audio\)$/m);
    expect(text).toMatch(/^RTF +0\.0100 /m);
    expect(text).toMatch(/^WER by condition$/m);
    expect(text).toMatch(/^ {2}noise10dB +50\.00 % +CER .*\(4 words, 1 utterance\)$/m);
    expect(text).toMatch(/^ {2}lv\+m2 +40\.00 % .*\(5 words, 2 utterances\)$/m);
  });
});

describe('beam reports: corrected text, written references, language model', () => {
  const withWritten = (d: DecodedUtterance, corrected: string, written?: string): DecodedUtterance => ({
    ...d,
    entry: { ...d.entry, fields: { ...d.entry.fields, ...(written !== undefined ? { written } : {}) } },
    corrected,
    correctionMs: 0.5,
  });
  const BEAM = [
    withWritten(DECODED[0]!, 'Labdien, Rīgā!', 'Labdien, Rīga!'),
    withWritten(DECODED[1]!, 'Divdesmit trīs eiro un centi x', '23 EUR centi'),
    withWritten(DECODED[2]!, 'Jā.'),
  ];
  const LM = { sentences: 5, terms: 2, phrases: 4, lmVocabulary: 30, buildMs: 1234, warnings: ['w'], corporaDir: '/c' };
  const report = buildReport(BEAM, { ...META, decoder: 'beam', languageModel: LM });

  it('scores written references by exact match; greedy reports have none', () => {
    expect(report.written).toEqual({ references: 2, exact: 0, exactMatch: 0 });
    expect(buildReport(DECODED, META).written).toBeNull();
    expect(buildReport(DECODED, META).languageModel).toBeNull();
  });

  it('--json keeps the fixed keys first and adds corrected, written and the language model', () => {
    const json = reportToJson(report, {}, (i) => ({ extra: i }));
    expect(Object.keys(json).slice(0, 7)).toEqual(['wer', 'cer', 'substitutions', 'deletions', 'insertions', 'words', 'rtf']);
    expect(json['decoder']).toBe('beam');
    expect(json['written']).toEqual({ references: 2, exact: 0, exactMatch: 0 });
    expect(json['languageModel']).toEqual(LM);
    const utterances = json['utterances'] as Record<string, unknown>[];
    expect(Object.keys(utterances[0]!).slice(0, 6)).toEqual(['audio_filepath', 'reference', 'hypothesis', 'wer', 'corrected', 'written']);
    expect(utterances[0]).toMatchObject({ hypothesis: 'labdien rīgā', corrected: 'Labdien, Rīgā!', written: 'Labdien, Rīga!', correctionMs: 0.5, extra: 0 });
    expect(utterances[2]).not.toHaveProperty('written');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('the summary names the decoder and prints the language model and written-form rows', () => {
    const text = formatReport(report);
    expect(text).toMatch(/^Model +m1 \(beam decoding\)$/m);
    expect(text).toMatch(/^Language model +5 LM sentences, 2 terms \(4 phrases\), vocabulary 30, built in 1\.23 s, 1 warning; corpora \/c$/m);
    expect(text).toMatch(/^Written forms +0\.00 % exact {2}\(0 \/ 2 written references\)$/m);
    expect(formatReport(buildReport(DECODED, META))).not.toMatch(/Language model|Written forms/);
  });
});
