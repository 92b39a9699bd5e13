/**
 * Builds the beam-search decoder for a set of domain corpora: a word trigram LM
 * (modified Kneser–Ney, built in a worker thread) from the sentence corpora plus
 * every inflected form of the terms, a lexicon, and phrase boosts for the terms.
 * The result is immutable; a rebuild produces a new decoder that is swapped in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildNgramLmInWorker } from './ngram-worker.ts';
import { toLmSentence } from './ngram-text.ts';
import { loadLatvianHunspell } from './lexicon-hunspell-lv.ts';
import { formatFromName, parseCorpus, type CorpusEntry } from '../../corpora/corpus-parser.ts';
import { readBundledIndex } from '../../corpora/corpus-service.ts';
import { CtcBeamDecoder } from './ctc-beam.ts';
import { buildBeamResources, termSentences, type DomainTerm } from './ctc-beam-resources.ts';
import type { TokenTable } from '../types.ts';

export interface DomainCorpora {
  readonly sentences: readonly string[];
  readonly terms: readonly CorpusEntry[];
}

export interface DomainDecoderStats {
  readonly sentences: number;
  readonly terms: number;
  readonly phrases: number;
  readonly lmVocabulary: number;
  readonly buildMs: number;
  readonly warnings: readonly string[];
}

/** Default boost, nats per letter; a corpus weight scales it (weight 1 = default). */
const BOOST_PER_CHAR = 0.5;

export function termsToDomainTerms(entries: readonly CorpusEntry[]): DomainTerm[] {
  // Weights below 1 (e.g. the 5 600 calendar names) add words to the lexicon with a smaller boost.
  return entries.map((e) => ({ phrase: e.spoken ?? e.term, boost: BOOST_PER_CHAR * Math.min(2, e.weight) }));
}

export async function buildDomainDecoder(
  table: TokenTable,
  corpora: DomainCorpora,
  options: { frameShiftSec: number },
): Promise<{ decoder: CtcBeamDecoder; stats: DomainDecoderStats }> {
  const t0 = performance.now();
  const dictionary = await loadLatvianHunspell();
  const terms = termsToDomainTerms(corpora.terms);
  const sentences: string[] = [];
  for (const s of corpora.sentences) {
    const lm = toLmSentence(s);
    if (lm) sentences.push(lm);
  }
  sentences.push(...termSentences(terms, dictionary));
  const { lm } = await buildNgramLmInWorker(sentences, { order: 3 });
  const resources = buildBeamResources({ lm, terms, dictionary });
  const decoder = new CtcBeamDecoder(table, resources, { frameShiftSec: options.frameShiftSec });
  return {
    decoder,
    stats: {
      sentences: sentences.length,
      terms: terms.length,
      phrases: resources.phraseCount,
      lmVocabulary: lm.vocabulary.length,
      buildMs: Math.round(performance.now() - t0),
      warnings: resources.warnings,
    },
  };
}

/** The bundled corpora read straight from `corpora/index.json` (for the CLI, without a database). */
export function readBundledCorpora(corporaDir: string): DomainCorpora {
  const sentences: string[] = [];
  const terms: CorpusEntry[] = [];
  for (const c of readBundledIndex(corporaDir)) {
    const file = path.join(corporaDir, c.file);
    const parsed = parseCorpus(new Uint8Array(fs.readFileSync(file)), formatFromName(file), c.kind);
    if (c.kind === 'sentences') sentences.push(...parsed.entries.map((e) => e.term));
    else terms.push(...parsed.entries);
  }
  return { sentences, terms };
}
