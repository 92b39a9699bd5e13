/**
 * Dragon-style auto-texts (issue 15): an admin-defined phrase ("standarta
 * lēmums") said inside a free-text field is written as its paragraph. They
 * are a corpus kind (`kind=autotexts`: `term` is the phrase, `display` the
 * paragraph), imported like any corpus (REST, `diktats corpus import`), and
 * reach the forms as a phrase index; the phrase matches in any case form,
 * never fuzzily (a near miss stays prose).
 */
import type { CorpusEntry } from '../corpora/corpus-parser.ts';
import { PhraseIndex } from './phrase-matcher.ts';

/** phrase → paragraph */
export type AutoTexts = PhraseIndex<string>;

export function compileAutoTexts(entries: readonly Pick<CorpusEntry, 'term' | 'display'>[]): AutoTexts | undefined {
  const index = new PhraseIndex<string>();
  for (const e of entries) if (e.display) index.add(e.term, e.display);
  return index.phrases.length > 0 ? index : undefined;
}

/**
 * Splits the words of a text field at the auto-text phrases: prose runs are
 * written by `write` (the correction pipeline), phrases by their paragraphs.
 */
export function expandAutoTexts(words: readonly string[], keys: readonly string[], autotexts: AutoTexts, write: (words: readonly string[]) => string): string {
  const parts: string[] = [];
  let run: string[] = [];
  const close = (): void => {
    if (run.length > 0) parts.push(write(run));
    run = [];
  };
  let i = 0;
  while (i < words.length) {
    const m = autotexts.matchAt(keys, i, { fuzzy: false });
    if (m) {
      close();
      parts.push(m.owner);
      i = m.end;
    } else run.push(words[i++]!);
  }
  close();
  return parts.filter((p) => p !== '').join(' ');
}
