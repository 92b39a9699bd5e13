/**
 * Folding: the key under which two spoken words count as the same word when
 * matching labels, commands, options and number words.
 */
import { lower, stripDiacritics } from './letters.ts';

/**
 * The key two words are compared by: lower case, no diacritics, no surrounding
 * punctuation. The recogniser's commonest slip is a lost macron ("piezimes").
 */
export function fold(word: string): string {
  return stripDiacritics(lower(word)).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
