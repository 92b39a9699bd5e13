/**
 * LM + beam-search benchmark: builds the word trigram LM and the domain lexicon /
 * hotwords from the bundled shared data, then decodes synthetic CTC posteriors.
 *
 *   npx tsx scripts/bench/lm-bench.ts [--out bench.json] [--order 3] [--utterances 300]
 *       [--beam 16] [--alpha=A] [--beta=B] [--boost=0.5] [--oov=P] [--oov-char=P] [--token-min=L]
 *       [--no-spell] [--no-lexicon] [--seed 1]        (negative numbers need the --name=value form)
 *
 * Reports build time (target ≤ 30 s), memory, LM size, decode time per 5 s
 * utterance (125 frames × 37 tokens) at beam 16 and 32, and WER/term recall of
 * greedy vs beam on synthetic posteriors with the recogniser's typical errors
 * (words run together or split, one-letter confusions). Synthetic numbers check
 * the decoder, they do not predict real accuracy: the eval CLI measures that.
 *
 * Held out: every 20th corpus sentence is kept out of the LM and used as test text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CtcBeamDecoder, type BeamSearchOptions } from '../../server/asr/lm/ctc-beam.ts';
import { buildBeamResources, inflectTerms, termSentences, type DomainTerm } from '../../server/asr/lm/ctc-beam-resources.ts';
import { bestPath, collapse, tokensToWords, wordsToText } from '../../server/asr/ctc-greedy.ts';
import type { TokenTable } from '../../server/asr/types.ts';
import { loadLatvianHunspell } from '../../server/asr/lm/lexicon-hunspell-lv.ts';
import { buildNgramLm } from '../../server/asr/lm/ngram-lm.ts';
import { deserializeNgramLm, serializeNgramLm } from '../../server/asr/lm/ngram-serialize.ts';
import { toLmSentence } from '../../server/asr/lm/ngram-text.ts';
import { scoreCorpus } from '../../server/metrics/error-rates.ts';
import { seededRandom } from '../../server/pilot/seeded-random.ts';
import { parseScriptArgs } from '../script-args.ts';

const DATA = '/work/shared/data';
const args = parseScriptArgs({
  out: { type: 'string' },
  data: { type: 'string', default: DATA },
  order: { type: 'string', default: '3' },
  utterances: { type: 'string', default: '300' },
  beam: { type: 'string', default: '16' },
  alpha: { type: 'string' },
  beta: { type: 'string' },
  boost: { type: 'string', default: '0.5' },
  oov: { type: 'string' },
  'oov-char': { type: 'string' },
  'token-min': { type: 'string' },
  'no-spell': { type: 'boolean', default: false },
  'no-lexicon': { type: 'boolean', default: false },
  seed: { type: 'string', default: '1' },
});
const data = args.data!;
const lines = (path: string): string[] => readFileSync(`${data}/${path}`, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
const tsvColumn = (path: string, col: string): string[] => {
  const [header, ...rows] = lines(path);
  const i = header!.split('\t').indexOf(col);
  return rows.map((r) => r.split('\t')[i] ?? '').filter((x) => x.length > 0);
};

const TOKENS = ['<pad>', '<unk>', '|', "'", ...'aābcčdeēfgģhiījkķlļmnņoprsštuūvzž'];
const TABLE: TokenTable = { tokens: TOKENS, blankId: 0, wordDelimiter: '|', wordStartPrefix: null, specialTokens: [1] };
const V = TOKENS.length;
const idOf = new Map(TOKENS.map((t, i) => [t, i]));

const rand = seededRandom(Number(args.seed));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const ms = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

// ---- corpora -------------------------------------------------------------------------
const rawSentences = [...lines('ud-lvtb-sentences/sentences.txt'), ...lines('ntrex128-lv/sentences.txt')];
const terms: DomainTerm[] = [
  ...tsvColumn('social-services-terms-lv/terms.tsv', 'term'),
  ...tsvColumn('social-services-terms-lv/abbreviations.tsv', 'expansion'),
  ...lines('names-lv/top100_given_names_male.txt'),
  ...lines('names-lv/top100_given_names_female.txt'),
  ...lines('names-lv/top100_surnames_male.txt'),
  ...lines('names-lv/top100_surnames_female.txt'),
  ...tsvColumn('municipalities-lv/municipalities.tsv', 'name'),
  ...lines('municipalities-lv/towns.txt'),
  ...lines('streets-lv/common_street_names.txt'),
].map((phrase) => ({ phrase }));

const mem0 = process.memoryUsage();
const tBuild = performance.now();
const tNorm = performance.now();
const normalised = rawSentences.map(toLmSentence).filter((s): s is string => s !== null);
const train = normalised.filter((_, i) => i % 20 !== 0);
const heldOut = normalised.filter((_, i) => i % 20 === 0);
const normaliseMs = ms(tNorm);
const tDict = performance.now();
const dictionary = await loadLatvianHunspell();
const hunspellMs = ms(tDict);
const tTerms = performance.now();
const termLm = termSentences(terms, dictionary);
const inflectMs = ms(tTerms);
const tLm = performance.now();
const lm = buildNgramLm([...train, ...termLm], { order: Number(args.order) });
const lmMs = ms(tLm);
const tRes = performance.now();
const boostPerChar = Number(args.boost);
const resources = buildBeamResources({ lm, terms, dictionary, boostPerChar, spellCheck: !args['no-spell'], lexicon: !args['no-lexicon'] });
const resourcesMs = ms(tRes);
const buildMs = ms(tBuild);
const mem1 = process.memoryUsage();
const tSer = performance.now();
const bytes = serializeNgramLm(lm);
const serializeMs = ms(tSer);
const tDe = performance.now();
deserializeNgramLm(bytes);
const deserializeMs = ms(tDe);

// ---- synthetic posteriors ------------------------------------------------------------
const CONFUSABLE: Record<string, string> = {
  a: 'ā', ā: 'a', e: 'ē', ē: 'e', i: 'ī', ī: 'i', u: 'ū', ū: 'u', s: 'š', š: 's', z: 'ž', ž: 'z', c: 'č', č: 'c',
  n: 'ņ', ņ: 'n', l: 'ļ', ļ: 'l', k: 'ķ', ķ: 'k', g: 'ģ', ģ: 'g', b: 'p', p: 'b', d: 't', t: 'd', v: 'f', f: 'v',
  o: 'u', r: 'l', m: 'n', h: 'k', j: 'i',
};
const RATES = { confusion: 0.006, merge: 0.02, split: 0.002 };

/**
 * Frames for a text with the recogniser's typical errors; returns log-posteriors.
 * Peaky like a trained CTC model: each frame has one or two real candidates
 * (the emitted token, its confusable twin, blank); the rest share 1e-4.
 */
function synthesise(text: string): { data: Float32Array; frames: number } {
  const rows: Float64Array[] = [];
  const frame = (main: number, pMain: number, alt = -1, pAlt = 0): void => {
    const row = new Float64Array(V).fill(1e-4 / (V - 1));
    row[main] = pMain;
    if (alt >= 0) row[alt] = pAlt;
    if (main !== 0 && alt !== 0) row[0] = Math.max(1 - pMain - pAlt - 1e-4, 1e-4);
    rows.push(row);
  };
  const blanks = (): void => {
    const n = Math.floor(rand() * 2.2);
    for (let i = 0; i < n; i++) frame(0, 0.98);
  };
  blanks();
  const words = text.split(' ');
  words.forEach((word, wi) => {
    if (wi > 0) {
      if (rand() < RATES.merge) frame(0, 0.55, 2, 0.4);
      else frame(2, 0.7 + rand() * 0.29);
      blanks();
    }
    const chars = [...word];
    chars.forEach((ch, ci) => {
      const id = idOf.get(ch) ?? 1;
      const n = 1 + Math.floor(rand() * 2);
      const alt = CONFUSABLE[ch] ? idOf.get(CONFUSABLE[ch]!)! : -1;
      const confused = alt >= 0 && rand() < RATES.confusion;
      for (let k = 0; k < n; k++) {
        const p = 0.7 + rand() * 0.29;
        if (confused) frame(alt, 0.55, id, 0.4);
        else frame(id, p, alt, alt >= 0 ? (1 - p) * 0.3 : 0);
      }
      // a blank after every letter, as CTC needs between repeats
      frame(0, 0.98);
      if (ci < chars.length - 1 && rand() < RATES.split) frame(2, 0.55, 0, 0.4);
    });
  });
  blanks();
  const out = new Float32Array(rows.length * V);
  rows.forEach((r, t) => {
    for (let v = 0; v < V; v++) out[t * V + v] = Math.log(Math.max(r[v]!, 1e-12));
  });
  return { data: out, frames: rows.length };
}

// Test texts: held-out corpus sentences, and domain sentences with inflected terms.
const n = Number(args.utterances);
const TEMPLATES = ['klients {} lūdz piešķirt pabalstu', 'iesniegumu iesniedza {}', 'lēmumu pieņēma {} pagājušajā nedēļā', 'par {} jautājiet sociālajam darbiniekam'];
const termVariants = inflectTerms(terms, dictionary).map((t) => t.variants);
const tests: { text: string; term?: string }[] = [];
for (let i = 0; i < n; i++) {
  if (i % 2 === 0) {
    const s = heldOut[(i / 2) % heldOut.length]!;
    tests.push({ text: s.split(' ').slice(0, 14).join(' ') });
  } else {
    const term = pick(pick(termVariants));
    tests.push({ text: pick(TEMPLATES).replace('{}', term), term });
  }
}

const options: Partial<BeamSearchOptions> = {
  beamWidth: Number(args.beam),
  ...(args.alpha !== undefined ? { lmWeight: Number(args.alpha) } : {}),
  ...(args.beta !== undefined ? { wordBonus: Number(args.beta) } : {}),
  ...(args.oov !== undefined ? { oovPenalty: Number(args.oov) } : {}),
  ...(args['oov-char'] !== undefined ? { oovCharPenalty: Number(args['oov-char']) } : {}),
  ...(args['token-min'] !== undefined ? { tokenMinLogProb: Number(args['token-min']) } : {}),
};
const decoder = new CtcBeamDecoder(TABLE, resources, options);
const greedyPairs: { id: string; reference: string; hypothesis: string }[] = [];
const beamPairs: typeof greedyPairs = [];
let termHitsGreedy = 0;
let termHitsBeam = 0;
let termCount = 0;
const decodeTimes: number[] = [];
let totalFrames = 0;
tests.forEach((u, i) => {
  const m = synthesise(u.text);
  totalFrames += m.frames;
  const { ids, probs } = bestPath(m.data, m.frames, V);
  const g = wordsToText(tokensToWords(collapse(ids, probs, 0), TABLE, 0.04));
  const t0 = performance.now();
  const b = decoder.decode(m.data, m.frames, V).text;
  decodeTimes.push(performance.now() - t0);
  greedyPairs.push({ id: `u${i}`, reference: u.text, hypothesis: g });
  beamPairs.push({ id: `u${i}`, reference: u.text, hypothesis: b });
  if (u.term) {
    termCount++;
    if (` ${g} `.includes(` ${u.term} `)) termHitsGreedy++;
    if (` ${b} `.includes(` ${u.term} `)) termHitsBeam++;
  }
});

// Speed on 5 s utterances: 125 frames each.
function speed(beamWidth: number): { meanMs: number; p95Ms: number } {
  const d = new CtcBeamDecoder(TABLE, resources, { ...options, beamWidth });
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    let text = heldOut[(i * 7) % heldOut.length]!;
    let m = synthesise(text);
    while (m.frames > 125 && text.includes(' ')) {
      text = text.slice(0, text.lastIndexOf(' '));
      m = synthesise(text);
    }
    const padded = new Float32Array(125 * V);
    padded.set(m.data.subarray(0, Math.min(m.frames, 125) * V));
    for (let t = m.frames; t < 125; t++) for (let v = 0; v < V; v++) padded[t * V + v] = v === 0 ? Math.log(0.99) : Math.log(0.01 / (V - 1));
    const t0 = performance.now();
    d.decode(padded, 125, V);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { meanMs: Math.round(mean * 100) / 100, p95Ms: Math.round(times[Math.floor(times.length * 0.95)]! * 100) / 100 };
}

const greedyScore = scoreCorpus(greedyPairs);
const beamScore = scoreCorpus(beamPairs);
decodeTimes.sort((a, b) => a - b);
const report = {
  corpus: { sentences: rawSentences.length, lmSentences: train.length, heldOut: heldOut.length, terms: terms.length, termLmSentences: termLm.length },
  lm: { order: lm.order, vocabulary: lm.vocabulary.length, ngrams: lm.numNgrams, serializedMB: mb(bytes.length), serializeMs, deserializeMs },
  lexicon: { words: resources.lexicon?.size ?? 0, nodes: resources.lexicon?.nodeCount ?? 0, hotwordPhrases: resources.phraseCount, spellCheck: resources.spellCheck !== null, boostPerChar },
  buildMs: { total: buildMs, normalise: normaliseMs, hunspell: hunspellMs, inflectTerms: inflectMs, lm: lmMs, lexiconAndHotwords: resourcesMs },
  memoryMB: { heapUsedDelta: mb(mem1.heapUsed - mem0.heapUsed), rssDelta: mb(mem1.rss - mem0.rss), rss: mb(mem1.rss) },
  decode: {
    options: decoder.options,
    utterances: tests.length,
    meanFrames: Math.round(totalFrames / tests.length),
    meanMs: Math.round((decodeTimes.reduce((a, b) => a + b, 0) / decodeTimes.length) * 100) / 100,
    p95Ms: Math.round(decodeTimes[Math.floor(decodeTimes.length * 0.95)]! * 100) / 100,
    fiveSecondUtterance: { beam16: speed(16), beam32: speed(32) },
  },
  synthetic: {
    errorRates: RATES,
    greedy: { wer: greedyScore.wer, cer: greedyScore.cer, termRecall: termHitsGreedy / termCount },
    beam: { wer: beamScore.wer, cer: beamScore.cer, termRecall: termHitsBeam / termCount },
    termUtterances: termCount,
  },
};
if (process.env.LM_BENCH_DEBUG) {
  greedyPairs.forEach((g, i) => {
    const b = beamPairs[i]!;
    if (b.hypothesis !== b.reference) console.log(`REF  ${g.reference}\nGRD  ${g.hypothesis}\nBEAM ${b.hypothesis}\n`);
  });
}
console.log(JSON.stringify(report, null, 2));
if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
