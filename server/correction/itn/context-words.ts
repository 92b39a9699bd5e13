/**
 * Words that decide whether a spoken number is written in digits. Lemmas are
 * expanded to their case forms with the same suffix rules the lexicon uses.
 */
import { inflectedForms } from '../../latvian/term-inflection.ts';

const forms = (lemmas: readonly string[]): Set<string> => new Set(lemmas.flatMap((l) => inflectedForms(l)));

const MONTH_LEMMAS = ['janvāris', 'februāris', 'marts', 'aprīlis', 'maijs', 'jūnijs', 'jūlijs', 'augusts', 'septembris', 'oktobris', 'novembris', 'decembris'];
const MONTHS = new Map<string, number>();
MONTH_LEMMAS.forEach((m, i) => {
  for (const f of inflectedForms(m)) if (!MONTHS.has(f)) MONTHS.set(f, i + 1);
});

/** Month number of a month word in any case ("septembrī" -> 9). */
export function monthOf(token: string): number | undefined {
  return MONTHS.get(token);
}

/** Forms of "gads" (year): an ordinal before them is a year. */
export const YEAR_WORDS = forms(['gads']);

/**
 * Units and counted nouns after which even a small number is written in
 * digits ("trīs gadi" -> "3 gadi", but "trīs bērni" stays words).
 */
export const UNIT_WORDS = new Set([
  ...forms(['gads', 'mēnesis', 'nedēļa', 'diena', 'stunda', 'minūte', 'sekunde', 'procents', 'istaba', 'kvadrātmetrs', 'metrs', 'kilometrs', 'kilograms', 'grams', 'litrs', 'cents', 'kubikmetrs', 'kilovatstunda']),
  'minūšu', 'eiro', 'euro', 'gadus', 'eur',
]);

/** Money words. */
export const EURO_WORDS = new Set(['eiro', 'euro']);
export const CENT_WORDS = forms(['cents']);
export const PERCENT_WORDS = forms(['procents']);

/** Nouns after an ordinal that make it a numbered item ("trešajā stāvā" -> "3. stāvā"). */
export const ORDINAL_NOUNS = new Set([
  ...forms(['gads', 'gadsimts', 'klase', 'kurss', 'stāvs', 'grupa', 'pants', 'daļa', 'nodaļa', 'pielikums', 'līmenis', 'korpuss', 'sējums', 'semestris']),
  ...MONTHS.keys(),
]);

const STREET_TYPES = ['iela', 'šķērsiela', 'bulvāris', 'prospekts', 'gatve', 'laukums', 'šoseja', 'aleja', 'līnija', 'krastmala', 'dambis', 'ceļš', 'skvērs'];
export const STREET_TYPE_WORDS = forms(STREET_TYPES);
export const FLAT_WORDS = forms(['dzīvoklis']);

/** Words after which a number is an identifier or address part: always digits. */
export const NUMERIC_CONTEXT = new Set([
  ...STREET_TYPE_WORDS,
  ...FLAT_WORDS,
  ...forms(['numurs', 'māja', 'kabinets', 'telpa', 'korpuss', 'kods', 'tālrunis', 'telefons', 'indekss', 'konts']),
  'nr',
]);

/** Words after which two or more digit groups are one code ("rēķina numurs divpadsmit trīsdesmit četri" -> 1234). */
export const CODE_CONTEXT = forms(['numurs', 'kods', 'tālrunis', 'telefons', 'konts', 'indekss', 'mobilais']);
export const PHONE_CONTEXT = forms(['tālrunis', 'telefons', 'mobilais']);
export const PERSONAL_CODE_CONTEXT = forms(['kods']);

export const TIME_PREFIX = new Set(['pulksten', 'plkst']);
