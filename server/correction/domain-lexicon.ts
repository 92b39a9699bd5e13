/**
 * The in-memory domain lexicon every correction step reads: built once from
 * plain entries (bundled corpora, or rows an admin imported), then queried
 * per word. Pure; loading entries from files or SQLite happens elsewhere.
 *
 * An entry is written form + how it is said:
 *   {term: "Bērziņš", category: "surname"}                      said "bērziņš", inflects
 *   {term: "GMI", category: "abbreviation", spoken: "gē em ī"}  said letter by letter
 *   {term: "Brīvības iela", category: "street"}                 head "iela" inflects
 * Spoken and display tokens are aligned from the end: the aligned tail differs
 * only in case and inflects; what precedes it is a literal chunk ("gē em ī" ->
 * "GMI" in "GMI pabalsts") that the ITN step rewrites as a whole.
 */
import { forEachSplit, paradigmOf, phraseHead, type WordRole } from '../latvian/term-inflection.ts';
import { lower } from '../latvian/letters.ts';

export interface LexiconEntry {
  /** written form, e.g. "Latvenergo", "bāriņtiesa", "GMI" */
  readonly term: string;
  /** given-name, surname, municipality, town, street, provider, institution, abbreviation, term, … */
  readonly category?: string | null;
  /** 1 = neutral; below 1 keeps a term out of fuzzy correction (see README) */
  readonly weight?: number;
  /** how it is said when that differs from the written form ("gē em ī") */
  readonly spoken?: string | null;
  /** how to write it when that differs from `term` (like AWS DisplayAs) */
  readonly display?: string | null;
}

export interface CompiledEntry {
  readonly id: number;
  readonly term: string;
  readonly category: string;
  readonly weight: number;
  readonly role: WordRole;
  readonly spokenTokens: readonly string[];
  readonly displayTokens: readonly string[];
  /** index in spokenTokens where the case-only (inflecting) tail starts */
  readonly spokenAligned: number;
  /** index in displayTokens where the same tail starts */
  readonly displayAligned: number;
  /** the declining word of spokenTokens / displayTokens (see `phraseHead`) */
  readonly spokenHead: number;
  readonly displayHead: number;
}

/** One way a word can be token `position` of an entry. */
export interface TokenHit {
  readonly entry: CompiledEntry;
  readonly position: number;
  /** the ending the word was analysed with ("" for the bare stem) */
  readonly ending: string;
}

/** A literal spoken chunk and what to write for it ("gē em ī" -> "GMI"). */
export interface LiteralChunk {
  readonly entry: CompiledEntry;
  readonly tokens: readonly string[];
  readonly display: string;
}

interface Slot {
  readonly entry: number;
  readonly position: number;
  readonly endings: readonly string[];
}

export interface StemSlot {
  readonly entry: CompiledEntry;
  readonly position: number;
  readonly stem: string;
  readonly endings: readonly string[];
}

/** Words of a phrase beyond this are not indexed (the longest bundled term has 9). */
export const MAX_PHRASE_WORDS = 64;

/** Key of (entry, position) for set lookups. */
export const hitKey = (entryId: number, position: number): number => entryId * MAX_PHRASE_WORDS + position;

const PERSON = new Set(['given-name', 'surname', 'person', 'name']);
const PLACE = new Set(['municipality', 'town', 'place', 'village', 'parish']);

export function roleOf(category: string): WordRole {
  return PERSON.has(category) ? 'person' : PLACE.has(category) ? 'place' : 'other';
}

/** Lower-case word tokens of a spoken or written phrase ("Rīgas ūdens," -> ["rīgas", "ūdens"]). */
export function spokenTokensOf(text: string): string[] {
  return lower(text.normalize('NFC'))
    .replace(/[^\p{L}\p{M}\p{N}']+/gu, ' ')
    .trim()
    .split(' ')
    .filter((t) => t !== '');
}

const bareWord = (t: string) => lower(t).replace(/[^\p{L}\p{M}\p{N}']+/gu, '');

export class Lexicon {
  readonly entries: readonly CompiledEntry[];
  private readonly written = new Map<string, Slot[]>();
  private readonly spoken = new Map<string, Slot[]>();
  private readonly literals = new Map<string, LiteralChunk[]>();

  constructor(entries: readonly CompiledEntry[]) {
    this.entries = entries;
    for (const e of entries) this.index(e);
    for (const list of this.literals.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || b.entry.weight - a.entry.weight);
  }

  get size(): number {
    return this.entries.length;
  }

  private index(e: CompiledEntry): void {
    const add = (map: Map<string, Slot[]>, tokens: readonly string[], aligned: number, headAt: number) => {
      tokens.forEach((tok, position) => {
        const inflects = position >= aligned && position <= headAt;
        const paradigms = inflects ? paradigmOf(tok, e.role, position === headAt) : [{ stem: tok, endings: [''] }];
        for (const { stem, endings } of paradigms) {
          const list = map.get(stem);
          const slot = { entry: e.id, position, endings };
          if (list) list.push(slot);
          else map.set(stem, [slot]);
        }
      });
    };
    add(this.spoken, e.spokenTokens, e.spokenAligned, e.spokenHead);
    add(this.written, e.displayTokens.map(bareWord), e.displayAligned, e.displayHead);
    if (e.spokenAligned > 0) {
      const tokens = e.spokenTokens.slice(0, e.spokenAligned);
      const chunk = { entry: e, tokens, display: e.displayTokens.slice(0, e.displayAligned).join(' ') };
      const list = this.literals.get(tokens[0]!);
      if (list) list.push(chunk);
      else this.literals.set(tokens[0]!, [chunk]);
    }
  }

  private analyze(map: Map<string, Slot[]>, word: string): TokenHit[] {
    const out: TokenHit[] = [];
    // A stem such as "ann" can sit in thousands of full-name entries: dedupe in O(1).
    const seen = new Set<number>();
    forEachSplit(word, 1, (stem, ending) => {
      const slots = map.get(stem);
      if (!slots) return;
      for (const s of slots) {
        if (!s.endings.includes(ending)) continue;
        const key = hitKey(s.entry, s.position);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ entry: this.entries[s.entry]!, position: s.position, ending });
      }
    });
    return out;
  }

  /** How a lower-case written word can be a token of an entry's display form. */
  analyzeWritten(word: string): TokenHit[] {
    return this.analyze(this.written, word);
  }

  /** How a lower-case spoken word can be a token of an entry's spoken form. */
  analyzeSpoken(word: string): TokenHit[] {
    return this.analyze(this.spoken, word);
  }

  /** Literal chunks starting with this spoken word, longest first. */
  literalsStartingWith(word: string): readonly LiteralChunk[] {
    return this.literals.get(word) ?? [];
  }

  /** Every (stem, endings) of spoken tokens, for building the fuzzy index. */
  *spokenStems(): Generator<StemSlot> {
    for (const [stem, slots] of this.spoken) {
      for (const s of slots) yield { entry: this.entries[s.entry]!, position: s.position, stem, endings: s.endings };
    }
  }
}

/** Compiles entries; blank or unusable ones (no word characters) are skipped. */
export function buildLexicon(entries: Iterable<LexiconEntry>): Lexicon {
  // Terms are compared in NFC lower case: "ā" typed as a + combining macron must match.
  const compiled: CompiledEntry[] = [];
  for (const raw of entries) {
    const term = raw.term.normalize('NFC').trim();
    const display = (raw.display ?? '').normalize('NFC').trim() || term;
    const spokenTokens = spokenTokensOf(raw.spoken?.trim() ? raw.spoken : display);
    const displayTokens = display.split(/\s+/u).filter((t) => t !== '');
    if (spokenTokens.length === 0 || displayTokens.length === 0) continue;
    if (spokenTokens.length > MAX_PHRASE_WORDS || displayTokens.length > MAX_PHRASE_WORDS) continue;
    let k = 0;
    while (
      k < spokenTokens.length &&
      k < displayTokens.length &&
      spokenTokens[spokenTokens.length - 1 - k] === bareWord(displayTokens[displayTokens.length - 1 - k]!)
    )
      k++;
    const category = (raw.category ?? 'term').trim() || 'term';
    compiled.push({
      id: compiled.length,
      term,
      category,
      weight: Number.isFinite(raw.weight) ? (raw.weight as number) : 1,
      role: roleOf(category),
      spokenTokens,
      displayTokens,
      spokenAligned: spokenTokens.length - k,
      displayAligned: displayTokens.length - k,
      spokenHead: phraseHead(spokenTokens),
      displayHead: phraseHead(displayTokens.map(bareWord)),
    });
  }
  return new Lexicon(compiled);
}

export const EMPTY_LEXICON: Lexicon = buildLexicon([]);
