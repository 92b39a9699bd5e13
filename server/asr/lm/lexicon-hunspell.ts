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
  /** rules indexed by what they add, then by what they strip (one stem per group) */
  readonly rulesByAdd: ReadonlyMap<string, ReadonlyMap<string, readonly FlaggedRule[]>>;
  readonly maxAddLength: number;
  /** prefix rules (ne-, jā-, vis-), for recognising forms only */
  readonly prefixes: readonly { flag: string; strip: string; add: string }[];
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
  const rulesByAdd = new Map<string, Map<string, FlaggedRule[]>>();
  const push = (m: Map<string, FlaggedRule[]>, key: string, v: FlaggedRule): void => {
    const list = m.get(key);
    if (list) list.push(v);
    else m.set(key, [v]);
  };
  let maxAddLength = 0;
  for (const [flag, rules] of suffixes) {
    for (const rule of rules) {
      let byStrip = rulesByAdd.get(rule.add);
      if (!byStrip) rulesByAdd.set(rule.add, (byStrip = new Map()));
      push(byStrip, rule.strip, { flag, rule });
      maxAddLength = Math.max(maxAddLength, rule.add.length);
    }
  }
  return { suffixes, entries, prefixes, rulesByAdd, maxAddLength, needAffix, circumfix };
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
  const intermediates = intermediatesOf(dict);
  const own = dict.entries.get(form);
  if (own && hasEntry(own, null, prefixFlag)) return true;
  const maxK = Math.min(dict.maxAddLength, form.length);
  for (let k = 0; k <= maxK; k++) {
    const groups = dict.rulesByAdd.get(form.slice(form.length - k));
    if (!groups) continue;
    const base = form.slice(0, form.length - k);
    for (const [strip, rules] of groups) {
      const stem = base + strip;
      if (stem.length === 0) continue;
      // most stems are no word and no participle stem: one look-up rules the group out
      const entries = dict.entries.get(stem);
      const inter = intermediates.get(stem);
      if (!entries && !inter) continue;
      for (const { flag, rule } of rules) {
        if (rule.condition && !rule.condition.test(stem)) continue;
        if (entries && hasEntry(entries, flag, prefixFlag)) return true;
        // twofold: the stem is itself a suffixed form that passes this flag on
        for (const it of inter ?? []) {
          if (it.continuation.includes(flag) && (prefixFlag === null || it.entryFlags.includes(prefixFlag))) return true;
        }
      }
    }
  }
  return false;
}

interface Intermediate {
  readonly continuation: string;
  readonly entryFlags: string;
}

const intermediateCache = new WeakMap<HunspellDictionary, Map<string, Intermediate[]>>();

/** Forms made by a suffix that carries further flags (participle stems): built once per dictionary. */
function intermediatesOf(dict: HunspellDictionary): Map<string, Intermediate[]> {
  let m = intermediateCache.get(dict);
  if (m) return m;
  m = new Map();
  for (const list of dict.entries.values()) {
    for (const e of list) {
      for (const flag of e.flags) {
        for (const r of dict.suffixes.get(flag) ?? []) {
          if (!r.continuation || !e.word.endsWith(r.strip) || (r.condition && !r.condition.test(e.word))) continue;
          const form = e.word.slice(0, e.word.length - r.strip.length) + r.add;
          const item = { continuation: r.continuation, entryFlags: e.flags };
          const items = m.get(form);
          if (items) items.push(item);
          else m.set(form, [item]);
        }
      }
    }
  }
  intermediateCache.set(dict, m);
  return m;
}

function hasEntry(list: readonly DictionaryEntry[], flag: string | null, prefixFlag: string | null): boolean {
  for (const e of list) if ((flag === null || e.flags.includes(flag)) && (prefixFlag === null || e.flags.includes(prefixFlag))) return true;
  return false;
}

/**
 * A memoised lower-case spelling check for the decoder: is this a Latvian word
 * form (also as a capitalised proper noun)? The cache is bounded.
 */
export function createSpellChecker(dict: HunspellDictionary, maxCached = 200_000): (word: string) => boolean {
  intermediatesOf(dict); // ~0.3 s once: pay it here, not in the first decode
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
function* rulesEndingIn(byAdd: HunspellDictionary['rulesByAdd'], maxAddLength: number, form: string): Generator<FlaggedRule> {
  for (let k = 0; k <= Math.min(maxAddLength, form.length); k++) {
    for (const rules of byAdd.get(form.slice(form.length - k))?.values() ?? []) yield* rules;
  }
}
