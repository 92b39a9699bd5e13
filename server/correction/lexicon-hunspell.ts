/**
 * Reads a Hunspell .aff/.dic pair (the Latvian one from `dictionary-lv`) far
 * enough to generate a word's inflected forms: suffix rules with their strip,
 * add, condition, continuation flags and `is:` morphology tags.
 *
 * Not covered, because case forms do not need them: prefixes (ne-, jā-, vis-),
 * compounding, aliases (AF/AM), multi-character flag types. Circumfix forms
 * (superlatives that need "vis-") and NEEDAFFIX stems are left out.
 *
 * Latvian `is:` tags: number (v singular, d plural), kind (p plain, d diminutive),
 * case (n g d a l v = nominative genitive dative accusative locative vocative).
 */

export interface SuffixRule {
  readonly strip: string;
  readonly add: string;
  /** flags the derived form carries on (twofold suffixes) */
  readonly continuation: string;
  readonly condition: RegExp | null;
  readonly tag: string | null;
}

export interface DictionaryEntry {
  readonly word: string;
  readonly flags: string;
  /** Latvian part-of-speech / paradigm field, e.g. "lietv1r" (noun, declension 1) */
  readonly pos: string | null;
}

export interface WordForm {
  readonly form: string;
  /** `is:` tag without the prefix, e.g. "vpg"; null where the rule has none */
  readonly tag: string | null;
}

export interface HunspellDictionary {
  readonly suffixes: ReadonlyMap<string, readonly SuffixRule[]>;
  /** headwords exactly as written (proper nouns capitalised) */
  readonly entries: ReadonlyMap<string, readonly DictionaryEntry[]>;
  /** rules indexed by the last character of what they add ('' for empty adds) */
  readonly rulesByEnding: ReadonlyMap<string, readonly { flag: string; rule: SuffixRule }[]>;
  readonly needAffix: string | null;
  readonly circumfix: string | null;
}

export function parseHunspell(aff: string, dic: string): HunspellDictionary {
  const suffixes = new Map<string, SuffixRule[]>();
  let needAffix: string | null = null;
  let circumfix: string | null = null;
  for (const line of aff.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'NEEDAFFIX' && f[1]) needAffix = f[1];
    else if (f[0] === 'CIRCUMFIX' && f[1]) circumfix = f[1];
    else if (f[0] === 'FLAG' && f[1] && f[1] !== 'UTF-8') throw new Error(`Hunspell FLAG ${f[1]} is not supported; use single-character flags`);
    else if (f[0] === 'SFX' && f.length >= 5) {
      // rule lines; the "SFX flag Y count" header has four fields
      const [, flag, strip, addField, cond, ...morph] = f as [string, string, string, string, string, ...string[]];
      const slash = addField.indexOf('/');
      const add = slash >= 0 ? addField.slice(0, slash) : addField;
      const rule: SuffixRule = {
        strip: strip === '0' ? '' : strip,
        add: add === '0' ? '' : add,
        continuation: slash >= 0 ? addField.slice(slash + 1) : '',
        condition: cond === '.' ? null : new RegExp(`${cond}$`, 'u'),
        tag: morph.find((m) => m.startsWith('is:'))?.slice(3) ?? null,
      };
      let list = suffixes.get(flag);
      if (!list) suffixes.set(flag, (list = []));
      list.push(rule);
    }
  }
  const entries = new Map<string, DictionaryEntry[]>();
  const lines = dic.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length === 0) continue;
    const [head, ...rest] = line.split(/\s+/) as [string, ...string[]];
    const slash = head.indexOf('/');
    const word = slash >= 0 ? head.slice(0, slash) : head;
    const entry: DictionaryEntry = {
      word,
      flags: slash >= 0 ? head.slice(slash + 1) : '',
      pos: rest.find((m) => m.startsWith('po:'))?.slice(3) ?? null,
    };
    const list = entries.get(word);
    if (list) list.push(entry);
    else entries.set(word, [entry]);
  }
  const rulesByEnding = new Map<string, { flag: string; rule: SuffixRule }[]>();
  for (const [flag, rules] of suffixes) {
    for (const rule of rules) {
      const key = rule.add.slice(-1);
      let list = rulesByEnding.get(key);
      if (!list) rulesByEnding.set(key, (list = []));
      list.push({ flag, rule });
    }
  }
  return { suffixes, entries, rulesByEnding, needAffix, circumfix };
}

/** The entry's own form (unless it needs an affix) and every suffixed form, twofold suffixes included. */
export function expandEntry(dict: HunspellDictionary, entry: DictionaryEntry): WordForm[] {
  const out: WordForm[] = [];
  if (!dict.needAffix || !entry.flags.includes(dict.needAffix)) out.push({ form: entry.word, tag: null });
  applySuffixes(dict, entry.word, entry.flags, null, 0, out);
  return out;
}

function applySuffixes(dict: HunspellDictionary, word: string, flags: string, tag: string | null, depth: number, out: WordForm[]): void {
  for (const flag of flags) {
    const rules = dict.suffixes.get(flag);
    if (!rules) continue;
    for (const r of rules) {
      if (!word.endsWith(r.strip) || (r.condition && !r.condition.test(word))) continue;
      if (dict.circumfix && r.continuation.includes(dict.circumfix)) continue;
      const form = word.slice(0, word.length - r.strip.length) + r.add;
      const formTag = r.tag ?? tag;
      if (!dict.needAffix || !r.continuation.includes(dict.needAffix)) out.push({ form, tag: formTag });
      if (r.continuation && depth === 0) applySuffixes(dict, form, r.continuation, formTag, 1, out);
    }
  }
}

/**
 * Headwords whose expansion contains `form` (one suffix level, like Hunspell's
 * own affix stripping), with the tag of that form; the form itself when it is one.
 */
export function analyse(dict: HunspellDictionary, form: string): { entry: DictionaryEntry; tag: string | null }[] {
  const out: { entry: DictionaryEntry; tag: string | null }[] = [];
  for (const entry of dict.entries.get(form) ?? []) out.push({ entry, tag: null });
  const candidates = [...(dict.rulesByEnding.get(form.slice(-1)) ?? []), ...(dict.rulesByEnding.get('') ?? [])];
  for (const { flag, rule } of candidates) {
    if (!form.endsWith(rule.add)) continue;
    const stem = form.slice(0, form.length - rule.add.length) + rule.strip;
    if (stem.length === 0 || (rule.condition && !rule.condition.test(stem))) continue;
    for (const entry of dict.entries.get(stem) ?? []) {
      if (entry.flags.includes(flag) && !out.some((o) => o.entry === entry && o.tag === rule.tag)) out.push({ entry, tag: rule.tag });
    }
  }
  return out;
}
