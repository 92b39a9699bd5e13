/**
 * Addresses as the clerk says them, in the form the address register writes:
 * "brīvības iela divdesmit trīs dzīvoklis pieci madona" → "Brīvības iela 23-5, Madona";
 * "lazdonas pagasts madonas novads" → "Lazdonas pagasts, Madonas novads".
 */
import { issue, type IssueDraft } from './field-issues.ts';
import { fold } from '../latvian/folding.ts';
import { caseForms } from '../latvian/label-case-forms.ts';
import { capitalize } from '../latvian/letters.ts';
import { parseDigitStringAt, parseNumberAt } from '../latvian/folded-number-parser.ts';
import { asHeard, withIssue, type SpokenValue, type ValueResult } from './value-types.ts';

const formsOf = (words: readonly string[]): Map<string, string> =>
  new Map(words.flatMap((w) => caseForms(w).map((f) => [fold(f), w] as const)));

const STREET_TYPES = formsOf([
  'iela', 'šķērsiela', 'bulvāris', 'prospekts', 'gatve', 'laukums', 'šoseja', 'aleja', 'līnija', 'krastmala', 'dambis', 'ceļš', 'skvērs',
  'sēta', 'promenāde',
]);
/** Words of an administrative unit that stay lower case and close a place name ("Madonas novads"). */
const PLACE_TYPES = formsOf(['novads', 'pagasts', 'pilsēta', 'ciems', 'apkaime']);
const HOUSE_WORDS = new Set(['māja', 'mājas', 'nams', 'numurs', 'numur', 'nr', 'namā'].map(fold));
const FLAT_WORDS = new Set(['dzīvoklis', 'dzīvokļa', 'dzīvokli', 'dzīvoklī', 'dzīv', 'dz'].map(fold));
const CORPUS_WORDS = new Set(['korpuss', 'korpusa', 'korpusā', 'k'].map(fold));
const SEPARATORS = new Set(['domuzīme', 'svītra', 'un'].map(fold));
const POSTCODE_WORDS = new Set(['lv', 'elvē', 'pasta', 'indekss', 'indeksu'].map(fold));
const LETTERS: ReadonlyMap<string, string> = new Map(
  (
    [['a', 'A'], ['bē', 'B'], ['cē', 'C'], ['dē', 'D'], ['e', 'E'], ['ef', 'F'], ['gē', 'G'], ['hā', 'H']] as const
  ).map(([n, l]) => [fold(n), l]),
);

/**
 * "dzīvo Madonā": the place said in the locative, put back in the nominative
 * the register writes. Feminine -ā/-ē and plural -os/-īs are regular; the
 * masculine -ā of "Tukumā" is not told apart and comes back as "Tukuma".
 */
export function placeNominative(word: string): string {
  const rules: ReadonlyArray<readonly [RegExp, string]> = [[/ā$/u, 'a'], [/ē$/u, 'e'], [/os$/u, 'i'], [/īs$/u, 'is'], [/(..)ī$/u, '$1s']];
  for (const [re, to] of rules) if (re.test(word)) return word.replace(re, to);
  return word;
}

/** Definite adjectives that begin street names ("Lielā iela") and only look like a locative. */
const STREET_ADJECTIVES = new Set(
  ['lielā', 'mazā', 'jaunā', 'vecā', 'garā', 'īsā', 'augšējā', 'apakšējā', 'vidējā', 'baltā', 'zaļā', 'sarkanā', 'melnā', 'klusā', 'platā', 'šaurā'].map(fold),
);
const LOCATIVE = /(ā|ē|ī|os|īs)$/u;

function numberText(keys: readonly string[], j: number): { text: string; end: number } | null {
  if (keys[j] !== undefined && /^\d+[a-z]?$/u.test(keys[j]!)) return { text: keys[j]!.toUpperCase(), end: j + 1 };
  let n = parseNumberAt(keys, j);
  // "astoņpadsmit a" (18A) reads as the ordinal "astoņpadsmitā" once joined: the letter is the house's
  if (n?.ordinal && n.end - 1 > j && LETTERS.has(keys[n.end - 1]!)) n = parseNumberAt(keys.slice(0, n.end - 1), j);
  if (!n || n.ordinal || !Number.isInteger(n.value) || n.value <= 0) return null;
  return { text: String(n.value), end: n.end };
}

/** "23", "23A", "23 k-2", "23-5", "23A k-2-5" and the index after it. */
function houseNumber(keys: readonly string[], start: number): { text: string; end: number } | null {
  let j = start;
  while (keys[j] !== undefined && HOUSE_WORDS.has(keys[j]!)) j++;
  const house = numberText(keys, j);
  if (!house) return null;
  let text = house.text;
  j = house.end;
  const letter = LETTERS.get(keys[j] ?? '');
  if (letter && !/[A-Z]$/u.test(text)) {
    text += letter;
    j++;
  }
  if (keys[j] !== undefined && CORPUS_WORDS.has(keys[j]!)) {
    const k = numberText(keys, j + 1);
    if (k) {
      text += ` k-${k.text}`;
      j = k.end;
    }
  }
  let flatAt = j;
  if (keys[flatAt] !== undefined && (FLAT_WORDS.has(keys[flatAt]!) || SEPARATORS.has(keys[flatAt]!))) flatAt++;
  // "divdesmit trīs pieci" is how 23-5 is said; a bare number right after the house number is the flat
  const flat = numberText(keys, flatAt);
  if (flat) {
    text += `-${flat.text}`;
    j = flat.end;
  }
  return { text, end: j };
}

/**
 * Towns and municipalities by spoken word form: the nominative display for a
 * word said in the nominative or locative ("madonā" → "Madona", "tukumā" →
 * "Tukums"), null otherwise. Built from the correction lexicon when there is one.
 */
export type PlaceLookup = (word: string) => string | null;

/** Place words after the house: capitalised, split into "X pagasts, Y novads", with an "LV-1234" postcode. */
function placeText(words: readonly string[], keys: readonly string[], start: number, places: PlaceLookup | undefined): string {
  const parts: string[] = [];
  let current: string[] = [];
  let postcode = '';
  const close = (): void => {
    if (current.length > 0) parts.push(current.join(' '));
    current = [];
  };
  for (let j = start; j < keys.length; j++) {
    const key = keys[j]!;
    if (key === '' || key === 'un') continue;
    if (POSTCODE_WORDS.has(key) || (key === 'el' && keys[j + 1] === 've')) {
      let k = key === 'el' ? j + 2 : j + 1;
      while (keys[k] !== undefined && POSTCODE_WORDS.has(keys[k]!)) k++;
      const digits = parseDigitStringAt(keys, k);
      if (digits && digits.digits.length === 4) {
        postcode = `LV-${digits.digits}`;
        j = digits.end - 1;
        continue;
      }
    }
    const written = /^lv-?(\d{4})$/u.exec(key);
    if (written) {
      postcode = `LV-${written[1]}`;
      continue;
    }
    const placeType = PLACE_TYPES.get(key);
    if (placeType && current.length > 0) {
      current.push(placeType);
      close();
    } else if (keys[j + 1] !== undefined && PLACE_TYPES.has(keys[j + 1]!)) current.push(capitalize(words[j]!));
    else current.push(places?.(words[j]!) ?? capitalize(placeNominative(words[j]!)));
  }
  close();
  if (postcode) parts.push(postcode);
  return parts.join(', ');
}

export function addressValue(v: SpokenValue, places?: PlaceLookup): ValueResult {
  const { words, keys } = v;
  const typeAt = keys.findIndex((k) => STREET_TYPES.has(k));
  const issues: IssueDraft[] = [];
  let street = '';
  let j = 0;
  // "Jelgavā, Lielā ielā 10": a place in the locative said before the street
  let placeFirst = '';
  const known = typeAt > 1 ? places?.(words[0]!) : null;
  if (known) {
    placeFirst = known;
    j = 1;
  } else if (typeAt > 1 && !places && LOCATIVE.test(words[0]!) && !STREET_ADJECTIVES.has(keys[0]!)) {
    placeFirst = capitalize(placeNominative(words[0]!));
    j = 1;
  }
  if (typeAt > j) {
    street = [...words.slice(j, typeAt).map(capitalize), STREET_TYPES.get(keys[typeAt]!)!].join(' ');
    j = typeAt + 1;
  } else {
    // no street type: a village or farmstead address, or a street said without "iela"
    const numberAt = keys.findIndex((_, i) => numberText(keys, i) !== null);
    if (numberAt > 0) {
      street = words.slice(0, numberAt).map(capitalize).join(' ');
      j = numberAt;
    }
  }
  const house = street ? houseNumber(keys, j) : null;
  if (street && !house) issues.push(issue.addressNoNumber());
  if (house) j = house.end;
  const place = [placeFirst, placeText(words, keys, j, places)].filter(Boolean).join(', ');
  if (!place) issues.push(issue.addressNoPlace());
  const main = [street, house?.text].filter(Boolean).join(' ');
  const value = [main, place].filter(Boolean).join(', ');
  return withIssue(value || asHeard(v), ...issues);
}

/** After the place: the country, which the register leaves out but a clerk may say. */
const COUNTRY = new Set(['latvija', 'latvijā'].map(fold));

/**
 * Whether word `j` goes on with the place part of an address: a known town
 * or municipality, "pagasts"/"novads"/… or the name before one, a postcode,
 * the country. Needs the place lookup; without one every word may.
 */
export function continuesPlace(words: readonly string[], keys: readonly string[], j: number, places: PlaceLookup | undefined): boolean {
  const key = keys[j] ?? '';
  if (!places) return true;
  return (
    places(words[j]!) !== null ||
    PLACE_TYPES.has(key) ||
    PLACE_TYPES.has(keys[j + 1] ?? '') ||
    POSTCODE_WORDS.has(key) ||
    (key === 'el' && keys[j + 1] === 've') ||
    /^lv-?\d{4}$/u.test(key) ||
    COUNTRY.has(key) ||
    key === 'un'
  );
}

/**
 * An address (labelled or not) ends at the first word after its place
 * that is no place ("… Kuldīga, ģimenē divi cilvēki"): true at word `i` when
 * the word before it (`previous`, the last one given to the address) is a
 * known place or closes one ("… pagasts") and word `i` does not go on with it.
 */
export function addressEndsAt(words: readonly string[], keys: readonly string[], i: number, previous: string, places: PlaceLookup | undefined): boolean {
  if (!places) return false;
  const prevKey = fold(previous);
  const placeBefore = places(previous) !== null || PLACE_TYPES.has(prevKey) || COUNTRY.has(prevKey);
  return placeBefore && !continuesPlace(words, keys, i, places);
}

/** Whether an address could start at token `j`: a street type within the next few words. */
export function startsAddress(keys: readonly string[], j: number): boolean {
  for (let k = j; k < Math.min(keys.length, j + 5); k++) if (STREET_TYPES.has(keys[k]!)) return true;
  return false;
}

/** Whether spoken street-name words followed by the type word ("augusta deglava iela") are a known street. */
export type StreetLookup = (words: readonly string[]) => boolean;

/** The most street-name words an address said without its label may have before the type word. */
const MAX_STREET_WORDS = 3;

/**
 * An address said without its label, from token `i` to the end of its house
 * and flat number: [a place in the locative] up to `nameWords` street-name
 * words (up to three when the streets corpus knows the street: "Augusta
 * Deglava iela" after a name), a street type word, a house number. The place
 * after the number is left to the address field (see addressEndsAt).
 */
export function addressStartAt(
  words: readonly string[],
  keys: readonly string[],
  i: number,
  nameWords: number,
  places?: PlaceLookup,
  streets?: StreetLookup,
): { start: number; end: number } | null {
  let j = i;
  if (LOCATIVE.test(words[i] ?? '') && !STREET_ADJECTIVES.has(keys[i] ?? '') && places?.(words[i]!)) j = i + 1;
  for (let t = j + 1; t <= j + Math.max(nameWords, MAX_STREET_WORDS) && t < keys.length; t++) {
    if (numberText(keys, t - 1) !== null) return null;
    if (!STREET_TYPES.has(keys[t]!)) continue;
    if (t > j + nameWords && !streets?.(words.slice(j, t + 1))) return null;
    const house = houseNumber(keys, t + 1);
    return house ? { start: i, end: house.end } : null;
  }
  return null;
}
