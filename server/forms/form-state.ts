/**
 * A form being filled by voice, one final utterance at a time. `applyFinal`
 * is pure: it takes the state and the recogniser's final text and returns the
 * next state and an update for the web page (changed fields, current issues,
 * the focused field, whether "saglabāt" was said). The words heard for each
 * field are kept, so an utterance that continues a field ("… Brīvības iela
 * divdesmit trīs" then "dzīvoklis pieci Madona") re-reads the whole value.
 *
 * Rules, in the order they are tried at each word:
 *  1. a command: "nākamais lauks", "iepriekšējais lauks", "lauks <label>",
 *     "labot [<label>]", "dzēst [<label>]", "saglabāt";
 *  2. a field label (any case form) → focus that field; the words that follow
 *     replace its value (see label-gate.ts for labels heard inside prose);
 *  3. any other word belongs to the focused field. Words after a label or a
 *     navigation command replace the field's value; words in a later utterance
 *     without a label continue it.
 */
import type { CorrectionContext } from '../correction/pipeline.ts';
import type { AutoTexts } from './auto-texts.ts';
import { attach, coerceWritten } from './written-values.ts';
import type { FieldIssue } from './field-issues.ts';
import { numberWordAt } from '../latvian/folded-number-parser.ts';
import { givenNameTest, readFieldValue, type ValueContext } from './field-values.ts';
import { nextEmpty, splitFullName, valueEndsAt, valueShapeAt, type ShapeHit } from './label-free.ts';
import { labelStartsField } from './label-gate.ts';
import { fold } from '../latvian/folding.ts';
import { lower } from '../latvian/letters.ts';
import type { PhraseMatch } from './phrase-matcher.ts';
import type { CompiledTemplate } from './template-loader.ts';
import type { FieldValue, FieldValues } from './template-schema.ts';
import { SENTENCE_ENDS, TAKES_LABEL, type CommandKind } from './voice-commands.ts';

export interface FormState {
  readonly compiled: CompiledTemplate;
  readonly context: ValueContext;
  readonly values: FieldValues;
  /** issues per field id */
  readonly issues: Readonly<Record<string, readonly FieldIssue[]>>;
  /** words dictated into each field since it was last replaced; its value is read from them */
  readonly heard: Readonly<Record<string, readonly string[]>>;
  readonly focus: string;
  /** whether words without a label continue the focused field (else they replace it) */
  readonly continuing: boolean;
  /** the focus was not chosen by the clerk (form start, or moved on after a value complete by its shape) */
  readonly auto: boolean;
  /** the field whose complete value moved the focus on, until something else is said ("iepriekšējais lauks" counts from it) */
  readonly movedFrom: string | null;
  /** "saglabāt" was said (the caller saves; a later edit does not reset it) */
  readonly saved: boolean;
  /** finals applied so far */
  readonly seq: number;
}

/** Server → client after each final (see README.md, "WebSocket extension"). */
export interface FormUpdate {
  readonly type: 'form.update';
  readonly form: string;
  readonly seq: number;
  /** fields whose value changed; null = cleared */
  readonly fields: Readonly<Record<string, FieldValue | null>>;
  /** every current issue, in template order */
  readonly issues: readonly FieldIssue[];
  readonly focus: string;
  readonly saved: boolean;
  /** commands recognised in this final, in order */
  readonly commands: readonly CommandKind[];
}

export interface FormStateOptions {
  readonly today?: Date;
  /** the post-correction context for free-text fields (see field-values.ts) */
  readonly correction?: CorrectionContext;
  /** auto-texts for free-text fields (see auto-texts.ts) */
  readonly autotexts?: AutoTexts;
  /** values to start from (a reopened record); typed-value rules apply */
  readonly values?: FieldValues;
  readonly focus?: string;
}

export function createFormState(compiled: CompiledTemplate, options: FormStateOptions = {}): FormState {
  const values: Record<string, FieldValue> = {};
  const issues: Record<string, FieldIssue[]> = {};
  for (const [id, value] of Object.entries(options.values ?? {})) {
    const field = compiled.byId.get(id);
    if (!field) continue;
    const r = coerceWritten(field, value);
    values[id] = r.value;
    if (r.issues.length > 0) issues[id] = attach(id, r.issues);
  }
  const focus = options.focus !== undefined && compiled.byId.has(options.focus) ? options.focus : compiled.fields[0]!.id;
  return {
    compiled,
    context: { today: options.today ?? new Date(), correction: options.correction, autotexts: options.autotexts },
    values,
    issues,
    heard: {},
    focus,
    continuing: false,
    auto: options.focus === undefined,
    movedFrom: null,
    saved: false,
    seq: 0,
  };
}

/** All issues in template order. */
export function currentIssues(state: FormState): FieldIssue[] {
  return state.compiled.fields.flatMap((f) => state.issues[f.id] ?? []);
}

/** Words of a final as the recogniser wrote them (lower case, NFC). */
export function tokenizeFinal(text: string): string[] {
  return lower(text).split(/\s+/u).filter((w) => w !== '');
}

/** Mutable working copy used inside one applyFinal call. */
interface Draft {
  values: Record<string, FieldValue>;
  issues: Record<string, readonly FieldIssue[]>;
  heard: Record<string, readonly string[]>;
  focus: string;
  continuing: boolean;
  auto: boolean;
  movedFrom: string | null;
  saved: boolean;
}

function setWords(state: FormState, d: Draft, fieldId: string, words: readonly string[]): void {
  const field = state.compiled.byId.get(fieldId)!;
  const result = readFieldValue(state.compiled, field, words, state.context);
  if (!result) return;
  d.heard[fieldId] = words;
  d.values[fieldId] = result.value;
  if (result.issues.length > 0) d.issues[fieldId] = attach(fieldId, result.issues);
  else delete d.issues[fieldId];
}

function clearField(d: Draft, fieldId: string): void {
  delete d.values[fieldId];
  delete d.issues[fieldId];
  delete d.heard[fieldId];
}

/** A second name label right after a first ("vārds [un] uzvārds"): the two are said as one. */
function namePair(compiled: CompiledTemplate, first: string, keys: readonly string[], at: number): PhraseMatch<string> | null {
  if (compiled.byId.get(first)?.type !== 'name') return null;
  const j = keys[at] === 'un' ? at + 1 : at;
  const second = compiled.labels.matchAt(keys, j, { fuzzy: true });
  return second && second.owner !== first && compiled.byId.get(second.owner)?.type === 'name' ? second : null;
}

/**
 * "jānis bērziņš" said into the first of two name fields: given name(s) to
 * it, the surname to the next (see splitFullName). False when not split.
 */
function splitName(state: FormState, d: Draft, pending: readonly string[]): boolean {
  const fields = state.compiled.fields;
  const at = fields.findIndex((f) => f.id === d.focus);
  const field = fields[at];
  const next = fields[at + 1];
  if (d.continuing || field?.type !== 'name' || next?.type !== 'name' || d.values[next.id] !== undefined) return false;
  const split = splitFullName(pending, pending.map(fold), givenNameTest(state.context), !d.auto);
  if (!split) return false;
  setWords(state, d, field.id, split.given);
  setWords(state, d, next.id, split.surname);
  return true;
}

function move(state: FormState, focus: string, step: 1 | -1): string {
  const fields = state.compiled.fields;
  const at = fields.findIndex((f) => f.id === focus);
  return fields[Math.min(fields.length - 1, Math.max(0, at + step))]!.id;
}

export function applyFinal(state: FormState, finalText: string): { state: FormState; update: FormUpdate } {
  const { compiled } = state;
  const words = tokenizeFinal(finalText);
  const keys = words.map(fold);
  const d: Draft = {
    values: { ...state.values },
    issues: { ...state.issues },
    heard: { ...state.heard },
    focus: state.focus,
    continuing: state.continuing,
    auto: state.auto,
    movedFrom: state.movedFrom,
    saved: state.saved,
  };
  const commands: CommandKind[] = [];
  let pending: string[] = [];
  /** "vārds un uzvārds Jānis Bērziņš": the first word goes to this field, the rest to the focus */
  let pairedWith: string | null = null;
  const flush = (): void => {
    if (pairedWith !== null && !d.continuing && pending.length >= 2) {
      setWords(state, d, pairedWith, pending.slice(0, 1));
      pending = pending.slice(1);
    }
    pairedWith = null;
    if (pending.length === 0) return;
    d.movedFrom = null;
    if (splitName(state, d, pending)) {
      pending = [];
      return;
    }
    const base = d.continuing ? (d.heard[d.focus] ?? []) : [];
    const before = d.heard[d.focus];
    setWords(state, d, d.focus, [...base, ...pending]);
    // words that were only hesitations change nothing, not even the continuation
    if (d.heard[d.focus] !== before || d.continuing) d.continuing = true;
    pending = [];
  };
  const focusOn = (fieldId: string): void => {
    flush();
    d.focus = fieldId;
    d.continuing = false;
    d.auto = false;
    d.movedFrom = null;
  };
  /** The value of `filled` is whole (an option, a known name, a complete shape, an ended address): the focus moves on to the next empty field. */
  const moveOnFrom = (filled: string): void => {
    flush();
    d.focus = nextEmpty(compiled, d.values, filled);
    d.continuing = false;
    d.auto = true;
    d.movedFrom = filled;
  };
  /** A value said without its label: its shape chose the field (see label-free.ts). */
  const shapeHere = (i: number): ShapeHit | null =>
    valueShapeAt({ ...d, compiled, words, keys, i, focus: compiled.byId.get(d.focus)!, pending, context: state.context });

  let boundary = true;
  let i = 0;
  while (i < words.length) {
    const inProse = compiled.byId.get(d.focus)?.type === 'text';
    const command = compiled.commands.matchAt(keys, i, { fuzzy: true });
    if (command) {
      const kind = command.owner;
      const label = TAKES_LABEL.has(kind) ? compiled.labels.matchAt(keys, command.end, { fuzzy: true }) : null;
      const atEnd = (label?.end ?? command.end) === words.length;
      let fired = true;
      if (label) {
        focusOn(label.owner);
        if (kind === 'clear') clearField(d, label.owner);
        i = label.end;
      } else if (kind === 'jump') {
        fired = false; // "lauks" without a label is an ordinary word
      } else if (kind === 'next' || kind === 'previous') {
        // after a value that moved the focus on by itself, the clerk counts from the field just filled
        const from = d.movedFrom !== null && pending.length === 0 ? d.movedFrom : d.focus;
        focusOn(move(state, from, kind === 'next' ? 1 : -1));
        i = command.end;
      } else if (inProse && !(atEnd && (boundary || kind === 'save'))) {
        // "… lūdz dzēst parādu", "… vēlas saglabāt dzīvokli": in prose a bare command must stand alone
        fired = false;
      } else {
        if (kind === 'save') {
          flush();
          d.saved = true;
        } else {
          focusOn(d.focus);
          if (kind === 'clear') clearField(d, d.focus);
        }
        i = command.end;
      }
      if (fired) {
        commands.push(kind);
        boundary = true;
        continue;
      }
    }
    // An option or known name wins over a label inside it: "vizītes veids mājas vizītē datums …"
    // must not read "vizītē datums" as the label "vizītes datums".
    const phrases = compiled.options.get(d.focus) ?? compiled.known.get(d.focus);
    const phrase = pending.length === 0 ? phrases?.matchAt(keys, i, { fuzzy: true }) : null;
    if (phrase) {
      pending.push(...words.slice(i, phrase.end));
      boundary = false;
      i = phrase.end;
      // an option or a known name is whole by its shape: the focus moves on (see label-free.ts)
      moveOnFrom(d.focus);
      continue;
    }
    const heardLabel = compiled.labels.matchAt(keys, i, { fuzzy: !inProse || boundary });
    // "klientei …", "klientam …" are one letter from "kliente"/"klienta": a repaired hearing of a
    // name label does not overwrite a name already filled (the dative is prose, see caseForms)
    const label = heardLabel && !heardLabel.exact && compiled.byId.get(heardLabel.owner)?.type === 'name' && d.values[heardLabel.owner] !== undefined ? null : heardLabel;
    if (label && labelStartsField({ compiled, focus: compiled.byId.get(d.focus), match: label, keys, boundary, fresh: d.auto && pending.length === 0 && d.values[d.focus] === undefined })) {
      focusOn(label.owner);
      i = label.end;
      boundary = true;
      const second = namePair(compiled, label.owner, keys, i);
      if (second) {
        focusOn(second.owner);
        pairedWith = label.owner;
        i = second.end;
      }
      continue;
    }
    const shape = shapeHere(i);
    if (shape) {
      if (shape.field !== d.focus) focusOn(shape.field);
      pending.push(...words.slice(i, shape.end));
      i = shape.end;
      boundary = false;
      if (shape.complete) moveOnFrom(shape.field);
      else d.auto = true;
      continue;
    }
    if (valueEndsAt({ ...d, compiled, words, keys, i, focus: compiled.byId.get(d.focus)!, pending, context: state.context })) {
      // "… Kuldīga paldies": the address ended with its place; the word starts the next empty field
      moveOnFrom(d.focus);
      continue;
    }
    const end = SENTENCE_ENDS.matchAt(keys, i, { fuzzy: false });
    const next = end ? end.end : i + 1;
    pending.push(...words.slice(i, next));
    boundary = end !== null;
    i = next;
  }
  flush();

  const fields: Record<string, FieldValue | null> = {};
  for (const f of compiled.fields) {
    const before = state.values[f.id];
    const after = d.values[f.id];
    if (before !== after) fields[f.id] = after ?? null;
  }
  const next: FormState = { ...state, ...d, seq: state.seq + 1 };
  return {
    state: next,
    update: {
      type: 'form.update',
      form: compiled.template.id,
      seq: next.seq,
      fields,
      issues: currentIssues(next),
      focus: next.focus,
      saved: next.saved,
      commands,
    },
  };
}

/** A value typed by keyboard (null clears it). Dictation into the field afterwards replaces it. */
export function applyEdit(state: FormState, fieldId: string, value: FieldValue | null): FormState {
  const field = state.compiled.byId.get(fieldId);
  if (!field) return state;
  const values = { ...state.values };
  const issues = { ...state.issues };
  const heard = { ...state.heard };
  delete heard[fieldId];
  delete issues[fieldId];
  if (value === null || (typeof value === 'string' && value.trim() === '')) delete values[fieldId];
  else {
    const r = coerceWritten(field, value);
    values[fieldId] = r.value;
    if (r.issues.length > 0) issues[fieldId] = attach(fieldId, r.issues);
  }
  return { ...state, values, issues, heard, continuing: state.focus === fieldId ? false : state.continuing };
}

/** The clerk clicked into a field: the next dictation without a label replaces its value. */
export function setFocus(state: FormState, fieldId: string): FormState {
  if (!state.compiled.byId.has(fieldId)) return state;
  return { ...state, focus: fieldId, continuing: false, auto: false, movedFrom: null };
}
