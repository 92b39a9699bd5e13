/**
 * CTC prefix beam search with domain knowledge, for final results.
 *
 * Scores are natural logs. A hypothesis scores
 *   log P_ctc(prefix | frames)                      (summed over alignments in the beam)
 *   + lmWeight·log P_lm(words) + wordBonus·#words  (applied when a word completes)
 *   + oovPenalty + oovCharPenalty·length          (per word outside the lexicon, charged as soon as the
 *                                                   partial word leaves it and for each letter after; refunded
 *                                                   at the word's end if the spelling check accepts it)
 *   + hotword bonus                                (per matched character, see ctc-beam-hotwords.ts)
 *   + lmWeight·(best unigram below the partial word in the lexicon)   (look-ahead, replaced when the word completes)
 * With no LM, lexicon or hotwords and lmWeight = wordBonus = 0 this is plain CTC
 * prefix search, which on peaked posteriors agrees with greedy decoding.
 *
 * Vocabularies: wav2vec2 style ('|' delimiter), sentencepiece ('▁' starts a word),
 * or characters with ' '. The LM, lexicon and hotwords must use the vocabulary's
 * letter case. Words come back with times from a forced alignment of the result
 * (frame × frameShiftSec + timeOffsetSec) and greedy-compatible confidences.
 *
 * Resources are read-only: to swap a rebuilt LM, create a new decoder; streams
 * that hold the old one finish with it.
 *
 * (Over 350 lines: the beam step's hot loop, its state and its pruning read best in one place;
 * alignment and hotwords are already apart in ctc-beam-align.ts and ctc-beam-hotwords.ts.)
 */
import type { LexiconTrie } from './lexicon-trie.ts';
import type { LmState, WordLm } from './ngram-lm.ts';
import { alignLabels } from './ctc-beam-align.ts';
import { HotwordGraph, type HotwordState } from './ctc-beam-hotwords.ts';
import type { TokenTable, WordResult } from '../types.ts';

export interface BeamSearchOptions {
  /** hypotheses kept per frame */
  readonly beamWidth: number;
  /** at most this many non-blank tokens tried per frame */
  readonly tokensPerFrame: number;
  /** tokens with a lower natural-log posterior are not tried (the frame's best always is) */
  readonly tokenMinLogProb: number;
  /** hypotheses more than this many nats below the best are dropped */
  readonly beamPruneLogProb: number;
  /** α: weight of the LM's natural-log probability */
  readonly lmWeight: number;
  /** β: nats added per word */
  readonly wordBonus: number;
  /** nats added (≤ 0) once for each word not in the lexicon; only with a lexicon */
  readonly oovPenalty: number;
  /** nats added (≤ 0) per letter of a word not in the lexicon, so run-together words cost more the longer they get */
  readonly oovCharPenalty: number;
  /** score partial words with the best unigram below them (needs LM and lexicon) */
  readonly lmLookahead: boolean;
  /** hypotheses returned in `nBest` */
  readonly nBest: number;
  readonly frameShiftSec: number;
  /** added to every word time (the utterance's start in the stream) */
  readonly timeOffsetSec: number;
}

export const DEFAULT_BEAM_OPTIONS: BeamSearchOptions = Object.freeze({
  beamWidth: 16,
  tokensPerFrame: 8,
  tokenMinLogProb: -6,
  beamPruneLogProb: 14,
  lmWeight: 0.4,
  wordBonus: 1.0,
  oovPenalty: -2,
  oovCharPenalty: -0.5,
  lmLookahead: true,
  nBest: 5,
  frameShiftSec: 0.04,
  timeOffsetSec: 0,
});

export interface BeamResources {
  readonly lm?: WordLm | null;
  /** words known to the LM and the domain: prefix checks and LM look-ahead */
  readonly lexicon?: LexiconTrie | null;
  /** a complete word outside the lexicon that this accepts (e.g. a Hunspell form) pays no OOV penalty */
  readonly spellCheck?: ((word: string) => boolean) | null;
  readonly hotwords?: HotwordGraph | null;
}

export interface BeamHypothesis {
  readonly text: string;
  readonly words: readonly WordResult[];
  /** everything below combined: the quantity the search ranks by */
  readonly score: number;
  /** natural-log CTC probability of the text (alignments kept in the beam) */
  readonly acousticLogProb: number;
  /** unweighted natural-log LM probability of the words and </s>; 0 without an LM */
  readonly lmLogProb: number;
  readonly hotwordBonus: number;
  /** words outside the lexicon that the spelling check did not accept either */
  readonly oovWords: number;
}

export interface BeamResult {
  readonly text: string;
  readonly words: readonly WordResult[];
  /** best first, distinct texts */
  readonly nBest: readonly BeamHypothesis[];
}

const MAX_SPELL_CHECK_LENGTH = 24;

const enum Kind {
  Skip = 0,
  Delimiter = 1,
  Piece = 2,
  WordStart = 3,
}

/**
 * Word-level state of a prefix; everything except the acoustic score. A class
 * with one constructor, so every instance has the same shape (object spread
 * here cost more than the rest of the search).
 */
class WordState {
  constructor(
    readonly partial: string,
    readonly trieNode: number,
    /** the partial word has left the lexicon */
    readonly outside: boolean,
    /** OOV penalties charged for the partial word so far */
    readonly oovCharged: number,
    readonly lmState: LmState,
    readonly lmLogProb: number,
    /** lmWeight·look-ahead included in `bonus` */
    readonly lookahead: number,
    readonly hw: HotwordState | null,
    readonly oovWords: number,
    /** all non-acoustic score */
    readonly bonus: number,
  ) {}

  withBonus(bonus: number, lmLogProb: number, hw: HotwordState | null): WordState {
    return new WordState(this.partial, this.trieNode, this.outside, this.oovCharged, this.lmState, lmLogProb, this.lookahead, hw, this.oovWords, bonus);
  }
}

class Prefix {
  children: Map<number, Prefix> | null = null;
  pB = -Infinity;
  pNB = -Infinity;
  nB = -Infinity;
  nNB = -Infinity;
  stamp = -1;
  constructor(
    readonly parent: Prefix | null,
    /** last emitted token, -1 at the root */
    readonly token: number,
    readonly state: WordState,
  ) {}
}

const lse = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
};

export class CtcBeamDecoder {
  readonly options: BeamSearchOptions;
  private readonly kinds: Uint8Array;
  private readonly pieces: string[];
  private readonly delimiterId: number;

  constructor(
    readonly table: TokenTable,
    readonly resources: BeamResources = {},
    options: Partial<BeamSearchOptions> = {},
  ) {
    this.options = { ...DEFAULT_BEAM_OPTIONS, ...options };
    const special = new Set(table.specialTokens);
    this.kinds = new Uint8Array(table.tokens.length);
    this.pieces = [];
    let delimiterId = -1;
    table.tokens.forEach((tok, id) => {
      let kind = Kind.Piece;
      let piece = tok;
      if (id === table.blankId || special.has(id)) kind = Kind.Skip;
      else if (tok === table.wordDelimiter || tok === ' ') {
        kind = Kind.Delimiter;
        if (delimiterId < 0) delimiterId = id;
      } else if (table.wordStartPrefix && tok.startsWith(table.wordStartPrefix)) {
        kind = Kind.WordStart;
        piece = tok.slice(table.wordStartPrefix.length);
      }
      this.kinds[id] = kind;
      this.pieces.push(piece);
    });
    this.delimiterId = delimiterId;
  }

  /**
   * Decode one utterance. `logProbs` is row-major [numFrames][vocab], log-softmax
   * output (raw logits work too: every row is normalised here).
   */
  decode(logProbs: Float32Array, numFrames: number, vocab: number, overrides: Partial<BeamSearchOptions> = {}): BeamResult {
    const o = { ...this.options, ...overrides };
    if (vocab !== this.table.tokens.length) throw new RangeError(`vocab is ${vocab} but the token table has ${this.table.tokens.length} tokens`);
    if (logProbs.length < numFrames * vocab) throw new RangeError(`logProbs has ${logProbs.length} values, expected ${numFrames}×${vocab}`);
    const lp = normaliseRows(logProbs, numFrames, vocab);
    const blankId = this.table.blankId;
    const root = new Prefix(null, -1, this.initialState());
    root.pB = 0;
    let beams: Prefix[] = [root];
    const candidates: number[] = [];
    for (let t = 0; t < numFrames; t++) {
      const row = t * vocab;
      this.frameCandidates(lp, row, vocab, o, candidates);
      const touched: Prefix[] = [];
      const touch = (p: Prefix): Prefix => {
        if (p.stamp !== t) {
          p.stamp = t;
          p.nB = -Infinity;
          p.nNB = -Infinity;
          touched.push(p);
        }
        return p;
      };
      const lpBlank = lp[row + blankId]!;
      for (const p of beams) {
        const total = lse(p.pB, p.pNB);
        const self = touch(p);
        self.nB = lse(self.nB, total + lpBlank);
        if (p.token >= 0) self.nNB = lse(self.nNB, p.pNB + lp[row + p.token]!);
        for (const c of candidates) {
          const child = touch(this.extend(p, c, o));
          const from = c === p.token ? p.pB : total;
          child.nNB = lse(child.nNB, from + lp[row + c]!);
        }
      }
      beams = prune(touched, o);
    }
    return this.finish(beams, lp, numFrames, vocab, o);
  }

  private initialState(): WordState {
    const { lm, hotwords } = this.resources;
    const hw = hotwords ? hotwords.start() : null;
    return new WordState('', 0, false, 0, lm ? lm.start() : 0, 0, 0, hw, 0, hw ? HotwordGraph.score(hw) : 0);
  }

  private frameCandidates(lp: Float32Array, row: number, vocab: number, o: BeamSearchOptions, out: number[]): void {
    out.length = 0;
    let best = -1;
    for (let v = 0; v < vocab; v++) {
      if (this.kinds[v] === Kind.Skip) continue;
      if (best < 0 || lp[row + v]! > lp[row + best]!) best = v;
      if (lp[row + v]! >= o.tokenMinLogProb) out.push(v);
    }
    if (out.length > o.tokensPerFrame) {
      out.sort((a, b) => lp[row + b]! - lp[row + a]!);
      out.length = o.tokensPerFrame;
    }
    if (best >= 0 && !out.includes(best)) out.push(best);
  }

  private extend(p: Prefix, token: number, o: BeamSearchOptions): Prefix {
    let child = p.children?.get(token);
    if (child) return child;
    const kind = this.kinds[token]!;
    let s = p.state;
    if (kind === Kind.Delimiter) {
      // a delimiter with no word before it changes nothing: same prefix, like a blank
      if (s.partial.length === 0) return p;
      s = this.completeWord(s, o);
    } else {
      if (kind === Kind.WordStart && s.partial.length > 0) s = this.completeWord(s, o);
      s = this.appendPiece(s, this.pieces[token]!, o);
    }
    child = new Prefix(p, token, s);
    (p.children ??= new Map()).set(token, child);
    return child;
  }

  private appendPiece(s: WordState, piece: string, o: BeamSearchOptions): WordState {
    const { lm, lexicon, hotwords } = this.resources;
    let bonus = s.bonus;
    let trieNode = s.trieNode;
    let hw = s.hw;
    for (let i = 0; i < piece.length; i++) {
      const code = piece.charCodeAt(i);
      if (lexicon && trieNode >= 0) trieNode = lexicon.child(trieNode, code);
      if (hotwords && hw) hw = hotwords.advance(hw, code);
    }
    const partial = s.partial + piece;
    let oovCharged = s.oovCharged;
    let outside = s.outside;
    if (lexicon && trieNode < 0) {
      const charge = outside ? o.oovCharPenalty * piece.length : o.oovPenalty + o.oovCharPenalty * partial.length;
      bonus += charge;
      oovCharged += charge;
      outside = true;
    }
    let lookahead = s.lookahead;
    if (lm && lexicon && o.lmLookahead && trieNode >= 0) lookahead = o.lmWeight * lexicon.lookahead(trieNode);
    bonus += lookahead - s.lookahead;
    if (hw && s.hw) bonus += HotwordGraph.score(hw) - HotwordGraph.score(s.hw);
    return new WordState(partial, trieNode, outside, oovCharged, s.lmState, s.lmLogProb, lookahead, hw, s.oovWords, bonus);
  }

  private completeWord(s: WordState, o: BeamSearchOptions): WordState {
    const { lm, lexicon, hotwords, spellCheck } = this.resources;
    let bonus = s.bonus - s.lookahead + o.wordBonus;
    let lmState = s.lmState;
    let lmLogProb = s.lmLogProb;
    if (lm) {
      const r = lm.score(lmState, s.partial);
      bonus += o.lmWeight * r.logProb;
      lmLogProb += r.logProb;
      lmState = r.next;
    }
    let oovWords = s.oovWords;
    if (lexicon && (s.outside || !lexicon.isWord(s.trieNode))) {
      // no Latvian word is this long: spare the check on words run together
      if (s.partial.length <= MAX_SPELL_CHECK_LENGTH && spellCheck?.(s.partial)) bonus -= s.oovCharged;
      else {
        oovWords++;
        if (!s.outside) bonus += o.oovPenalty + o.oovCharPenalty * s.partial.length;
      }
    }
    let hw = s.hw;
    if (hotwords && hw) {
      hw = hotwords.advance(hw, 0x20);
      bonus += HotwordGraph.score(hw) - HotwordGraph.score(s.hw!);
    }
    return new WordState('', 0, false, 0, lmState, lmLogProb, 0, hw, oovWords, bonus);
  }

  /** Close the last word and the sentence; rank, merge equal texts, align the n-best. */
  private finish(beams: Prefix[], lp: Float32Array, numFrames: number, vocab: number, o: BeamSearchOptions): BeamResult {
    const { lm, hotwords } = this.resources;
    const byText = new Map<string, { prefix: Prefix; state: WordState; acoustic: number }>();
    for (const p of beams) {
      let s = p.state.partial.length > 0 ? this.completeWord(p.state, o) : p.state;
      if (lm) {
        const e = lm.end(s.lmState);
        s = s.withBonus(s.bonus + o.lmWeight * e, s.lmLogProb + e, s.hw);
      }
      if (hotwords && s.hw) {
        const hw = hotwords.finish(s.hw);
        s = s.withBonus(s.bonus + HotwordGraph.score(hw) - HotwordGraph.score(s.hw), s.lmLogProb, hw);
      }
      const acoustic = lse(p.pB, p.pNB);
      const text = this.wordsOf(p).join(' ');
      const seen = byText.get(text);
      if (!seen) byText.set(text, { prefix: p, state: s, acoustic });
      else {
        // "a b" and "a b|" are one text; keep the better-scoring prefix for timing
        if (acoustic > seen.acoustic) seen.prefix = p;
        seen.acoustic = lse(seen.acoustic, acoustic);
      }
    }
    const ranked = [...byText.entries()]
      .map(([text, h]) => ({ text, ...h, score: h.acoustic + h.state.bonus }))
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(1, o.nBest));
    const nBest = ranked.map((h): BeamHypothesis => ({
      text: h.text,
      words: this.timedWords(h.prefix, lp, numFrames, vocab, o),
      score: h.score,
      acousticLogProb: h.acoustic,
      lmLogProb: h.state.lmLogProb,
      hotwordBonus: h.state.hw ? HotwordGraph.score(h.state.hw) : 0,
      oovWords: h.state.oovWords,
    }));
    const best = nBest[0];
    return { text: best?.text ?? '', words: best?.words ?? [], nBest };
  }

  private tokensOf(p: Prefix): number[] {
    const out: number[] = [];
    for (let n: Prefix | null = p; n && n.token >= 0; n = n.parent) out.push(n.token);
    return out.reverse();
  }

  /** token ids of each word, in order */
  private wordTokens(p: Prefix): number[][] {
    const words: number[][] = [];
    let cur: number[] = [];
    for (const id of this.tokensOf(p)) {
      const kind = this.kinds[id];
      if (kind === Kind.Delimiter || (kind === Kind.WordStart && cur.length > 0)) {
        if (cur.length > 0) words.push(cur);
        cur = [];
      }
      if (kind !== Kind.Delimiter) cur.push(id);
    }
    if (cur.length > 0) words.push(cur);
    return words;
  }

  private wordsOf(p: Prefix): string[] {
    return this.wordTokens(p)
      .map((ids) => ids.map((id) => this.pieces[id]).join(''))
      .filter((w) => w.length > 0);
  }

  private timedWords(p: Prefix, lp: Float32Array, numFrames: number, vocab: number, o: BeamSearchOptions): WordResult[] {
    const words = this.wordTokens(p);
    const labels = words.flat();
    const a = alignLabels(lp, numFrames, vocab, labels, this.table.blankId, this.delimiterId);
    const out: WordResult[] = [];
    let l = 0;
    for (const ids of words) {
      const text = ids.map((id) => this.pieces[id]).join('');
      const first = l;
      l += ids.length;
      if (text.length === 0) continue;
      if (!a) {
        out.push({ word: text, start: round3(o.timeOffsetSec), end: round3(o.timeOffsetSec), conf: 0 });
        continue;
      }
      let conf = 0;
      for (let i = first; i < l; i++) conf += Math.exp(a.logProb[i]!);
      out.push({
        word: text,
        start: round3(a.firstFrame[first]! * o.frameShiftSec + o.timeOffsetSec),
        end: round3((a.lastFrame[l - 1]! + 1) * o.frameShiftSec + o.timeOffsetSec),
        conf: round3(conf / ids.length),
      });
    }
    return out;
  }
}

/** One-shot convenience: a decoder for a single call. */
export function ctcBeamSearch(
  logProbs: Float32Array,
  numFrames: number,
  vocab: number,
  table: TokenTable,
  resources: BeamResources = {},
  options: Partial<BeamSearchOptions> = {},
): BeamResult {
  return new CtcBeamDecoder(table, resources, options).decode(logProbs, numFrames, vocab);
}

function prune(touched: Prefix[], o: BeamSearchOptions): Prefix[] {
  const scored = touched.map((p) => ({ p, s: lse(p.nB, p.nNB) + p.state.bonus }));
  scored.sort((a, b) => b.s - a.s);
  const best = scored[0]?.s ?? -Infinity;
  const kept: Prefix[] = [];
  for (const { p, s } of scored) {
    if (kept.length >= o.beamWidth || s < best - o.beamPruneLogProb || s === -Infinity) break;
    p.pB = p.nB;
    p.pNB = p.nNB;
    kept.push(p);
  }
  return kept;
}

/** log-softmax of every row (a no-op, up to rounding, on log-probabilities) */
function normaliseRows(x: Float32Array, numFrames: number, vocab: number): Float32Array {
  const out = new Float32Array(numFrames * vocab);
  for (let t = 0; t < numFrames; t++) {
    const row = t * vocab;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) if (x[row + v]! > max) max = x[row + v]!;
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(x[row + v]! - max);
    const norm = max + Math.log(sum);
    for (let v = 0; v < vocab; v++) out[row + v] = x[row + v]! - norm;
  }
  return out;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
