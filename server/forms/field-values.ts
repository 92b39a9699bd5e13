/**
 * Spoken words of one field → its canonical value and issues, by field type.
 * Hesitations are dropped, and for structured fields so are the glue words a
 * clerk puts around a value ("vārds ir Jānis", "… Bērziņš un personas kods").
 */
import type { CorrectionContext } from '../correction/pipeline.ts';
import type { Lexicon } from '../correction/domain-lexicon.ts';
import type { AutoTexts } from './auto-texts.ts';
import { fold } from '../latvian/folding.ts';
import { FILLERS } from '../latvian/function-words.ts';
import { lower } from '../latvian/letters.ts';
import type { CompiledTemplate } from './template-loader.ts';
import type { FormField } from './template-schema.ts';
import { addressValue, type PlaceLookup, type StreetLookup } from './value-address.ts';
import { ibanValue, personalCodeValue, phoneValue, referenceValue } from './value-codes.ts';
import { dateValue } from './value-date.ts';
import { integerValue, moneyValue } from './value-numbers.ts';
import { enumValue, nameValue, organisationValue, textValue } from './value-text.ts';
import type { SpokenValue, ValueResult } from './value-types.ts';

export interface ValueContext {
  /** what "šodien" means and the year of a date said without one */
  readonly today: Date;
  /** the post-correction pipeline's context for free text; without it only punctuation commands apply */
  readonly correction?: CorrectionContext;
  /** admin-defined phrases written as paragraphs in free-text fields */
  readonly autotexts?: AutoTexts;
}

/** Said before a value ("vārds ir Jānis", "vizītes veids bija mājas vizīte"). */
const LEADING_GLUE = new Set(['ir', 'bija', 'būs', 'tas', 'tā']);
/** Said after one, leading to the next field ("… Ozols un viņa personas kods …"). */
const TRAILING_GLUE = new Set(['un', 'bet', 'tad', 'nu', 'arī', 'viņa', 'viņas', 'viņam', 'viņai', 'viņš', 'tā', 'tās', 'tam', 'kā']);

const PLACE_CATEGORIES = new Set(['town', 'municipality']);
const PLACE_CASE = /(ā|ē|ī|os|īs|ūs)$/u;
const placeLookups = new WeakMap<Lexicon, PlaceLookup>();

/** Towns and municipalities of the correction lexicon, said in the nominative or locative. */
function placesOf(lexicon: Lexicon): PlaceLookup {
  let lookup = placeLookups.get(lexicon);
  if (!lookup) {
    lookup = (word) => {
      const w = lower(word);
      for (const h of lexicon.analyzeSpoken(w)) {
        if (!PLACE_CATEGORIES.has(h.entry.category) || h.entry.spokenTokens.length !== 1) continue;
        // nominative or locative only: "rīgas" (genitive) begins "Rīgas gatve", it is not the place
        if (lower(h.entry.term) === w || PLACE_CASE.test(w)) return h.entry.term;
      }
      return null;
    };
    placeLookups.set(lexicon, lookup);
  }
  return lookup;
}

/** The place lookup of a value context (towns and municipalities of its lexicon), if it has one. */
export function placesFor(ctx: ValueContext): PlaceLookup | undefined {
  return ctx.correction ? placesOf(ctx.correction.lexicon) : undefined;
}

const streetLookups = new WeakMap<Lexicon, StreetLookup>();

/** Whether spoken words (street-name words and the type word) are a street of the lexicon's streets corpus. */
export function streetsFor(ctx: ValueContext): StreetLookup | undefined {
  const lexicon = ctx.correction?.lexicon;
  if (!lexicon) return undefined;
  let lookup = streetLookups.get(lexicon);
  if (!lookup) {
    lookup = (words) => {
      const hits = words.map((w) => lexicon.analyzeSpoken(lower(w)).filter((h) => h.entry.category === 'street' && h.entry.spokenTokens.length === words.length));
      return hits[0]!.some((first) => hits.every((list, k) => list.some((h) => h.entry === first.entry && h.position === k)));
    };
    streetLookups.set(lexicon, lookup);
  }
  return lookup;
}

const givenNameTests = new WeakMap<Lexicon, (word: string) => boolean>();

/** Whether a word (any case) is a given name of the lexicon's names corpus; undefined without one. */
export function givenNameTest(ctx: ValueContext): ((word: string) => boolean) | undefined {
  const lexicon = ctx.correction?.lexicon;
  if (!lexicon) return undefined;
  let test = givenNameTests.get(lexicon);
  if (!test) {
    test = (word) => lexicon.analyzeSpoken(lower(word)).some((h) => h.entry.category === 'given-name' && h.entry.spokenTokens.length === 1);
    givenNameTests.set(lexicon, test);
  }
  return test;
}

export function toSpokenValue(words: readonly string[]): SpokenValue {
  return { words, keys: words.map(fold) };
}

/** Letters said one by one ("e", "ā") look like hesitations; in codes they are letters. */
const SPELLED: ReadonlySet<FormField['type']> = new Set(['iban', 'reference']);

function clean(field: FormField, words: readonly string[]): string[] {
  const spelled = SPELLED.has(field.type);
  let out = words.filter((w) => !FILLERS.has(w) || (spelled && w.length === 1));
  if (field.type === 'text') return out;
  // punctuation a normaliser may have attached ("Bērziņš,") is not part of a structured value
  out = out.map((w) => w.replace(/[,;:.!?]+$/u, '')).filter((w) => w !== '');
  while (out.length > 1 && LEADING_GLUE.has(out[0]!)) out = out.slice(1);
  // in a spelled code "kā" is K and "a" is A: only codes keep their last words
  while (!spelled && out.length > 0 && TRAILING_GLUE.has(out[out.length - 1]!)) out = out.slice(0, -1);
  return out;
}

/** `null` when nothing but hesitations was said: the field stays as it was. */
export function readFieldValue(
  compiled: CompiledTemplate,
  field: FormField,
  words: readonly string[],
  ctx: ValueContext,
): ValueResult | null {
  const cleaned = clean(field, words);
  if (cleaned.length === 0) return null;
  const v = toSpokenValue(cleaned);
  const validation = field.validation;
  switch (field.type) {
    case 'name':
      return nameValue(v);
    case 'personal_code':
      return personalCodeValue(v);
    case 'address':
      return addressValue(v, placesFor(ctx));
    case 'phone':
      return phoneValue(v);
    case 'integer':
      return integerValue(v, validation);
    case 'money':
      return moneyValue(v, validation);
    case 'organisation':
      return organisationValue(v, compiled.known.get(field.id));
    case 'reference':
      return referenceValue(v);
    case 'iban':
      return ibanValue(v);
    case 'date':
      return dateValue(v, { today: ctx.today, future: validation?.future ?? false });
    case 'enum':
      return enumValue(v, compiled.options.get(field.id), (validation?.options ?? []).map((o) => o.value));
    case 'text':
      return textValue(v, validation?.maxLength, ctx.correction, ctx.autotexts);
  }
}
