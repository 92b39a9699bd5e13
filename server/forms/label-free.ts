/**
 * Label-free filling (issue 15): a value whose shape says which field it is
 * for goes there without its label, in whatever order the paper has it.
 *
 *  - personal code: 11 digits, "domuzīme" after the sixth or a valid check digit;
 *  - IBAN: country letters, digits and letters passing mod 97;
 *  - phone: 8 digits starting with 2 or 6 ("+371" optional);
 *  - date: a day with a month name (year optional), a written date, "šodien",
 *    a day and month number with the year said as a year ("… divi tūkstoši divdesmit pieci");
 *  - an option of an enum field, a name on an organisation field's known list;
 *  - address: a street type word after the street name and a house number;
 *  - a count with its noun ("trīs cilvēki") when the form has one integer field.
 *
 * Money and bare numbers have no shape: they still need their label. A value
 * complete by its shape (all of the above but the address) moves the focus
 * to the next empty field, so the words after it start a new value.
 */
import { numberWordAt } from '../latvian/folded-number-parser.ts';
import { FILLERS } from '../latvian/function-words.ts';
import { placesFor, readFieldValue, streetsFor, type ValueContext } from './field-values.ts';
import type { CompiledTemplate } from './template-loader.ts';
import type { FieldType, FieldValues, FormField } from './template-schema.ts';
import { addressEndsAt, addressStartAt, type PlaceLookup, type StreetLookup } from './value-address.ts';
import { DASH_WORDS, ibanAt, personalCodeAt, phoneAt } from './value-codes.ts';
import { dateSpanAt, numericDateSpanAt } from './value-date.ts';
import { countAt } from './value-numbers.ts';

export interface ShapeHit {
  readonly field: string;
  /** tokens [start, end) hold the value */
  readonly end: number;
  /** the value is whole by its shape: the focus moves on after it */
  readonly complete: boolean;
}

/** A place in one utterance's tokens: the template, the words and their keys, the token index, the focus and what is filled. */
export interface TokenPlace {
  readonly compiled: CompiledTemplate;
  readonly words: readonly string[];
  readonly keys: readonly string[];
  readonly i: number;
  readonly focus: FormField;
  readonly values: FieldValues;
}

export interface ShapeInput extends TokenPlace {
  readonly places?: PlaceLookup;
  readonly streets?: StreetLookup;
  /** look only for a value of this type (the labelled field's own) */
  readonly only?: FieldType;
}

/** The field a value of `type` goes to: the focus if it is of that type and empty, else the first empty one. */
export function fieldFor(compiled: CompiledTemplate, type: FieldType, focus: FormField, values: FieldValues): string | null {
  const candidates = compiled.fields.filter((f) => f.type === type);
  if (candidates.length === 0) return null;
  if (focus.type === type && values[focus.id] === undefined) return focus.id;
  const empty = candidates.find((f) => values[f.id] === undefined);
  return (empty ?? (focus.type === type ? focus : candidates[0]!)).id;
}

/** The first empty field after `after` in template order (else the first empty one; else `after`). */
export function nextEmpty(compiled: CompiledTemplate, values: FieldValues, after: string): string {
  const at = compiled.fields.findIndex((f) => f.id === after);
  const later = compiled.fields.slice(at + 1).find((f) => values[f.id] === undefined);
  return (later ?? compiled.fields.find((f) => values[f.id] === undefined) ?? compiled.byId.get(after)!).id;
}

const countOf = (compiled: CompiledTemplate, type: FieldType): number => compiled.fields.filter((f) => f.type === type).length;

/** A value of a known shape starting at token `i`, and the field it belongs to. */
export function shapeAt(input: ShapeInput): ShapeHit | null {
  const { compiled, words, keys, i, focus, values, only } = input;
  const want = (type: FieldType): boolean => (only === undefined || only === type) && countOf(compiled, type) > 0;
  const typed = (type: FieldType, span: { end: number } | null, complete = true): ShapeHit | null => {
    const field = span ? fieldFor(compiled, type, focus, values) : null;
    return field && span ? { field, end: span.end, complete } : null;
  };
  const hit =
    (want('iban') ? typed('iban', ibanAt(words, keys, i)) : null) ??
    // a day, a month number and a year said as a year: before the codes, whose digits it also is
    (want('date') ? typed('date', numericDateSpanAt(keys, i)) : null) ??
    (want('personal_code') ? typed('personal_code', personalCodeAt(keys, i)) : null) ??
    (want('phone') ? typed('phone', phoneAt(keys, i)) : null) ??
    (want('date') ? typed('date', dateSpanAt(keys, i)) : null);
  if (hit) return hit;
  for (const f of compiled.fields) {
    if (only !== undefined && f.type !== only) continue;
    const phrases = f.type === 'enum' ? compiled.options.get(f.id) : f.type === 'organisation' ? compiled.known.get(f.id) : undefined;
    const m = phrases?.matchAt(keys, i, { fuzzy: true });
    if (m) return { field: f.id, end: m.end, complete: true };
  }
  if (want('integer') && countOf(compiled, 'integer') === 1) {
    const count = typed('integer', countAt(keys, i));
    if (count) return count;
  }
  if (want('address')) {
    // after a name, one street-name word: "Jānis Bērziņš Brīvības iela …" is not the street "Jānis Bērziņš Brīvības"
    const span = addressStartAt(words, keys, i, focus.type === 'name' ? 1 : 3, input.places, input.streets);
    return typed('address', span, false);
  }
  return null;
}

/** Fields whose values are words: a number or a code said there is meant for another field. */
const WORD_VALUED: ReadonlySet<FieldType> = new Set(['name', 'enum', 'organisation']);
/** A structured value longer than this is not re-read to see whether another value may start. */
const MAX_VALUE_WORDS = 40;

/** Where the filler stands at a word: the focused field, what is filled, the words not yet given to it. */
export interface FillPoint extends TokenPlace {
  readonly issues: Readonly<Record<string, readonly unknown[]>>;
  readonly heard: Readonly<Record<string, readonly string[]>>;
  /** words of this utterance waiting for the focused field */
  readonly pending: readonly string[];
  readonly continuing: boolean;
  readonly auto: boolean;
  readonly context: ValueContext;
}

/**
 * A value said without its label at word `i`, when one may start there: in
 * word-valued fields always; in a free-text field only before its first word
 * when the filler moved there by itself; in a structured field at the start
 * of a value the filler moved to (after a label: only the field's own shape,
 * to move on after it), or once the words so far are a whole valid value and
 * the word is not a number right after a number.
 */
export function valueShapeAt(p: FillPoint): ShapeHit | null {
  const { compiled, keys, i, focus, pending } = p;
  const open = pending.length === 0 && !p.continuing;
  let only: FieldType | undefined;
  if (focus.type === 'text') {
    if (!(p.auto && open && p.values[focus.id] === undefined)) return null;
  } else if (!WORD_VALUED.has(focus.type)) {
    if (open) {
      if (!p.auto) only = focus.type;
    } else if (pending.length === 0 && (p.values[focus.id] === undefined || p.issues[focus.id] !== undefined)) {
      return null; // a later utterance continuing a value not yet whole ("… Brīvības iela divdesmit trīs" / "dzīvoklis pieci Madona")
    }
  }
  const hit = shapeAt({ compiled, words: p.words, keys, i, focus, values: p.values, places: placesFor(p.context), streets: streetsFor(p.context), only });
  if (!hit || pending.length === 0 || WORD_VALUED.has(focus.type)) return hit;
  if (pending.length > MAX_VALUE_WORDS) return null;
  const sofar = readFieldValue(compiled, focus, [...(p.continuing ? (p.heard[focus.id] ?? []) : []), ...pending], p.context);
  if (!sofar || sofar.issues.length > 0) return null;
  // a number right after a number continues the value ("… iela divdesmit trīs pieci" is flat 5), unless nothing can follow it
  if (numberWordAt(keys, i) !== null && numberWordAt(keys, i - 1) !== null && !closedByNumbers(focus.type, sofar.value)) return null;
  return hit;
}

/**
 * The address the filler is in ends before word `i`: its last word was the
 * place and this word is none (see addressEndsAt); the word starts the next
 * empty field. Only for an address whose value so far is whole and has a
 * house number.
 */
export function valueEndsAt(p: FillPoint): boolean {
  const { compiled, words, keys, i, focus, pending } = p;
  if (focus.type !== 'address') return false;
  const sofar = [...(p.continuing ? (p.heard[focus.id] ?? []) : []), ...pending];
  const previous = sofar.at(-1);
  if (previous === undefined || !addressEndsAt(words, keys, i, previous, placesFor(p.context))) return false;
  if (nextEmpty(compiled, p.values, focus.id) === focus.id) return false;
  const value = readFieldValue(compiled, focus, sofar, p.context);
  // a street address with its house number: a farmstead's name may still follow "… pagasts, … novads"
  return value !== null && value.issues.length === 0 && /\d/u.test(String(value.value));
}

/** An address whose house and flat number are both said takes no more numbers ("… dzīvoklis četri divdesmit septiņi …" is a phone). */
const HOUSE_AND_FLAT = /\d[A-Z]?(?: k-\d+)?-\d+(?:,|$)/u;
const closedByNumbers = (type: FieldType, value: unknown): boolean => type === 'address' && typeof value === 'string' && HOUSE_AND_FLAT.test(value);

/**
 * A full name said into a name field followed by an empty name field
 * ("jānis bērziņš", "anna marija ozoliņa", "ilze kalniņa domuzīme liepiņa"):
 * the last name (with its hyphenated parts) is the surname, the rest the
 * given names; "bērziņš jānis" (surname first) is turned round when the
 * names corpus knows the given name. After a label ("vārds anna marija")
 * it splits only when the last word is not a known given name.
 */
export function splitFullName(
  words: readonly string[],
  keys: readonly string[],
  isGiven: ((word: string) => boolean) | undefined,
  labelled: boolean,
): { given: string[]; surname: string[] } | null {
  const groups: string[][] = [];
  const numbers: string[] = [];
  let join = false;
  words.forEach((w, k) => {
    if (FILLERS.has(w)) return;
    if (/\d/u.test(keys[k]!) || numberWordAt(keys, k)?.used === 1) {
      numbers.push(w); // kept with the given name, whose field names them in an issue
      return;
    }
    if (DASH_WORDS.has(keys[k]!) || w === '-') {
      join = groups.length > 0;
      return;
    }
    if (join) groups.at(-1)!.push('domuzīme', w);
    else groups.push([w]);
    join = false;
  });
  if (groups.length < 2) return null;
  let given = groups.slice(0, -1);
  let surname = groups.at(-1)!;
  if (isGiven && groups.length === 2 && !isGiven(given[0]![0]!) && isGiven(surname[0]!)) [given, surname] = [[surname], given[0]!];
  if (labelled && (!isGiven || isGiven(surname[0]!))) return null;
  return { given: [...given.flat(), ...numbers], surname };
}
