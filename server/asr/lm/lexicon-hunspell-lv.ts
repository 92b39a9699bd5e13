/**
 * The Latvian Hunspell dictionary (npm `dictionary-lv`, LGPL-2.1, from dict.dv.lv
 * v1.4.0 by Jānis Eisaks), parsed once per process (~0.3 s, ~30 MB).
 */
import { parseHunspell, type HunspellDictionary } from './lexicon-hunspell.ts';

let cached: Promise<HunspellDictionary> | null = null;

export function loadLatvianHunspell(): Promise<HunspellDictionary> {
  cached ??= import('dictionary-lv').then(({ default: d }) => {
    const text = new TextDecoder('utf-8');
    return parseHunspell(text.decode(d.aff), text.decode(d.dic));
  });
  return cached;
}
