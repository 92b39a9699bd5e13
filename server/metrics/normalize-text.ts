/**
 * Scoring normalisation, applied identically to reference and hypothesis so
 * that WER counts recognition errors, not differences in casing, punctuation
 * or Unicode encoding.
 *
 * - Unicode NFC, so "ā" typed as a + combining macron equals the precomposed "ā".
 * - Lower case; Latvian diacritics are kept ("Ķēniņš" -> "ķēniņš"): they are
 *   part of the spelling, and "kaza" and "kāzas" are different words.
 * - Every character that is not a letter, combining mark or digit becomes a
 *   space, so "e-pasts" scores as two words on both sides and "3,5" as "3 5".
 * - Apostrophes (any of ' ’ ʼ ‘) survive only inside words, as ASCII "'".
 * - Whitespace collapsed, ends trimmed.
 */
const APOSTROPHES = /[\u2019\u02bc\u2018]/gu;
const NOT_WORD_CHAR = /[^\p{L}\p{M}\p{N}']+/gu;
const EDGE_APOSTROPHE = /(?<![\p{L}\p{M}\p{N}])'+|'+(?![\p{L}\p{M}\p{N}])/gu;

export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    // Lower-casing can leave decomposed sequences (e.g. "İ"); recompose.
    .normalize('NFC')
    .replace(APOSTROPHES, "'")
    .replace(NOT_WORD_CHAR, ' ')
    .replace(EDGE_APOSTROPHE, ' ')
    .replace(/ +/g, ' ')
    .trim();
}

/** The words of a normalised text; an empty text has none. */
export function toWords(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}
