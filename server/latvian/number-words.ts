/**
 * Latvian number words in every gender and case, as the recogniser writes
 * them (lower case). Each form maps to what it contributes to a number.
 */

export type NumberWord =
  | { readonly kind: 'zero' }
  | { readonly kind: 'unit'; readonly value: number } // 1-9
  | { readonly kind: 'teen'; readonly value: number } // 10-19
  | { readonly kind: 'tens'; readonly value: number } // 20-90
  | { readonly kind: 'hundred' } // simts, simt: 100 on its own
  | { readonly kind: 'hundreds' } // simti: needs a multiplier 2-9
  | { readonly kind: 'xhundred'; readonly value: number } // divsimt … deviņsimt
  | { readonly kind: 'scale'; readonly value: number; readonly plural: boolean } // tūkstotis, miljoni
  | { readonly kind: 'fraction'; readonly value: number }; // pusotrs 1.5, divarpus 2.5

export interface OrdinalWord {
  /** 1-9, 10-19, 20-90, 100-900, 1000-9000, 1e6 */
  readonly value: number;
  /** how the ordinal combines: a unit ordinal may follow tens, a tens ordinal may not follow a unit */
  readonly rank: 'unit' | 'teen' | 'tens' | 'hundreds' | 'scale';
}

const UNIT_STEMS = ['', 'vien', 'div', 'trij', 'četr', 'piec', 'seš', 'septiņ', 'astoņ', 'deviņ'];
const TEENS = ['desmit', 'vienpadsmit', 'divpadsmit', 'trīspadsmit', 'četrpadsmit', 'piecpadsmit', 'sešpadsmit', 'septiņpadsmit', 'astoņpadsmit', 'deviņpadsmit'];
const TENS = ['', '', 'divdesmit', 'trīsdesmit', 'četrdesmit', 'piecdesmit', 'sešdesmit', 'septiņdesmit', 'astoņdesmit', 'deviņdesmit'];
const HUNDRED_PREFIX = ['', '', 'div', 'trīs', 'četr', 'piec', 'seš', 'septiņ', 'astoņ', 'deviņ'];
const ORDINAL_UNIT_STEMS = ['', 'pirm', 'otr', 'treš', 'ceturt', 'piekt', 'sest', 'septīt', 'astot', 'devīt'];
/** Definite-adjective endings: ordinals decline like "-ais/-ā" adjectives. */
export const ORDINAL_ENDINGS = ['ais', 'ā', 'ajam', 'o', 'ajā', 'ie', 'ajiem', 'os', 'ajos', 'ās', 'ajai', 'ajām', 'ajās'];

const NUMBER_WORDS = new Map<string, NumberWord>();
const ORDINAL_WORDS = new Map<string, OrdinalWord>();
/** Hour forms of "at N o'clock" (locative plural): "desmitos" = at 10. */
const HOUR_WORDS = new Map<string, number>();

function add(forms: readonly string[], word: NumberWord): void {
  for (const f of forms) if (!NUMBER_WORDS.has(f)) NUMBER_WORDS.set(f, word);
}

add(['nulle', 'nulles', 'nullei', 'nulli', 'nullē'], { kind: 'zero' });
add(['viens', 'viena', 'vienam', 'vienu', 'vienā', 'vieni', 'vieniem', 'vienus', 'vienos', 'vienas', 'vienai', 'vienām', 'vienās'], { kind: 'unit', value: 1 });
add(['divi', 'divas', 'divu', 'diviem', 'divām', 'divus', 'divos', 'divās'], { kind: 'unit', value: 2 });
add(['trīs', 'triju', 'trijiem', 'trim', 'trijām', 'trijos', 'trijās'], { kind: 'unit', value: 3 });
for (let v = 4; v <= 9; v++) {
  const s = UNIT_STEMS[v]!;
  add(['i', 'as', 'u', 'iem', 'ām', 'us', 'os', 'ās'].map((e) => s + e), { kind: 'unit', value: v });
}
TEENS.forEach((w, i) => add([w], { kind: 'teen', value: 10 + i }));
TENS.forEach((w, i) => i >= 2 && add([w], { kind: 'tens', value: i * 10 }));
add(['simts', 'simta', 'simtam', 'simtu', 'simtā', 'simt'], { kind: 'hundred' });
add(['simti', 'simtiem', 'simtus', 'simtos'], { kind: 'hundreds' });
HUNDRED_PREFIX.forEach((p, i) => i >= 2 && add([p + 'simt'], { kind: 'xhundred', value: i * 100 }));
add(['tūkstotis', 'tūkstoša', 'tūkstotim', 'tūkstoti', 'tūkstotī', 'tūkstoš'], { kind: 'scale', value: 1000, plural: false });
add(['tūkstoši', 'tūkstošu', 'tūkstošiem', 'tūkstošus', 'tūkstošos'], { kind: 'scale', value: 1000, plural: true });
add(['miljons', 'miljona', 'miljonam', 'miljonā'], { kind: 'scale', value: 1e6, plural: false });
add(['miljoni', 'miljonu', 'miljoniem', 'miljonus', 'miljonos'], { kind: 'scale', value: 1e6, plural: true });
add(['pusotrs', 'pusotra', 'pusotram', 'pusotru', 'pusotrā', 'pusotras', 'pusotrai', 'pusotri', 'pusotriem', 'pusotrām'], { kind: 'fraction', value: 1.5 });
HUNDRED_PREFIX.forEach((p, i) => i >= 2 && add([(i === 3 ? 'trīs' : p) + 'arpus'], { kind: 'fraction', value: i + 0.5 }));
add(['desmitarpus'], { kind: 'fraction', value: 10.5 });

function addOrdinal(stem: string, word: OrdinalWord): void {
  for (const e of ORDINAL_ENDINGS) if (!ORDINAL_WORDS.has(stem + e)) ORDINAL_WORDS.set(stem + e, word);
}
ORDINAL_UNIT_STEMS.forEach((s, i) => i >= 1 && addOrdinal(s, { value: i, rank: 'unit' }));
TEENS.forEach((w, i) => addOrdinal(w, { value: 10 + i, rank: 'teen' }));
TENS.forEach((w, i) => i >= 2 && addOrdinal(w, { value: i * 10, rank: 'tens' }));
addOrdinal('simt', { value: 100, rank: 'hundreds' });
HUNDRED_PREFIX.forEach((p, i) => i >= 2 && addOrdinal(p + 'simt', { value: i * 100, rank: 'hundreds' }));
addOrdinal('tūkstoš', { value: 1000, rank: 'scale' });
HUNDRED_PREFIX.forEach((p, i) => i >= 2 && addOrdinal(p + 'tūkstoš', { value: i * 1000, rank: 'scale' }));
addOrdinal('miljon', { value: 1e6, rank: 'scale' });

['vienos', 'divos', 'trijos', 'četros', 'piecos', 'sešos', 'septiņos', 'astoņos', 'deviņos'].forEach((w, i) => HOUR_WORDS.set(w, i + 1));
TEENS.forEach((w, i) => HOUR_WORDS.set(w + 'os', 10 + i));
HOUR_WORDS.set('divdesmitos', 20);

export function numberWord(token: string): NumberWord | undefined {
  return NUMBER_WORDS.get(token);
}

export function ordinalWord(token: string): OrdinalWord | undefined {
  return ORDINAL_WORDS.get(token);
}

/** Hour of a locative-plural hour word ("desmitos" -> 10), else undefined. */
export function hourWord(token: string): number | undefined {
  return HOUR_WORDS.get(token);
}

/** "pusdesmitos" (half past nine) -> 9.5; only the locative hour forms after "pus". */
export function halfHourWord(token: string): number | undefined {
  if (!token.startsWith('pus')) return undefined;
  const h = HOUR_WORDS.get(token.slice(3));
  return h === undefined ? undefined : h - 0.5;
}

/** Whether a token is any number, ordinal or hour word (the fuzzy step leaves these alone). */
export function isNumberToken(token: string): boolean {
  return NUMBER_WORDS.has(token) || ORDINAL_WORDS.has(token) || HOUR_WORDS.has(token) || halfHourWord(token) !== undefined;
}
