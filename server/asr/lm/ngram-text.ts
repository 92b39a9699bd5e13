/**
 * Written Latvian → the spoken-form word sequence the LM is trained on: what the
 * acoustic model emits (lower case, no punctuation, apostrophes kept).
 *
 * Sentences with digits are dropped rather than guessed: "2050. gadā" has several
 * spoken forms and a wrong one teaches the LM words nobody says. Abbreviations and
 * symbols (%, €, §) are likewise dropped, not expanded.
 */

const DIGIT_OR_SYMBOL = /[0-9%€$§&@#+=<>_/\\]/u;
// dashes and hyphens separate words in speech; everything else that is no letter goes
const SEPARATORS = /[\s\-‐‑‒–—―]+/gu;
const NOT_WORD = /[^\p{L}']+/gu;

/** Lower-case, punctuation-free words, or null when the sentence has digits or symbols. */
export function toLmSentence(text: string): string | null {
  const t = text.normalize('NFC');
  if (DIGIT_OR_SYMBOL.test(t)) return null;
  const words: string[] = [];
  for (const raw of t.split(SEPARATORS)) {
    const w = raw
      .toLocaleLowerCase('lv')
      .replace(NOT_WORD, '')
      .replace(/^'+|'+$/g, '');
    if (w.length > 0) words.push(w);
  }
  return words.length > 0 ? words.join(' ') : null;
}

/** Every sentence's LM form, dropping what `toLmSentence` rejects. */
export function* toLmSentences(texts: Iterable<string>): Generator<string> {
  for (const t of texts) {
    const s = toLmSentence(t);
    if (s !== null) yield s;
  }
}
