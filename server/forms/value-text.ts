/**
 * Word-valued fields: names ("Bērziņa-Kalniņa"), organisations snapped to a
 * known spelling, enum options, and free text with spoken punctuation
 * ("punkts", "komats", "jauna rindkopa") applied and sentences capitalised.
 */
import { expandAutoTexts, type AutoTexts } from './auto-texts.ts';
import { issue } from './field-issues.ts';
import { numberWordAt } from '../latvian/folded-number-parser.ts';
import { fold } from '../latvian/folding.ts';
import { capitalize } from '../latvian/letters.ts';
import type { PhraseIndex } from './phrase-matcher.ts';
import { correctTranscript, type CorrectionContext } from '../correction/pipeline.ts';
import { applyPunctuation } from '../correction/punctuation.ts';
import { asHeard, ok, withIssue, type SpokenValue, type ValueResult } from './value-types.ts';

const HYPHEN_WORDS = new Set(['domuzīme', 'defise', 'svītra'].map(fold));

/**
 * A name never takes digits or number words: they are left out of the value
 * and named in an issue (a number heard there was meant for another field).
 */
export function nameValue(v: SpokenValue): ValueResult {
  let out = '';
  let joinNext = false;
  const numbers: string[] = [];
  v.words.forEach((w, i) => {
    const key = v.keys[i]!;
    if (/\d/u.test(key) || numberWordAt(v.keys, i)?.used === 1) {
      numbers.push(w);
      return;
    }
    if (HYPHEN_WORDS.has(key) || w === '-') {
      if (out !== '') joinNext = true;
      return;
    }
    const part = w.split('-').map(capitalize).join('-');
    out += out === '' ? part : joinNext ? `-${part}` : ` ${part}`;
    joinNext = false;
  });
  const stray = numbers.length > 0 ? issue.nameHasNumber(numbers.join(' ')) : null;
  if (out === '') return withIssue(asHeard(v), stray ?? issue.nameInvalid());
  return /^\p{L}+(?:['’ -]\p{L}+)*$/u.test(out) ? withIssue(out, stray) : withIssue(out, issue.nameInvalid(), stray);
}

/** Legal forms written in capitals ("SIA Ozols"). */
const LEGAL_FORMS = new Set(['sia', 'as', 'ps', 'ik', 'vsia']);

export function organisationValue(v: SpokenValue, known: PhraseIndex<string> | undefined): ValueResult {
  const m = known?.matchAt(v.keys, 0, { fuzzy: true });
  if (m && m.end === v.keys.length) return ok(m.owner);
  const words = v.words.map((w, i) => (LEGAL_FORMS.has(v.keys[i]!) ? w.toUpperCase() : w));
  const firstName = words.findIndex((_, i) => !LEGAL_FORMS.has(v.keys[i]!));
  if (firstName >= 0) words[firstName] = capitalize(words[firstName]!);
  return ok(words.join(' '));
}

export function enumValue(v: SpokenValue, options: PhraseIndex<string> | undefined, values: readonly string[]): ValueResult {
  const m = options?.matchAt(v.keys, 0, { fuzzy: true });
  if (m && m.end === v.keys.length) return ok(m.owner);
  return withIssue(asHeard(v), issue.enumUnknown(values));
}

/**
 * Free text through the correction pipeline (server/correction): with a
 * correction context, the whole of it (near-miss terms, numbers and dates in
 * writing, punctuation commands, name capitals); without one, punctuation
 * commands and sentence capitals only.
 */
export function prose(v: SpokenValue, correction: CorrectionContext | undefined): string {
  const spoken = v.words.join(' ');
  return correction ? correctTranscript(spoken, correction).corrected : applyPunctuation(spoken).text;
}

/** Free text; auto-text phrases in it become their paragraphs (see auto-texts.ts). */
export function textValue(v: SpokenValue, maxLength: number | undefined, correction?: CorrectionContext, autotexts?: AutoTexts): ValueResult {
  const text = autotexts
    ? expandAutoTexts(v.words, v.keys, autotexts, (words) => prose({ words, keys: [] }, correction))
    : prose(v, correction);
  return maxLength !== undefined && text.length > maxLength ? withIssue(text, issue.tooLong(maxLength)) : ok(text);
}
