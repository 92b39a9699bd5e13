import { describe, expect, it } from 'vitest';
import { LexiconTrie, NO_NODE, TRIE_ROOT } from '../../../../server/asr/lm/lexicon-trie.ts';

const WORDS = ['par', 'parādi', 'pabalsts', 'pabalstu', 'bāriņtiesa', 'bāriņtiesas', 'ūdens', 'par'];
const LOGP: Record<string, number> = { par: -2, parādi: -7, pabalsts: -5, pabalstu: -6, bāriņtiesa: -8, bāriņtiesas: -9, ūdens: -4 };

describe('LexiconTrie', () => {
  const trie = LexiconTrie.fromWords(WORDS, { logProbOf: (w) => LOGP[w]! });

  it('knows words and prefixes, Latvian letters included', () => {
    expect(trie.size).toBe(7);
    for (const w of WORDS) expect(trie.has(w)).toBe(true);
    expect(trie.has('pa')).toBe(false);
    expect(trie.hasPrefix('pa')).toBe(true);
    expect(trie.hasPrefix('bāriņt')).toBe(true);
    expect(trie.hasPrefix('bārint')).toBe(false);
    expect(trie.has('parapkuri')).toBe(false);
    expect(trie.hasPrefix('')).toBe(true);
  });

  it('walks one character at a time as the beam search does', () => {
    let n = TRIE_ROOT;
    for (const ch of 'ūdens') {
      expect(trie.isWord(n)).toBe(false);
      n = trie.child(n, ch.charCodeAt(0));
      expect(n).not.toBe(NO_NODE);
    }
    expect(trie.isWord(n)).toBe(true);
    expect(trie.child(n, 'x'.charCodeAt(0))).toBe(NO_NODE);
    expect(trie.isWord(TRIE_ROOT)).toBe(false);
  });

  it('look-ahead is the best score of any word below a node', () => {
    expect(trie.lookahead(trie.walk(TRIE_ROOT, 'pa'))).toBe(-2);
    expect(trie.lookahead(trie.walk(TRIE_ROOT, 'pab'))).toBe(-5);
    expect(trie.lookahead(trie.walk(TRIE_ROOT, 'parā'))).toBe(-7);
    expect(trie.lookahead(TRIE_ROOT)).toBe(-2);
  });

  it('grows past its initial capacity and ignores empty strings', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `vārds${i.toString(36)}`);
    const big = LexiconTrie.fromWords([...many, '']);
    expect(big.size).toBe(5000);
    expect(big.has('vārds3w')).toBe(true);
    expect(big.has('vārds')).toBe(false);
    expect(big.lookahead(TRIE_ROOT)).toBe(0);
  });
});
