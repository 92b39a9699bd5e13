/**
 * Dictated punctuation and layout commands, and sentence capitalisation.
 *
 * In dictation the command reading always wins: "punkts" is a full stop even
 * where it could be the noun ("trešais punkts" -> "trešais."). Runs after ITN,
 * so "domuzīme" inside a personal code has already been consumed. Marks attach
 * to the word before; "domuzīme" is a spaced en dash; a sentence starts after
 * . ? ! and after a line or paragraph break. A "." that ITN wrote ("2024.
 * gada") does not start a sentence.
 */
import { capitalize, lower } from '../latvian/letters.ts';
import { tokenize, type Correction, type StepResult } from './types.ts';

interface Command {
  readonly words: readonly string[];
  readonly mark: string;
  readonly kind: 'mark' | 'dash' | 'break';
  readonly endsSentence: boolean;
}

const COMMANDS: readonly Command[] = [
  { words: ['jautājuma', 'zīme'], mark: '?', kind: 'mark', endsSentence: true },
  { words: ['izsaukuma', 'zīme'], mark: '!', kind: 'mark', endsSentence: true },
  { words: ['jauna', 'rindkopa'], mark: '\n\n', kind: 'break', endsSentence: true },
  { words: ['jauna', 'rinda'], mark: '\n', kind: 'break', endsSentence: true },
  { words: ['punkts'], mark: '.', kind: 'mark', endsSentence: true },
  { words: ['komats'], mark: ',', kind: 'mark', endsSentence: false },
  { words: ['kols'], mark: ':', kind: 'mark', endsSentence: false },
  { words: ['semikols'], mark: ';', kind: 'mark', endsSentence: false },
  { words: ['domuzīme'], mark: '–', kind: 'dash', endsSentence: false },
];

export interface PunctuationOptions {
  /** capitalise the first word of the text (default true; false when appending to a previous utterance) */
  readonly capitalizeFirst?: boolean;
}

function commandAt(words: readonly string[], i: number): Command | undefined {
  return COMMANDS.find((cmd) => cmd.words.every((w, k) => words[i + k] === w));
}

export function applyPunctuation(text: string, options: PunctuationOptions = {}): StepResult {
  const tokens = tokenize(text);
  const words = tokens.map((t) => lower(t.text));
  const corrections: Correction[] = [];
  let out = '';
  let capNext = options.capitalizeFirst ?? true;
  /** what separates the next word from `out`: "" after a break, " " otherwise */
  let i = 0;
  while (i < tokens.length) {
    const cmd = commandAt(words, i);
    if (cmd) {
      const first = tokens[i]!;
      const last = tokens[i + cmd.words.length - 1]!;
      const from = text.slice(first.start, last.end);
      if (cmd.kind === 'break') out = out.replace(/[ \t]+$/u, '') + cmd.mark;
      else if (cmd.kind === 'dash') out = out === '' || out.endsWith('\n') ? out + '– ' : `${out.replace(/ +$/u, '')} – `;
      else if (!(cmd.mark === '.' && out.endsWith('.'))) out = out.replace(/ +$/u, '') + cmd.mark;
      corrections.push({ step: 'punctuation', kind: 'command', from, to: cmd.mark, start: first.start, end: last.end });
      if (cmd.endsSentence) capNext = true;
      i += cmd.words.length;
      continue;
    }
    const tok = tokens[i]!;
    let word = tok.text;
    if (capNext && /^\p{L}/u.test(word)) {
      const cap = capitalize(word);
      if (cap !== word) corrections.push({ step: 'punctuation', kind: 'sentence-case', from: word, to: cap, start: tok.start, end: tok.end });
      word = cap;
    }
    if (/\p{L}|\p{N}/u.test(word)) capNext = false;
    const sep = out === '' || out.endsWith('\n') || out.endsWith(' ') ? '' : ' ';
    out += sep + word;
    i++;
  }
  return { text: out.replace(/[ \t]+$/u, ''), corrections };
}
