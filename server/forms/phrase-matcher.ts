/**
 * Finds spoken phrases (field labels, commands, option values) in a token
 * stream, tolerant of what a recogniser does to them: any case form
 * ("uzvārdā"), a lost macron ("piezimes"), a word split in two ("uz vārds"),
 * two words joined ("personaskods") and, for longer words, one wrong,
 * missing, extra or swapped letter ("tālronis").
 */
import { fold } from '../latvian/folding.ts';
import { caseForms } from '../latvian/label-case-forms.ts';
import { editDistance } from '../latvian/similarity.ts';

/** Words shorter than this are matched exactly: one edit in "vārds" reaches "varde". */
const FUZZY_MIN_LENGTH = 6;

interface PhraseWord {
  readonly nominative: string;
  readonly forms: ReadonlySet<string>;
  /** the longest form: a token longer than this (plus the next word's) cannot be a split or joined hearing */
  readonly maxLength: number;
}

export interface CompiledPhrase {
  readonly text: string;
  readonly words: readonly PhraseWord[];
}

export interface PhraseMatch<T> {
  readonly owner: T;
  readonly phrase: CompiledPhrase;
  /** token range [start, end) */
  readonly start: number;
  readonly end: number;
  /** every word heard as written in the phrase list (the dictionary form) */
  readonly nominative: boolean;
  /** no split, join or fuzzy letter was needed */
  readonly exact: boolean;
}

export interface MatchOptions {
  readonly fuzzy: boolean;
  /** accept only the dictionary form of each word */
  readonly nominativeOnly?: boolean;
}

/** `inflect: false` keeps a phrase to its written form (commands like "saglabāt"). */
export function compilePhrase(text: string, inflect = true): CompiledPhrase {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  return {
    text,
    words: words.map((w) => {
      const nominative = fold(w);
      const forms = new Set((inflect ? caseForms(w) : [w]).map(fold));
      forms.add(nominative);
      return { nominative, forms, maxLength: Math.max(...[...forms].map((f) => f.length)) };
    }),
  };
}

interface Walk {
  readonly end: number;
  readonly nominative: boolean;
  readonly exact: boolean;
}

function fuzzyIn(token: string, forms: ReadonlySet<string>): boolean {
  if (token.length < FUZZY_MIN_LENGTH) return false;
  for (const f of forms) if (f.length >= FUZZY_MIN_LENGTH && editDistance(token, f) <= 1) return true;
  return false;
}

function walk(p: CompiledPhrase, tokens: readonly string[], j: number, k: number, opts: MatchOptions): Walk | null {
  if (j === p.words.length) return { end: k, nominative: true, exact: true };
  const tok = tokens[k];
  if (tok === undefined || tok === '') return null;
  const w = p.words[j]!;
  const accepts = (s: string): boolean => (opts.nominativeOnly ? s === w.nominative : w.forms.has(s));
  const cont = (nj: number, nk: number, nominative: boolean, exact: boolean): Walk | null => {
    const rest = walk(p, tokens, nj, nk, opts);
    return rest ? { end: rest.end, nominative: nominative && rest.nominative, exact: exact && rest.exact } : null;
  };
  if (accepts(tok)) {
    const r = cont(j + 1, k + 1, tok === w.nominative, true);
    if (r) return r;
  }
  // Every repair below is bounded by the phrase's word lengths, so a pasted 20 000-character
  // token costs one set lookup, not a quadratic scan of its cut points.
  if (tok.length > w.maxLength + (p.words[j + 1]?.maxLength ?? 1)) return null;
  const next = tokens[k + 1];
  if (next !== undefined && next !== '' && tok.length < w.maxLength && accepts(tok + next)) {
    const r = cont(j + 1, k + 2, tok + next === w.nominative, false);
    if (r) return r;
  }
  const w2 = p.words[j + 1];
  if (w2 && tok.length <= w.maxLength + w2.maxLength) {
    for (let cut = 2; cut <= tok.length - 2; cut++) {
      const a = tok.slice(0, cut);
      const b = tok.slice(cut);
      if (accepts(a) && (opts.nominativeOnly ? b === w2.nominative : w2.forms.has(b))) {
        const r = cont(j + 2, k + 1, a === w.nominative && b === w2.nominative, false);
        if (r) return r;
      }
    }
  }
  if (opts.fuzzy && !opts.nominativeOnly && fuzzyIn(tok, w.forms)) {
    const r = cont(j + 1, k + 1, false, false);
    if (r) return r;
  }
  return null;
}

/** A set of phrases, each belonging to an owner (a field id, a command, an option value). */
export class PhraseIndex<T> {
  private readonly entries: { phrase: CompiledPhrase; owner: T }[] = [];

  add(phrase: string, owner: T, inflect = true): void {
    const compiled = compilePhrase(phrase, inflect);
    if (compiled.words.length === 0) return;
    this.entries.push({ phrase: compiled, owner });
  }

  get phrases(): readonly { phrase: CompiledPhrase; owner: T }[] {
    return this.entries;
  }

  /**
   * The best phrase starting at token `i`: the one with most words, then an
   * exact hearing over a repaired one, then the one using more tokens.
   */
  matchAt(tokens: readonly string[], i: number, opts: MatchOptions): PhraseMatch<T> | null {
    let best: PhraseMatch<T> | null = null;
    for (const { phrase, owner } of this.entries) {
      const r = walk(phrase, tokens, 0, i, opts);
      if (!r) continue;
      const m: PhraseMatch<T> = { owner, phrase, start: i, end: r.end, nominative: r.nominative, exact: r.exact };
      if (!best || better(m, best)) best = m;
    }
    return best;
  }
}

function better<T>(a: PhraseMatch<T>, b: PhraseMatch<T>): boolean {
  if (a.phrase.words.length !== b.phrase.words.length) return a.phrase.words.length > b.phrase.words.length;
  if (a.exact !== b.exact) return a.exact;
  if (a.nominative !== b.nominative) return a.nominative;
  return a.end - a.start > b.end - b.start;
}
