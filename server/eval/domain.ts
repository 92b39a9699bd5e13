/**
 * What beam evaluation needs from a corpora folder, built the way the server
 * builds it from the active corpora (plugins/language-model.ts and
 * plugins/correction.ts): the beam decoder (LM + lexicon + term boosts), the
 * correction context (lexicon from the same terms + the Latvian word lists),
 * and the term matcher for domain-term recall.
 *
 * A folder is `index.json` listing `{name, kind, file}` (corpora/README.md).
 * The word lists (`common-words/`) are Latvian, not domain data: a folder
 * without them (a test's small corpora) borrows the bundled ones.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDomainDecoder, readBundledCorpora, type DomainDecoderStats } from '../asr/lm/domain-decoder.ts';
import type { CtcBeamDecoder } from '../asr/lm/ctc-beam.ts';
import type { TokenTable } from '../asr/types.ts';
import { PROJECT_ROOT } from '../config.ts';
import { BUNDLED_CORPORA_DIR, loadAttestedWords, loadCommonWords } from '../correction/bundled-corpora.ts';
import { buildLexicon } from '../correction/domain-lexicon.ts';
import { correctTranscript, type CorrectionContext } from '../correction/pipeline.ts';
import { DiktatsError } from '../errors.ts';
import { TermMatcher } from './term-recall.ts';

export const DEFAULT_CORPORA_DIR = join(PROJECT_ROOT, 'corpora');

const WARM_UP_TEXT = 'labdien gē em ī pabalsts divdesmit trīs eiro brīvības ielā sešpadsmit';

export const hasCorpora = (dir: string): boolean => existsSync(join(dir, 'index.json'));

export interface EvalDomain {
  readonly corporaDir: string;
  readonly decoder: CtcBeamDecoder;
  readonly stats: DomainDecoderStats;
  readonly correction: CorrectionContext;
  readonly terms: TermMatcher;
}

export async function loadEvalDomain(corporaDir: string, table: TokenTable, frameShiftSec: number): Promise<EvalDomain> {
  const dir = resolve(corporaDir);
  if (!hasCorpora(dir)) {
    throw new DiktatsError(
      'CORPUS_ERR_FORMAT',
      `${join(dir, 'index.json')} not found: a corpora folder lists its files there as [{"name","kind":"terms"|"sentences","file"}]; ` +
        'choose one with --corpora DIR or decode with --decoder greedy',
    );
  }
  const corpora = readBundledCorpora(dir);
  if (corpora.sentences.length === 0 && corpora.terms.length === 0) {
    throw new DiktatsError('CORPUS_ERR_EMPTY', `${join(dir, 'index.json')} lists no corpora; a language model needs sentences or terms`);
  }
  const { decoder, stats } = await buildDomainDecoder(table, corpora, { frameShiftSec });
  const wordsDir = existsSync(join(dir, 'common-words')) ? dir : BUNDLED_CORPORA_DIR;
  const correction: CorrectionContext = {
    lexicon: buildLexicon(corpora.terms),
    commonWords: loadCommonWords(wordsDir),
    attestedWords: loadAttestedWords(wordsDir),
  };
  // The first correction builds lazy indexes (tens of ms); done here, so the
  // per-utterance correction times measure the steady state the server runs in.
  correctTranscript(WARM_UP_TEXT, correction);
  return { corporaDir: dir, decoder, stats, correction, terms: new TermMatcher(corpora.terms) };
}
