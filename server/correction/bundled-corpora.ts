/**
 * Reads the bundled corpora in corpora/ (the only file I/O of this folder).
 * The files are built by scripts/corpora/build-corpora.ts; formats in
 * corpora/README.md.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLexicon, type LexiconEntry } from './domain-lexicon.ts';
import type { CorrectionContext } from './pipeline.ts';
import { BloomWordSet, type WordSet } from './word-set.ts';

export const BUNDLED_CORPORA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../corpora');

/** Term lists that make up the default lexicon, relative to the corpora folder. */
export const BUNDLED_TERM_FILES = [
  'names/given-names.tsv',
  'names/surnames.tsv',
  'places/municipalities.tsv',
  'places/towns.tsv',
  'streets/streets.tsv',
  'social/terms.tsv',
  'social/abbreviations.tsv',
  'providers/providers.tsv',
  'institutions/institutions.tsv',
  'abbreviations/abbreviations.tsv',
] as const;

/**
 * Parses the bundled term format: a header "term category weight spoken
 * display", then one tab-separated row a line; empty trailing columns may be
 * left out. Throws with the line number on a malformed row.
 */
export function parseTermsTsv(text: string, source = 'terms.tsv'): LexiconEntry[] {
  const lines = text.replace(/^\uFEFF/u, '').split('\n');
  const out: LexiconEntry[] = [];
  lines.forEach((raw, idx) => {
    const line = raw.replace(/\r$/u, '');
    if (line.trim() === '' || (idx === 0 && line.startsWith('term\t'))) return;
    const [term = '', category = '', weight = '', spoken = '', display = ''] = line.split('\t');
    const w = weight === '' ? 1 : Number(weight);
    if (term.trim() === '' || !Number.isFinite(w)) throw new Error(`${source}:${idx + 1}: expected "term<TAB>category<TAB>weight[<TAB>spoken<TAB>display]", got ${JSON.stringify(line)}`);
    out.push({ term: term.trim(), category: category.trim() || null, weight: w, spoken: spoken.trim() || null, display: display.trim() || null });
  });
  return out;
}

export function loadBundledEntries(dir = BUNDLED_CORPORA_DIR): LexiconEntry[] {
  return BUNDLED_TERM_FILES.flatMap((f) => parseTermsTsv(readFileSync(join(dir, f), 'utf8'), f));
}

/** All Hunspell forms + treebank/NTREX vocabulary (Bloom filter, ~0.5 % false positives). */
export function loadCommonWords(dir = BUNDLED_CORPORA_DIR): WordSet {
  return BloomWordSet.fromBytes(readFileSync(join(dir, 'common-words/common-words.bloom')));
}

/** Words seen in lower case in the treebank and NTREX text (exact set). */
export function loadAttestedWords(dir = BUNDLED_CORPORA_DIR): WordSet {
  return new Set(readFileSync(join(dir, 'common-words/attested-forms.txt'), 'utf8').split('\n').filter((w) => w !== ''));
}

/** The default correction context: bundled lexicon, word lists, default thresholds. */
export function loadBundledContext(dir = BUNDLED_CORPORA_DIR, extra: readonly LexiconEntry[] = []): CorrectionContext {
  return {
    lexicon: buildLexicon([...loadBundledEntries(dir), ...extra]),
    commonWords: loadCommonWords(dir),
    attestedWords: loadAttestedWords(dir),
  };
}
