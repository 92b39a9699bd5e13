/**
 * NIST sclite `trn` transcripts: one utterance per line, `text (id)`.
 *
 * Score with: sclite -r ref.trn trn -h hyp.trn trn -i rm -e utf-8 -o sum pra
 * (Debian installs sclite as /usr/lib/sctk/bin/sclite, or run `sctk sclite`).
 *
 * The text written is normalizeText's output, so sclite scores exactly what
 * scoreCorpus scored, and none of sclite's markup ("(optional)", "{a / b}",
 * "@", ";;" comments) can appear in it. Ids are made safe for `-i rm`: sclite
 * cuts the speaker at the first "-" (else "_"), lower-cases ids, and matches
 * ref and hyp lines by id, so ids are lower-case ASCII, the speaker has no
 * "-" or "_", and collisions after cleaning get a numeric suffix.
 */
import type { ScoringPair } from './error-rates.ts';
import { normalizeText } from './normalize-text.ts';

export interface TrnFiles {
  /** Contents of ref.trn and hyp.trn, newline-terminated. */
  readonly ref: string;
  readonly hyp: string;
  /** The sclite id written for each pair, in input order, without parentheses. */
  readonly ids: string[];
}

const asciiFold = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** `speaker-utterance`, both parts reduced to characters sclite cannot misread. */
export function toTrnId(utteranceId: string, speaker = 'spk'): string {
  const spk = asciiFold(speaker).replace(/[^a-z0-9]/g, '') || 'spk';
  const utt = asciiFold(utteranceId).replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'utt';
  return `${spk}-${utt}`;
}

export function formatTrnLine(text: string, trnId: string): string {
  const normalized = normalizeText(text);
  return normalized === '' ? `(${trnId})` : `${normalized} (${trnId})`;
}

export function buildTrnFiles(pairs: readonly ScoringPair[], speaker = 'spk'): TrnFiles {
  const used = new Set<string>();
  const ids: string[] = [];
  let ref = '';
  let hyp = '';
  for (const pair of pairs) {
    const base = toTrnId(pair.id, speaker);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.push(id);
    ref += `${formatTrnLine(pair.reference, id)}\n`;
    hyp += `${formatTrnLine(pair.hypothesis, id)}\n`;
  }
  return { ref, hyp, ids };
}
