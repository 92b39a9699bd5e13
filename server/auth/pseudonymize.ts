/**
 * Researchers see transcripts with personal data replaced by stable
 * pseudonyms: the same value gives the same pseudonym everywhere (so errors
 * can still be counted and compared), and only the holder of the server's key
 * could tell which value it was (HMAC-SHA256 of the value).
 *
 * Masked in written text: personal codes, IBANs, phone numbers, e-mail
 * addresses, and capitalised words not opening a sentence (names; the
 * correction step capitalises them). In the spoken form, the same names in
 * lower case and every run of three or more number words (codes and phones
 * read aloud) are masked.
 */
import { createHmac } from 'node:crypto';

export interface Pseudonymizer {
  /** written (corrected) text */
  written(text: string): string;
  /** spoken (raw recogniser) text, given the written text of the same utterance for its names */
  spoken(text: string, written: string | null): string;
  /** one value of a kind (e.g. a personal code) */
  value(kind: string, value: string): string;
}

const PERSONAL_CODE = /\b\d{6}-?\d{5}\b/g;
const IBAN = /\bLV\d{2}\s?[A-Z]{4}(?:\s?[0-9A-Z]){13}\b/gi;
const PHONE = /(?:\+371[\s-]?)?\b[2-9]\d(?:[\s-]?\d){6}\b/g;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
const WORD = /\p{L}[\p{L}\p{M}'-]*/gu;
const NUMBER_WORDS = new Set(
  ('nulle viens viena divi divas trīs četri četras pieci piecas seši sešas septiņi septiņas astoņi astoņas deviņi deviņas desmit ' +
    'vienpadsmit divpadsmit trīspadsmit četrpadsmit piecpadsmit sešpadsmit septiņpadsmit astoņpadsmit deviņpadsmit ' +
    'divdesmit trīsdesmit četrdesmit piecdesmit sešdesmit septiņdesmit astoņdesmit deviņdesmit simts simti simtu tūkstoš tūkstotis tūkstoši ' +
    'plus domuzīme svītra').split(' '),
);

export function createPseudonymizer(secret: string): Pseudonymizer {
  // Letters only (a-p for each hex digit): a pseudonym never looks like a phone number or a code to a later pass.
  const tag = (kind: string, value: string): string =>
    `${kind}-${createHmac('sha256', secret)
      .update(`${kind}\u0000${value.normalize('NFC').toLowerCase().replace(/[\s-]/g, '')}`)
      .digest('hex')
      .slice(0, 8)
      .replace(/[0-9a-f]/g, (h) => String.fromCharCode(97 + parseInt(h, 16)))}`;
  const isTag = (w: string) => /^(VARDS|PK|TEL|IBAN|EPASTS|SKAITLI)-[a-p]{8}$/.test(w);
  const patterns = (text: string): string =>
    text
      .replace(EMAIL, (v) => tag('EPASTS', v))
      .replace(IBAN, (v) => tag('IBAN', v))
      .replace(PERSONAL_CODE, (v) => tag('PK', v))
      .replace(PHONE, (v) => tag('TEL', v));

  const names = (text: string): Set<string> => {
    const out = new Set<string>();
    // A capitalised word is a name unless it opens the text or a sentence.
    for (const m of text.matchAll(WORD)) {
      const w = m[0];
      if (w[0] === w[0]!.toLocaleLowerCase('lv') || isTag(w)) continue;
      const before = text.slice(0, m.index).trimEnd();
      if (before === '' || /[.!?:]$/.test(before)) continue;
      out.add(w.toLocaleLowerCase('lv'));
    }
    return out;
  };

  const written = (text: string): string => {
    const nameSet = names(text);
    return patterns(text).replace(WORD, (w) => (nameSet.has(w.toLocaleLowerCase('lv')) && !isTag(w) ? tag('VARDS', w) : w));
  };

  const spoken = (text: string, writtenText: string | null): string => {
    const nameSet = writtenText ? names(writtenText) : new Set<string>();
    const words = text.split(/\s+/).filter(Boolean);
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      let j = i;
      while (j < words.length && NUMBER_WORDS.has(words[j]!.toLocaleLowerCase('lv'))) j++;
      if (j - i >= 3) {
        out.push(tag('SKAITLI', words.slice(i, j).join(' ')));
        i = j;
        continue;
      }
      const w = words[i]!;
      out.push(nameSet.has(w.toLocaleLowerCase('lv')) ? tag('VARDS', w) : w);
      i++;
    }
    return patterns(out.join(' '));
  };

  return { written, spoken, value: tag };
}
