/**
 * Generates a held-out test set for the correction pipeline that was never
 * used for tuning: structured values (names, amounts, dates, codes, places,
 * providers) rendered twice — as a clerk writes them and as they are said —
 * then the spoken side gets recogniser-like slips on domain words (a lost
 * diacritic, a compound split in two).
 *
 *   npx tsx scripts/corpora/make-heldout.ts [--n 200] [--seed 7] [--out test/fixtures/correction/heldout.jsonl]
 *
 * The number words are rendered here, independently of the ITN parser, the
 * way scripts/train/lv_spoken.py renders them for the acoustic model.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBundledEntries } from '../../server/correction/bundled-corpora.ts';
import { stripDiacritics } from '../../server/latvian/letters.ts';
import { seededRandom } from '../../server/pilot/seeded-random.ts';
import { parseScriptArgs } from '../script-args.ts';

const args = parseScriptArgs({ n: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } });
const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const N = Number(args.n ?? 200);
const OUT = resolve(args.out ?? resolve(ROOT, 'test/fixtures/correction/heldout.jsonl'));

// Seeded, so the set is reproducible.
const rand = seededRandom(Number(args.seed ?? 7));
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// ---- spoken numbers (independent of server/correction/itn) ----------------
const UNITS = ['nulle', 'viens', 'divi', 'trīs', 'četri', 'pieci', 'seši', 'septiņi', 'astoņi', 'deviņi'];
const UNITS_F = ['nulle', 'viena', 'divas', 'trīs', 'četras', 'piecas', 'sešas', 'septiņas', 'astoņas', 'deviņas'];
const TEENS = ['desmit', 'vienpadsmit', 'divpadsmit', 'trīspadsmit', 'četrpadsmit', 'piecpadsmit', 'sešpadsmit', 'septiņpadsmit', 'astoņpadsmit', 'deviņpadsmit'];
const TENS = ['', 'desmit', 'divdesmit', 'trīsdesmit', 'četrdesmit', 'piecdesmit', 'sešdesmit', 'septiņdesmit', 'astoņdesmit', 'deviņdesmit'];
const HUNDRED = ['', '', 'div', 'trīs', 'četr', 'piec', 'seš', 'septiņ', 'astoņ', 'deviņ'];
const ORD = ['', 'pirm', 'otr', 'treš', 'ceturt', 'piekt', 'sest', 'septīt', 'astot', 'devīt'];
const MONTHS = ['janvāris', 'februāris', 'marts', 'aprīlis', 'maijs', 'jūnijs', 'jūlijs', 'augusts', 'septembris', 'oktobris', 'novembris', 'decembris'];
const MONTHS_LOC = ['janvārī', 'februārī', 'martā', 'aprīlī', 'maijā', 'jūnijā', 'jūlijā', 'augustā', 'septembrī', 'oktobrī', 'novembrī', 'decembrī'];

function below100(n: number, fem = false): string {
  if (n < 10) return (fem ? UNITS_F : UNITS)[n]!;
  if (n < 20) return TEENS[n - 10]!;
  const u = n % 10;
  return TENS[Math.floor(n / 10)]! + (u ? ` ${(fem ? UNITS_F : UNITS)[u]}` : '');
}
function below1000(n: number, fem = false): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  const parts: string[] = [];
  if (h === 1) parts.push('simts');
  else if (h > 1) parts.push(rand() < 0.5 ? `${HUNDRED[h]}simt` : `${UNITS[h]} simti`);
  if (r) parts.push(below100(r, fem));
  return parts.join(' ');
}
function cardinal(n: number, fem = false): string {
  if (n === 0) return 'nulle';
  const th = Math.floor(n / 1000);
  const r = n % 1000;
  const parts: string[] = [];
  if (th === 1) parts.push('tūkstotis');
  else if (th > 1) parts.push(`${below1000(th)} tūkstoši`);
  if (r) parts.push(below1000(r, fem));
  return parts.join(' ');
}
/** Masculine ordinal with a definite ending: "ais" nominative, "ā" genitive, "ajā" locative. */
function ordinal(n: number, ending: string): string {
  if (n >= 100) {
    const head = n - (n % 100);
    return `${cardinal(head)} ${ordinal(n % 100, ending)}`;
  }
  if (n < 10) return ORD[n]! + ending;
  if (n < 20) return TEENS[n - 10]! + ending;
  const u = n % 10;
  return u ? `${TENS[Math.floor(n / 10)]} ${ORD[u]}${ending}` : TENS[n / 10]! + ending;
}
function digitGroups(digits: string): string {
  const out: string[] = [];
  for (let i = 0; i < digits.length; ) {
    const two = rand() < 0.6 && i + 1 < digits.length && digits[i] !== '0';
    out.push(two ? below100(Number(digits.slice(i, i + 2))) : UNITS[Number(digits[i])]!);
    i += two ? 2 : 1;
  }
  return out.join(' ');
}
const LETTERS: Record<string, string> = { A: 'a', B: 'bē', C: 'cē', D: 'dē', E: 'e', F: 'ef', G: 'gē', H: 'hā', I: 'i', J: 'jē', K: 'kā', L: 'el', M: 'em', N: 'en', O: 'o', P: 'pē', R: 'er', S: 'es', T: 'tē', U: 'u', V: 'vē', X: 'iks', Z: 'zē' };
const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');

// ---- vocabulary from the bundled corpora -----------------------------------
const entries = loadBundledEntries();
const byCat = (c: string) => entries.filter((e) => e.category === c && (e.weight ?? 1) >= 1 && !e.spoken);
const given = byCat('given-name').filter((e) => (e.weight ?? 1) >= 1.5).map((e) => e.term);
const surnames = byCat('surname').map((e) => e.term);
const providers = byCat('provider').map((e) => e.term);
const institutions = byCat('institution').map((e) => e.term);
const streets = byCat('street').filter((e) => e.term.endsWith(' iela')).map((e) => e.term);
const towns = byCat('town').map((e) => e.term);
const abbreviations = entries.filter((e) => e.category === 'abbreviation' && e.spoken && e.spoken.includes(' '));
const locatives = readFileSync(resolve(ROOT, 'corpora/places/municipality-locatives.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[1]!);
const male = (w: string) => /[sš]$/u.test(w);

interface Item {
  spoken: string;
  written: string;
  /** words of `spoken` that a recogniser may mishear (domain words) */
  domain: string[];
}
const say = (written: string) => written.toLocaleLowerCase('lv');

const TEMPLATES: Array<[string, () => Item]> = [
  ['name', () => {
    const g = pick(given);
    const s = pick(surnames.filter((x) => male(x) === male(g)));
    return { spoken: `klients ${say(g)} ${say(s)}`, written: `Klients ${g} ${s}`, domain: [say(s)] };
  }],
  ['place', () => {
    const loc = pick(locatives);
    return { spoken: `dzīvo ${say(loc)}`, written: `Dzīvo ${loc}`, domain: say(loc).split(' ') };
  }],
  ['money', () => {
    const eur = int(5, 2500);
    const cents = rand() < 0.5 ? int(1, 99) : 0;
    const spoken = `${cardinal(eur)} eiro${cents ? ` un ${cardinal(cents)} centi` : ''}`;
    const label = pick(['īres maksa', 'ienākumi', 'parāds', 'komunālie maksājumi']);
    return { spoken: `${label} ${spoken}`, written: `${label[0]!.toUpperCase()}${label.slice(1)} ${eur}${cents ? `,${String(cents).padStart(2, '0')}` : ''} EUR`, domain: [] };
  }],
  ['date', () => {
    const y = int(2015, 2026);
    const m = int(0, 11);
    const d = int(1, 28);
    const style = rand();
    if (style < 0.5) return { spoken: `lēmums pieņemts ${ordinal(y, 'ā')} gada ${ordinal(d, 'ajā')} ${MONTHS_LOC[m]}`, written: `Lēmums pieņemts ${y}. gada ${d}. ${MONTHS_LOC[m]}`, domain: [] };
    return { spoken: `datums ${ordinal(d, 'ais')} ${MONTHS[m]} ${cardinal(y)}`, written: `Datums ${y}. gada ${d}. ${MONTHS[m]}`, domain: [] };
  }],
  ['time', () => {
    const h = int(8, 17);
    const mm = pick([0, 15, 30, 45]);
    return { spoken: `tikšanās pulksten ${cardinal(h)}${mm ? ` ${cardinal(mm)}` : ''}`, written: `Tikšanās pulksten ${h}.${String(mm).padStart(2, '0')}`, domain: [] };
  }],
  ['code', () => {
    const head = `${String(int(1, 28)).padStart(2, '0')}${String(int(1, 12)).padStart(2, '0')}${String(int(40, 99)).padStart(2, '0')}`;
    const tail = digits(5);
    return { spoken: `personas kods ${digitGroups(head)} domuzīme ${digitGroups(tail)}`, written: `Personas kods ${head}-${tail}`, domain: [] };
  }],
  ['phone', () => {
    const d = pick(['2', '6']) + digits(7);
    return { spoken: `tālrunis ${digitGroups(d)}`, written: `Tālrunis ${d}`, domain: [] };
  }],
  ['iban', () => {
    const bank = pick(['HABA', 'UNLA', 'PARX', 'RIKO']);
    const check = String(int(10, 99));
    const acct = digits(13);
    const spoken = `konta numurs el vē ${below100(Number(check))} ${[...bank].map((c) => LETTERS[c]).join(' ')} ${digitGroups(acct)}`;
    return { spoken, written: `Konta numurs LV${check}${bank}${acct}`, domain: [] };
  }],
  ['provider', () => {
    const p = pick(providers);
    return { spoken: `pakalpojuma sniedzējs ${say(p)}`, written: `Pakalpojuma sniedzējs ${p}`, domain: say(p).split(' ') };
  }],
  ['institution', () => {
    const i = pick(institutions);
    return { spoken: `iesniegumu izskatīs ${say(i)} punkts`, written: `Iesniegumu izskatīs ${i}.`, domain: say(i).split(' ') };
  }],
  ['abbr', () => {
    const a = pick(abbreviations);
    return { spoken: `izziņa no ${a.spoken}`, written: `Izziņa no ${a.term}`, domain: [] };
  }],
  ['address', () => {
    const s = pick(streets);
    const house = int(1, 120);
    const flat = int(1, 60);
    const t = pick(towns);
    return { spoken: `adrese ${say(s)} ${cardinal(house)} dzīvoklis ${cardinal(flat)} ${say(t)}`, written: `Adrese ${s} ${house}-${flat} ${t}`, domain: [say(t)] };
  }],
  ['count', () => {
    const n = int(1, 15);
    const noun = pick(['bērni', 'cilvēki']);
    const w = n <= 10 ? below100(n) : String(n);
    return { spoken: `mājsaimniecībā ir ${below100(n)} ${noun} komats ienākumi ir zemi punkts`, written: `Mājsaimniecībā ir ${w} ${noun}, ienākumi ir zemi.`, domain: [] };
  }],
];

/** Recogniser-like slips on a domain word: a lost diacritic, or a long word split in two. */
function slip(item: Item): Item {
  const candidates = item.domain.filter((w) => w.length >= 6);
  if (candidates.length === 0 || rand() < 0.5) return item;
  const w = pick(candidates);
  let heard = w;
  if (rand() < 0.7 && stripDiacritics(w) !== w) {
    const marks = [...w].map((c, i) => (stripDiacritics(c) !== c ? i : -1)).filter((i) => i >= 0);
    const k = pick(marks);
    heard = w.slice(0, k) + stripDiacritics(w[k]!) + w.slice(k + 1);
  } else if (w.length >= 9 && !item.spoken.includes(' ' + w + ' ' + w)) {
    const k = int(4, w.length - 4);
    heard = `${w.slice(0, k)} ${w.slice(k)}`;
  }
  return { ...item, spoken: item.spoken.split(' ').map((t) => (t === w ? heard : t)).join(' ') };
}

const out: string[] = [];
const seen = new Set<string>();
while (out.length < N) {
  const [tag, make] = pick(TEMPLATES);
  const item = slip(make());
  if (seen.has(item.spoken)) continue;
  seen.add(item.spoken);
  out.push(JSON.stringify({ id: `heldout-${String(out.length + 1).padStart(3, '0')}`, spoken: item.spoken, expected: item.written, tags: [tag] }));
}
writeFileSync(OUT, out.join('\n') + '\n');
console.log(`wrote ${out.length} cases to ${OUT}`);
