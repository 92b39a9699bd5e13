/**
 * Regenerates the bundled corpora in corpora/ from the shared Latvian data.
 *
 *   npx tsx scripts/corpora/build-corpora.ts [--data ../shared/data] [--out corpora]
 *
 * Deterministic: the same inputs give byte-identical outputs (sorted lists,
 * hash-based sampling, no clocks). Files written by hand (providers/,
 * institutions/, abbreviations/) are never touched. Also writes the ordinary-text evaluation
 * sample test/fixtures/correction/ordinary-sentences.tsv, which is held out of
 * every list this script builds so the false-correction figure is honest.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { BloomWordSet } from '../../server/correction/word-set.ts';
import { spokenPlain, stableHash } from './spoken-plain.ts';
import { parseScriptArgs } from '../script-args.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const args = parseScriptArgs({ data: { type: 'string' }, out: { type: 'string' } });
const DATA = resolve(args.data ?? join(ROOT, '../shared/data'));
const OUT = resolve(args.out ?? join(ROOT, 'corpora'));
const FIXTURES = join(ROOT, 'test/fixtures/correction');
/** Share of usable treebank sentences held out for the false-correction measurement. */
const EVAL_SENTENCES = 1000;

const lines = (path: string): string[] =>
  readFileSync(join(DATA, path), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/u, '').trim())
    .filter((l) => l !== '');

const HEADER = 'term\tcategory\tweight\tspoken\tdisplay';
type Row = [term: string, category: string, weight: number, spoken?: string, display?: string];

function writeTsv(path: string, rows: Row[]): void {
  const seen = new Set<string>();
  const out = [HEADER];
  for (const [term, category, weight, spoken = '', display = ''] of rows) {
    const key = `${term}\t${category}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([term, category, String(weight), spoken, display].join('\t'));
  }
  writeFile(path, out.join('\n') + '\n');
}

function writeFile(path: string, content: string | Uint8Array): void {
  const full = join(OUT, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

const byTerm = (a: Row, b: Row) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

// ---- names ---------------------------------------------------------------
function buildNames(): void {
  const top = new Set([...lines('names-lv/top100_given_names_male.txt'), ...lines('names-lv/top100_given_names_female.txt')]);
  const given: Row[] = [];
  for (const line of lines('names-lv/given_names_calendar.tsv').slice(1)) {
    const [name, traditional] = line.split('\t');
    if (!name || !/^\p{Lu}\p{Ll}+$/u.test(name)) continue; // skips "-" and compound rows
    // Weight: the most frequent names (CSP) are boosted; calendar names stay
    // below 1 so the fuzzy step never pulls a word towards a rare name.
    given.push([name, 'given-name', top.has(name) ? 1.5 : traditional === 'yes' ? 0.8 : 0.5]);
  }
  for (const name of top) if (!given.some((r) => r[0] === name)) given.push([name, 'given-name', 1.5]);
  writeTsv('names/given-names.tsv', given.sort(byTerm));
  const surnames: Row[] = [...lines('names-lv/top100_surnames_male.txt'), ...lines('names-lv/top100_surnames_female.txt')].map(
    (s) => [s, 'surname', 1.5],
  );
  writeTsv('names/surnames.tsv', surnames.sort(byTerm));
}

// ---- places and streets --------------------------------------------------
function buildPlaces(): void {
  const rows: Row[] = [];
  const loc: string[] = ['name\tlocative'];
  for (const line of lines('municipalities-lv/municipalities.tsv').slice(1)) {
    const [name, , , , locative, , status] = line.split('\t');
    if (!name) continue;
    rows.push([name, 'municipality', status === 'current' ? 1.5 : 1]);
    if (locative) loc.push(`${name}\t${locative}`);
  }
  writeTsv('places/municipalities.tsv', rows.sort(byTerm));
  // The source's locatives are kept as a check for the inflection rules (see the tests).
  writeFile('places/municipality-locatives.tsv', loc.join('\n') + '\n');
  writeTsv('places/towns.tsv', lines('municipalities-lv/towns.txt').map((t): Row => [t, 'town', 1.5]).sort(byTerm));

  // "Kr. Barona iela" is said and written in full; "11. novembra krastmala" is left to ITN (the ordinal).
  const streets = lines('streets-lv/common_street_names.txt')
    .map((s) => s.replace(/^Kr\. /u, 'Krišjāņa '))
    .filter((s) => spokenPlain(s) !== null && !s.includes('.'))
    .map((s): Row => [s, 'street', 1]);
  writeTsv('streets/streets.tsv', streets.sort(byTerm));
  const types = lines('streets-lv/street_types.tsv').slice(1).map((l): Row => {
    const [type, abbr] = l.split('\t');
    return [type!, 'street-type', 1, '', abbr ?? ''];
  });
  writeTsv('streets/street-types.tsv', types);
}

// ---- social-service terms and abbreviations ------------------------------
function buildSocial(): void {
  const abbr: Row[] = [];
  for (const line of lines('social-services-terms-lv/abbreviations.tsv').slice(1)) {
    const [short, , spelled] = line.split('\t');
    if (!short || !spelled) continue;
    const asWord = /^\(read as a word\)\s*/u.exec(spelled);
    if (asWord) abbr.push([short, 'abbreviation', 1, spelled.slice(asWord[0].length)]);
    // Letter-name spellings only; "p.k." <- "personas kods" is an expansion a
    // clerk would not want forced into running text.
    else if (/^[\p{Ll}]+(-[\p{Ll}]+)+$/u.test(spelled)) abbr.push([short, 'abbreviation', 1, spelled.replace(/-/gu, ' ')]);
  }
  writeTsv('social/abbreviations.tsv', [...abbr].sort(byTerm));
  const spokenAbbr = new Map(abbr.map((r) => [r[0], r[3]!]));

  const terms: Row[] = [];
  for (const line of lines('social-services-terms-lv/terms.tsv').slice(1)) {
    const [term, category] = line.split('\t');
    if (!term) continue;
    // "GMI pabalsts" is said "gē em ī pabalsts"; other rows with digits or quotes
    // (law titles, "Nr. 809") have no spoken form we can be sure of.
    const said = term.split(' ').map((w) => spokenAbbr.get(w) ?? w).join(' ');
    const plain = spokenPlain(said);
    if (plain === null) continue;
    terms.push([term, category === 'institūcija' ? 'institution' : 'term', 1, said !== term ? plain : '']);
  }
  writeTsv('social/terms.tsv', terms.sort(byTerm));
}

// ---- sentences, attested words, common-word filter -----------------------
const WORD = /[\p{L}\p{M}]+/gu;

function buildText(): void {
  const ud = lines('ud-lvtb-sentences/sentences.txt');
  const ntrex = lines('ntrex128-lv/sentences.txt');
  // Held-out sample: the EVAL_SENTENCES usable treebank sentences with the smallest hash.
  const usable = ud
    .map((s) => ({ s, spoken: spokenPlain(s), h: stableHash(s) }))
    .filter((x) => x.spoken !== null && x.spoken.split(' ').length >= 3);
  const held = new Set([...usable].sort((a, b) => a.h - b.h || (a.s < b.s ? -1 : 1)).slice(0, EVAL_SENTENCES).map((x) => x.s));
  mkdirSync(FIXTURES, { recursive: true });
  const evalRows = usable.filter((x) => held.has(x.s)).map((x) => `${x.s.replace(/\t/gu, ' ')}\t${x.spoken}`);
  writeFileSync(join(FIXTURES, 'ordinary-sentences.tsv'), 'written\tspoken\n' + evalRows.join('\n') + '\n');

  const spoken = new Set<string>();
  const attested = new Set<string>();
  for (const s of [...ud, ...ntrex]) {
    if (held.has(s)) continue;
    const p = spokenPlain(s);
    if (p) spoken.add(p);
    // "Attested" = seen written in lower case, so mid-sentence proper names never count.
    for (const m of s.normalize('NFC').matchAll(WORD)) if (m[0] === m[0].toLowerCase()) attested.add(m[0]);
  }
  writeFile('sentences/lv-sentences-spoken.txt', [...spoken].sort().join('\n') + '\n');
  writeFile('common-words/attested-forms.txt', [...attested].sort().join('\n') + '\n');

  const forms = gunzipSync(readFileSync(join(DATA, 'hunspell-lv/lv_wordforms_unmunched.txt.gz')))
    .toString('utf8')
    .split('\n')
    .filter((w) => w !== '' && w === w.toLowerCase());
  const bloom = BloomWordSet.create(forms.length + attested.size, 0.005);
  for (const w of forms) bloom.add(w);
  for (const w of attested) bloom.add(w);
  writeFile('common-words/common-words.bloom', bloom.toBytes());
  console.log(JSON.stringify({ evalSentences: evalRows.length, lmSentences: spoken.size, attested: attested.size, bloomForms: forms.length }));
}

function copyLicences(): void {
  copyFileSync(join(DATA, 'ud-lvtb-sentences/LICENSE-CC-BY-SA-4.0.txt'), join(OUT, 'sentences/LICENSE-CC-BY-SA-4.0.txt'));
  copyFileSync(join(DATA, 'ud-lvtb-sentences/LICENSE-CC-BY-SA-4.0.txt'), join(OUT, 'common-words/LICENSE-CC-BY-SA-4.0.txt'));
  copyFileSync(join(DATA, 'hunspell-lv/LICENSE-LGPL-2.1.txt'), join(OUT, 'common-words/LICENSE-LGPL-2.1.txt'));
  copyFileSync(join(DATA, 'ud-lvtb-sentences/LICENSE-CC-BY-SA-4.0.txt'), join(FIXTURES, 'LICENSE-CC-BY-SA-4.0.txt'));
}

buildNames();
buildPlaces();
buildSocial();
buildText();
copyLicences();
