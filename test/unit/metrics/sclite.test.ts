/**
 * Our WER counts must equal NIST sclite's on the same texts. Runs the real
 * sclite binary (Debian package `sctk`); a missing binary is a failure, not a
 * skip, because the claim "counts equal sclite's" is otherwise untested.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreCorpus, type ScoringPair } from '../../../server/metrics/error-rates.ts';
import { buildTrnFiles } from '../../../server/metrics/trn.ts';
import { findSclite } from '../../support/sclite.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const FIXTURE = new URL('../../fixtures/sclite/pairs.json', import.meta.url);

interface Counts {
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
}

interface ScliteReport {
  total: Counts & { words: number; sentences: number };
  perUtterance: Map<string, Counts>;
}

const tempDir = tempDirs('diktats-sclite-');

function runSclite(pairs: readonly ScoringPair[]): { report: ScliteReport; ids: string[] } {
  const [command, lead] = findSclite();
  const dir = tempDir();
  const trn = buildTrnFiles(pairs);
  writeFileSync(join(dir, 'ref.trn'), trn.ref);
  writeFileSync(join(dir, 'hyp.trn'), trn.hyp);
  const args = [...lead, '-r', 'ref.trn', 'trn', '-h', 'hyp.trn', 'trn', '-i', 'rm', '-e', 'utf-8'];
  const stdout = execFileSync(command, [...args, '-o', 'rsum', 'pra', 'stdout'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { report: parseScliteOutput(stdout), ids: trn.ids };
}

function parseScliteOutput(stdout: string): ScliteReport {
  // rsum: "| Sum  |  #Snt  #Wrd |  Corr  Sub  Del  Ins  Err  S.Err |" in counts.
  const sum = /\|\s*Sum\s*\|([^|]+)\|([^|]+)\|/.exec(stdout);
  if (!sum) throw new Error(`no "Sum" row in sclite output:\n${stdout.slice(0, 2000)}`);
  const [sentences, words] = sum[1]!.trim().split(/\s+/).map(Number);
  const [hits, substitutions, deletions, insertions] = sum[2]!.trim().split(/\s+/).map(Number);
  const perUtterance = new Map<string, Counts>();
  const utt = /^id: \((.+)\)\s*\nScores: \(#C #S #D #I\) (\d+) (\d+) (\d+) (\d+)/gm;
  for (const m of stdout.matchAll(utt)) {
    perUtterance.set(m[1]!, {
      hits: Number(m[2]),
      substitutions: Number(m[3]),
      deletions: Number(m[4]),
      insertions: Number(m[5]),
    });
  }
  return {
    total: { sentences: sentences!, words: words!, hits: hits!, substitutions: substitutions!, deletions: deletions!, insertions: insertions! },
    perUtterance,
  };
}

function expectSameAsSclite(pairs: readonly ScoringPair[]): void {
  const ours = scoreCorpus(pairs);
  const { report, ids } = runSclite(pairs);
  expect(report.total.sentences).toBe(pairs.length);
  expect({
    words: ours.words,
    hits: ours.hits,
    substitutions: ours.substitutions,
    deletions: ours.deletions,
    insertions: ours.insertions,
  }).toEqual({
    words: report.total.words,
    hits: report.total.hits,
    substitutions: report.total.substitutions,
    deletions: report.total.deletions,
    insertions: report.total.insertions,
  });
  expect(report.perUtterance.size).toBe(pairs.length);
  const mismatches: string[] = [];
  ours.utterances.forEach((u, i) => {
    const theirs = report.perUtterance.get(ids[i]!);
    const mine = { hits: u.hits, substitutions: u.substitutions, deletions: u.deletions, insertions: u.insertions };
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
      const p = pairs[i]!;
      mismatches.push(`${p.id}: ours ${JSON.stringify(mine)} sclite ${JSON.stringify(theirs)} | ${p.reference} | ${p.hypothesis}`);
    }
  });
  expect(mismatches).toEqual([]);
}

/** Small deterministic generator (LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('WER counts against NIST sclite', () => {
  it('match sclite on the Latvian fixture, in total and per utterance', () => {
    const pairs = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScoringPair[];
    expect(pairs.length).toBeGreaterThanOrEqual(25);
    expectSameAsSclite(pairs);
    // Guard against a fixture that stopped exercising what it is for.
    const ours = scoreCorpus(pairs);
    expect(ours.substitutions).toBeGreaterThan(0);
    expect(ours.deletions).toBeGreaterThan(0);
    expect(ours.insertions).toBeGreaterThan(0);
  });

  it('match sclite on random edits over a tiny vocabulary, where equal-cost alignments abound', () => {
    const random = lcg(20240611);
    const vocab = ['jā', 'nē', 'un', 'ir', 'bet'];
    const pick = () => vocab[Math.floor(random() * vocab.length)]!;
    const pairs: ScoringPair[] = [];
    for (let n = 0; n < 300; n++) {
      const ref = Array.from({ length: Math.floor(random() * 8) }, pick);
      const hyp: string[] = [];
      for (const word of ref) {
        const r = random();
        if (r < 0.15) continue; // deletion
        hyp.push(r < 0.35 ? pick() : word); // substitution (sometimes by itself) or hit
        if (random() < 0.15) hyp.push(pick()); // insertion
      }
      pairs.push({ id: `fuzz-${n}`, reference: ref.join(' '), hypothesis: hyp.join(' ') });
    }
    expectSameAsSclite(pairs);
  });
});
