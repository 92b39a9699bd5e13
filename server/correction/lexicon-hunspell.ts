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

export interface FlaggedRule {
  readonly flag: string;
  readonly rule: SuffixRule;
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
  /** rules indexed by what they add */
  readonly rulesByAdd: ReadonlyMap<string, readonly FlaggedRule[]>;
  readonly maxAddLength: number;
  /** prefix rules (ne-, jā-, vis-), for recognising forms only */
  readonly prefixes: readonly { flag: string; strip: string; add: string }[];
  /** per flag passed on (twofold suffixes), the rules that pass it, indexed by what they add */
  readonly rulesByContinuation: ReadonlyMap<string, ReadonlyMap<string, readonly FlaggedRule[]>>;
  readonly needAffix: string | null;
  readonly circumfix: string | null;
}

export function parseHunspell(aff: string, dic: string): HunspellDictionary {
  const suffixes = new Map<string, SuffixRule[]>();
  const prefixes: { flag: string; strip: string; add: string }[] = [];
  let needAffix: string | null = null;
  let circumfix: string | null = null;
  for (const line of aff.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'NEEDAFFIX' && f[1]) needAffix = f[1];
    else if (f[0] === 'CIRCUMFIX' && f[1]) circumfix = f[1];
    else if (f[0] === 'FLAG' && f[1] && f[1] !== 'UTF-8') throw new Error(`Hunspell FLAG ${f[1]} is not supported; use single-character flags`);
    else if (f[0] === 'PFX' && f.length >= 5) {
      const add = f[3]!.split('/')[0]!;
      prefixes.push({ flag: f[1]!, strip: f[2] === '0' ? '' : f[2]!, add: add === '0' ? '' : add });
    } else if (f[0] === 'SFX' && f.length >= 5) {
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
  const rulesByAdd = new Map<string, FlaggedRule[]>();
  const rulesByContinuation = new Map<string, Map<string, FlaggedRule[]>>();
  const push = (m: Map<string, FlaggedRule[]>, key: string, v: FlaggedRule): void => {
    const list = m.get(key);
    if (list) list.push(v);
    else m.set(key, [v]);
  };
  let maxAddLength = 0;
  for (const [flag, rules] of suffixes) {
    for (const rule of rules) {
      push(rulesByAdd, rule.add, { flag, rule });
      maxAddLength = Math.max(maxAddLength, rule.add.length);
      for (const c of new Set(rule.continuation)) {
        let byAdd = rulesByContinuation.get(c);
        if (!byAdd) rulesByContinuation.set(c, (byAdd = new Map()));
        push(byAdd, rule.add, { flag, rule });
      }
    }
  }
  return { suffixes, entries, prefixes, rulesByAdd, maxAddLength, rulesByContinuation, needAffix, circumfix };
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
  for (const { flag, rule } of rulesEndingIn(dict.rulesByAdd, dict.maxAddLength, form)) {
    const stem = form.slice(0, form.length - rule.add.length) + rule.strip;
    if (stem.length === 0 || (rule.condition && !rule.condition.test(stem))) continue;
    for (const entry of dict.entries.get(stem) ?? []) {
      if (entry.flags.includes(flag) && !out.some((o) => o.entry === entry && o.tag === rule.tag)) out.push({ entry, tag: rule.tag });
    }
  }
  return out;
}

/**
 * Whether Hunspell would generate `form` from some headword by at most two
 * suffixes (the twofold suffixes of participles included) and at most one
 * prefix (ne-, jā-, vis-). Circumfix rules are accepted with or without their
 * prefix, so this errs on the side of "yes".
 */
export function isWordForm(dict: HunspellDictionary, form: string): boolean {
  if (matchSuffixes(dict, form, null)) return true;
  for (const p of dict.prefixes) {
    if (p.add.length > 0 && form.length > p.add.length && form.startsWith(p.add) && matchSuffixes(dict, p.strip + form.slice(p.add.length), p.flag)) return true;
  }
  return false;
}

function matchSuffixes(dict: HunspellDictionary, form: string, prefixFlag: string | null): boolean {
  if (hasEntry(dict, form, null, prefixFlag)) return true;
  const maxK = Math.min(dict.maxAddLength, form.length);
  for (let k = 0; k <= maxK; k++) {
    const rules = dict.rulesByAdd.get(form.slice(form.length - k));
    if (!rules) continue;
    const base = form.slice(0, form.length - k);
    for (const { flag, rule } of rules) {
      const stem = base + rule.strip;
      if (stem.length === 0 || (rule.condition && !rule.condition.test(stem))) continue;
      if (hasEntry(dict, stem, flag, prefixFlag)) return true;
      const byAdd = dict.rulesByContinuation.get(flag);
      if (!byAdd) continue;
      const maxK2 = Math.min(dict.maxAddLength, stem.length);
      for (let k2 = 0; k2 <= maxK2; k2++) {
        const outers = byAdd.get(stem.slice(stem.length - k2));
        if (!outers) continue;
        const base2 = stem.slice(0, stem.length - k2);
        for (const outer of outers) {
          const root = base2 + outer.rule.strip;
          if (root.length === 0 || (outer.rule.condition && !outer.rule.condition.test(root))) continue;
          if (hasEntry(dict, root, outer.flag, prefixFlag)) return true;
        }
      }
    }
  }
  return false;
}

function hasEntry(dict: HunspellDictionary, word: string, flag: string | null, prefixFlag: string | null): boolean {
  const list = dict.entries.get(word);
  if (!list) return false;
  for (const e of list) if ((flag === null || e.flags.includes(flag)) && (prefixFlag === null || e.flags.includes(prefixFlag))) return true;
  return false;
}

/**
 * A memoised lower-case spelling check for the decoder: is this a Latvian word
 * form (also as a capitalised proper noun)? The cache is bounded.
 */
export function createSpellChecker(dict: HunspellDictionary, maxCached = 200_000): (word: string) => boolean {
  const cache = new Map<string, boolean>();
  return (word: string): boolean => {
    let known = cache.get(word);
    if (known === undefined) {
      const cap = word.charAt(0).toLocaleUpperCase('lv') + word.slice(1);
      known = isWordForm(dict, word) || isWordForm(dict, cap);
      if (cache.size >= maxCached) cache.clear();
      cache.set(word, known);
    }
    return known;
  };
}

/** Rules whose added text ends `form`, via one map look-up per suffix length. */
function* rulesEndingIn(byAdd: ReadonlyMap<string, readonly FlaggedRule[]>, maxAddLength: number, form: string): Generator<FlaggedRule> {
  for (let k = 0; k <= Math.min(maxAddLength, form.length); k++) {
    const rules = byAdd.get(form.slice(form.length - k));
    if (rules) yield* rules;
  }
}
