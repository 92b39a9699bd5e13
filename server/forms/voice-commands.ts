/**
 * The spoken control words of form filling. Field labels come from the
 * template; these are the same for every form.
 *
 *   nākamais lauks / iepriekšējais lauks   move in template order
 *   lauks <label>                          jump to a field
 *   labot <label> <value>                  replace a field's value
 *   dzēst <label>                          clear a field
 *   saglabāt                               save the form
 */
import { fold } from '../latvian/folding.ts';
import { PhraseIndex } from './phrase-matcher.ts';

export type CommandKind = 'next' | 'previous' | 'jump' | 'correct' | 'clear' | 'save';

const COMMAND_PHRASES: Readonly<Record<CommandKind, readonly string[]>> = {
  next: ['nākamais lauks', 'nākamo lauku', 'nākošais lauks', 'nākošo lauku', 'uz nākamo lauku', 'nākamajā laukā'],
  previous: ['iepriekšējais lauks', 'iepriekšējo lauku', 'uz iepriekšējo lauku', 'iepriekšējā laukā'],
  // must be followed by a label, or the words are dictation
  jump: ['lauks', 'lauku', 'laukā', 'uz lauku', 'pāriet uz lauku'],
  correct: ['labot', 'labo', 'izlabot', 'izlabo', 'labot lauku', 'izlabot lauku'],
  clear: ['dzēst', 'dzēs', 'izdzēst', 'izdzēs', 'notīrīt', 'dzēst lauku', 'izdzēst lauku'],
  save: [
    'saglabāt', 'saglabā', 'saglabājiet', 'saglabāt formu', 'saglabāt veidlapu', 'saglabāt iesniegumu',
    'saglabāt piezīmi', 'saglabāt ierakstu',
  ],
};

/** Commands that take a label after them ("labot uzvārdu …"). */
export const TAKES_LABEL: ReadonlySet<CommandKind> = new Set(['jump', 'correct', 'clear']);

/** The commands, plus a template's own short aliases ("tālāk", "gatavs"). */
export function commandIndex(aliases: Partial<Record<CommandKind, readonly string[]>> = {}): PhraseIndex<CommandKind> {
  const index = new PhraseIndex<CommandKind>();
  for (const [kind, phrases] of Object.entries(COMMAND_PHRASES) as [CommandKind, readonly string[]][]) {
    for (const p of [...phrases, ...(aliases[kind] ?? [])]) index.add(p, kind, false);
  }
  return index;
}

export const COMMANDS: PhraseIndex<CommandKind> = commandIndex();

/** Every command phrase, folded: a template label may not be one of these. */
export const COMMAND_KEYS: ReadonlySet<string> = new Set(
  Object.values(COMMAND_PHRASES).flatMap((ps) => ps.map((p) => p.split(/\s+/u).map(fold).join(' '))),
);

/** Spoken punctuation that ends a sentence: after it a label starts a new field even inside prose. */
export const SENTENCE_ENDS: PhraseIndex<string> = (() => {
  const index = new PhraseIndex<string>();
  for (const p of ['punkts', 'jautājuma zīme', 'izsaukuma zīme', 'jauna rindkopa', 'jaunā rindkopa', 'jauna rinda', 'jaunā rinda']) {
    index.add(p, p, false);
  }
  return index;
})();
