/**
 * Whether a label word heard inside free text is a field name or just a word
 * of the sentence. In a structured field everything that matches a label is
 * one ("… Bērziņš personas kods …"). In prose, "klients", "lēmums", "īre" are
 * ordinary words, so a label there leaves the text field only when:
 *  - it leads to a structured field and a value of that kind follows
 *    ("… tālrunis divdesmit seši …", "… datums četrpadsmitais marts …"),
 *    and it is not part of a phrase ("par īri", "šīs piezīmes");
 *  - it leads to another text field, is said in the dictionary form at a
 *    sentence boundary (start of an utterance, after "punkts", "jauna rindkopa"),
 *    or mid-sentence is the next field's own first label exactly ("lēmumi",
 *    not the synonym "lēmums" that prose uses: "pieņemts lēmums");
 *  - never for a name field: "Klients ieradās …" is how notes begin. Names
 *    are reached from prose with "lauks klients" or "labot klientu …".
 */
import { PROSE_LEADERS } from '../latvian/function-words.ts';
import type { PhraseMatch } from './phrase-matcher.ts';
import { numberWordAt } from '../latvian/folded-number-parser.ts';
import type { CompiledTemplate } from './template-loader.ts';
import type { FormField } from './template-schema.ts';
import { startsAddress } from './value-address.ts';
import { startsSpelled } from './value-codes.ts';
import { startsDate } from './value-date.ts';

function valueFollows(compiled: CompiledTemplate, target: FormField, keys: readonly string[], j: number): boolean {
  switch (target.type) {
    case 'personal_code':
    case 'phone':
    case 'integer':
    case 'money':
      return numberWordAt(keys, j) !== null;
    case 'date':
      return startsDate(keys, j);
    case 'iban':
    case 'reference':
      return startsSpelled(keys, j);
    case 'enum':
      return compiled.options.get(target.id)?.matchAt(keys, j, { fuzzy: true }) != null;
    case 'organisation':
      return compiled.known.get(target.id)?.matchAt(keys, j, { fuzzy: true }) != null;
    case 'address':
      return startsAddress(keys, j);
    case 'name':
    case 'text':
      return false;
  }
  return false;
}

export interface GateInput {
  readonly compiled: CompiledTemplate;
  /** the focused field, the one the words would otherwise go to */
  readonly focus: FormField | undefined;
  readonly match: PhraseMatch<string>;
  readonly keys: readonly string[];
  /** the label starts an utterance or follows a sentence end or a command */
  readonly boundary: boolean;
  /** nothing has been dictated into the focused text field yet: no prose to protect */
  readonly fresh?: boolean;
}

export function labelStartsField({ compiled, focus, match, keys, boundary, fresh }: GateInput): boolean {
  if (!focus || focus.type !== 'text') return true;
  const target = compiled.byId.get(match.owner);
  if (!target || target.type === 'name') return false;
  if (fresh) return true;
  const before = keys[match.start - 1];
  if (!boundary && before !== undefined && PROSE_LEADERS.has(before)) return false;
  if (!boundary && !match.exact) return false;
  if (target.type === 'text') {
    if (boundary) return match.nominative;
    // mid-sentence, only the next field's own label, as written, moves on ("… ieradās laikā lēmumi …")
    const order = compiled.fields.findIndex((f) => f.id === focus.id);
    return compiled.fields[order + 1]?.id === target.id && match.exact && match.phrase.text === target.spoken[0];
  }
  // a bare label ending the utterance: the value comes in the next one
  if (match.end === keys.length) return boundary && match.nominative;
  return valueFollows(compiled, target, keys, match.end);
}
