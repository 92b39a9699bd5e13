/**
 * The service compares two stored runs in SQL (eval-run-repository.ts compare, then
 * run-compare.ts comparisonPage); compareRuns compares the whole runs in memory. The two
 * must give the same answer: on generated runs with shared utterances in different orders,
 * utterances only one run has, edited references, repeated ids, and every filter and page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns, comparisonPage, type ComparedUtterance, type RunComparison } from '../../../server/eval/run-compare.ts';
import type { PairTuple } from '../../../server/metrics/pra.ts';
import { openDatabase, type Database } from '../../../server/storage/database.ts';
import {
  createEvalRunRepository,
  type CompareFilter,
  type EvalRunRepository,
  type NewEvalRun,
  type NewEvalUtterance,
} from '../../../server/storage/eval-run-repository.ts';
import { seededRandom } from '../../../server/pilot/seeded-random.ts';


const WORDS = ['viens', 'divi', 'trīs', 'Rīga', 'rīga', 'pabalsts', 'ģimene', 'iela'];

function utterance(id: string, rand: () => number, reference?: string): NewEvalUtterance {
  const pick = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]!).join(' ');
  const ref = reference ?? pick(1 + Math.floor(rand() * 6));
  const words = ref.split(' ').length;
  // small counts, so equal error counts (same) are common, and hypotheses that differ with the same count
  const substitutions = Math.floor(rand() * 3);
  const deletions = Math.floor(rand() * 2);
  const insertions = rand() < 0.2 ? 1 : 0;
  const alignment: PairTuple[] = [['C', ref.split(' ')[0]!, ref.split(' ')[0]!]];
  return {
    utteranceId: id,
    reference: ref,
    hypothesis: rand() < 0.3 ? ref : pick(1 + Math.floor(rand() * 6)),
    corrected: rand() < 0.5 ? null : pick(2),
    words,
    hits: Math.max(0, words - substitutions - deletions),
    substitutions,
    deletions,
    insertions,
    chars: ref.length,
    charErrors: substitutions + deletions,
    wer: (substitutions + deletions + insertions) / words,
    cer: 0.1,
    audioSec: 2,
    processingMs: 100,
    alignment,
    labels: { condition: rand() < 0.5 ? 'clean' : 'noisy' },
  };
}

const flipCase = (text: string): string => {
  const first = text[0]!;
  return (first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase()) + text.slice(1);
};

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const RUN: NewEvalRun = {
  model: 'm',
  decoder: 'greedy',
  manifest: 'gen.jsonl',
  corporaSignature: null,
  label: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  extra: {},
  utterances: 0,
  words: 0,
  hits: 0,
  substitutions: 0,
  deletions: 0,
  insertions: 0,
  chars: 0,
  charErrors: 0,
  wer: 0,
  cer: 0,
  audioSec: 0,
  processingMs: 0,
  rtf: 0,
};

let db: Database;
let repo: EvalRunRepository;
const runs: Record<'a' | 'b' | 'empty', number> = { a: 0, b: 0, empty: 0 };

beforeAll(() => {
  db = openDatabase(':memory:');
  repo = createEvalRunRepository(db);
  const rand = seededRandom(20261205);
  const id = (k: number) => `audio/utt${String(k).padStart(3, '0')}.wav`;
  // ids 0…149 shared, 150…179 only in a, 180…199 only in b
  const a = shuffle(Array.from({ length: 180 }, (_, k) => k), rand).map((k) => utterance(id(k), rand));
  const aRef = new Map(a.map((u) => [u.utteranceId, u.reference]));
  const b = shuffle([...Array.from({ length: 150 }, (_, k) => k), ...Array.from({ length: 20 }, (_, k) => 180 + k)], rand).map((k) => {
    // most shared references the same text; some edited between the runs, some of those only in case (Rīga / rīga)
    const r = rand();
    const ref = k < 150 && r < 0.85 ? aRef.get(id(k))! : undefined;
    return utterance(id(k), rand, ref !== undefined && r >= 0.7 ? flipCase(ref) : ref);
  });
  // ids repeated within a run: a pairs each of its rows with b's last row of that id
  a.push(utterance(id(7), rand), utterance(id(160), rand));
  b.splice(40, 0, utterance(id(9), rand));
  b.push(utterance(id(9), rand), utterance(id(185), rand));
  runs.a = repo.insert(RUN, a);
  runs.b = repo.insert(RUN, b);
  runs.empty = repo.insert(RUN, []);
});
afterAll(() => db.close());

const FILTERS: readonly CompareFilter[] = ['all', 'changed', 'improved', 'worsened'];
const kept = (us: readonly ComparedUtterance[], only: CompareFilter) =>
  us.filter((u) => (only === 'all' ? true : only === 'changed' ? u.a.hypothesis !== u.b.hypothesis : u.change === only));

function expectSame(x: number, y: number, full: RunComparison): void {
  for (const only of FILTERS) {
    const expected = kept(full.utterances, only);
    for (const [limit, offset] of [[5000, 0], [1, 0], [7, 3], [10, expected.length - 4], [10, expected.length + 5]] as const) {
      for (const [idsLimit, idsOffset] of [[5000, 0], [0, 0], [4, 2]] as const) {
        const got = comparisonPage(repo.compare(x, y, { only, limit, offset: Math.max(0, offset), idsLimit, idsOffset }), only);
        const at = `only=${only} limit=${limit} offset=${offset} idsLimit=${idsLimit} idsOffset=${idsOffset}`;
        expect(got.shared, at).toEqual(full.shared);
        expect(got.total, at).toBe(expected.length);
        expect(got.utterances, at).toEqual(expected.slice(Math.max(0, offset), Math.max(0, offset) + limit));
        expect(got.onlyACount, at).toBe(full.onlyA.length);
        expect(got.onlyBCount, at).toBe(full.onlyB.length);
        expect(got.onlyA, at).toEqual(full.onlyA.slice(idsOffset, idsOffset + idsLimit));
        expect(got.onlyB, at).toEqual(full.onlyB.slice(idsOffset, idsOffset + idsLimit));
      }
    }
  }
}

describe('comparing two stored runs in SQL', () => {
  it('the generated runs exercise every case', () => {
    const full = compareRuns(repo.allUtterances(runs.a), repo.allUtterances(runs.b));
    const s = full.shared;
    // 150 shared ids, and a's second row of id 7 meets b too; 31 and 21 of their own
    expect(s.utterances).toBe(151);
    expect(full.onlyA).toHaveLength(31);
    expect(full.onlyB).toHaveLength(21);
    for (const n of [s.improved, s.worsened, s.same, s.referenceChanged]) expect(n).toBeGreaterThan(5);
    // references that differ only in case count as changed
    expect(full.utterances.some((u) => u.referenceChanged && u.a.reference.toLowerCase() === u.b.reference.toLowerCase())).toBe(true);
    // hypotheses that differ with the same number of errors: changed is not improved + worsened
    expect(kept(full.utterances, 'changed').length).toBeGreaterThan(s.improved + s.worsened);
    // edited references change the word count: shared words are run a's
    expect(full.utterances.some((u) => u.a.words !== u.b.words)).toBe(true);
    // the repeated id 9 of b: its last row is the one compared
    const nine = full.utterances.find((u) => u.utteranceId === 'audio/utt009.wav')!;
    expect(nine.b.seq).toBe(Math.max(...repo.allUtterances(runs.b).filter((u) => u.utteranceId === nine.utteranceId).map((u) => u.seq)));
  });

  it('gives compareRuns’ answer for every filter, page and page of ids', () => {
    expectSame(runs.a, runs.b, compareRuns(repo.allUtterances(runs.a), repo.allUtterances(runs.b)));
  });

  it('the other way round, a run against itself, and against an empty run', () => {
    const all = (id: number) => repo.allUtterances(id);
    expectSame(runs.b, runs.a, compareRuns(all(runs.b), all(runs.a)));
    expectSame(runs.a, runs.a, compareRuns(all(runs.a), all(runs.a)));
    expectSame(runs.a, runs.empty, compareRuns(all(runs.a), []));
    expectSame(runs.empty, runs.b, compareRuns([], all(runs.b)));
    expect(comparisonPage(repo.compare(runs.empty, runs.empty, { only: 'all', limit: 10, offset: 0, idsLimit: 10, idsOffset: 0 }), 'all').shared).toEqual(
      { utterances: 0, words: 0, errorsA: 0, errorsB: 0, werA: 0, werB: 0, improved: 0, worsened: 0, same: 0, referenceChanged: 0 },
    );
  });
});
