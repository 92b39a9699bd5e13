/**
 * Corpus use cases shared by the REST routes and the CLI: import (parse fully,
 * then store in one transaction), list, (de)activate, delete, and loading the
 * bundled corpora from `corpora/index.json` on first start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DiktatsError } from '../errors.ts';
import type { CorpusRepository, ImportResult } from '../storage/corpus-repository.ts';
import { CORPUS_KINDS, DEFAULT_LIMITS, formatFromName, parseCorpus, type CorpusFormat, type CorpusKind, type ParseLimits } from './corpus-parser.ts';

export interface ImportRequest {
  readonly name: string;
  readonly kind: CorpusKind;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly format?: CorpusFormat;
  readonly userId: number;
  readonly bundled?: boolean;
}

export interface BundledCorpus {
  readonly name: string;
  readonly kind: CorpusKind;
  readonly file: string;
}

export function importCorpus(repo: CorpusRepository, req: ImportRequest, limits: ParseLimits = DEFAULT_LIMITS): ImportResult {
  const format = req.format ?? formatFromName(req.fileName);
  const parsed = parseCorpus(req.bytes, format, req.kind, limits);
  return repo.import({
    name: req.name,
    kind: req.kind,
    sourceName: path.basename(req.fileName),
    bytes: req.bytes,
    entries: parsed.entries,
    duplicates: parsed.duplicates,
    userId: req.userId,
    bundled: req.bundled ?? false,
  });
}

/** Reads `index.json` of a corpora folder: [{"name","kind","file"}]. */
export function readBundledIndex(corporaDir: string): BundledCorpus[] {
  const indexPath = path.join(corporaDir, 'index.json');
  if (!fs.existsSync(indexPath)) return [];
  let list: unknown;
  try {
    list = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
  } catch (err) {
    throw new DiktatsError('CORPUS_ERR_FORMAT', `${indexPath} is not valid JSON`, { cause: err });
  }
  const items = Array.isArray(list) ? list : (list as { corpora?: unknown }).corpora;
  if (!Array.isArray(items)) throw new DiktatsError('CORPUS_ERR_FORMAT', `${indexPath}: expected a list of {name, kind, file}`);
  return items.map((it, i) => {
    const o = it as Record<string, unknown>;
    if (typeof o.name !== 'string' || typeof o.file !== 'string' || !CORPUS_KINDS.includes(o.kind as CorpusKind)) {
      throw new DiktatsError('CORPUS_ERR_FORMAT', `${indexPath} entry ${i + 1}: expected {name, kind: "terms"|"sentences"|"autotexts", file}`);
    }
    return { name: o.name, kind: o.kind as CorpusKind, file: o.file };
  });
}

/** First start: import every bundled corpus that is not in the database yet. */
export function loadBundledCorpora(repo: CorpusRepository, corporaDir: string, userId: number): ImportResult[] {
  const existing = new Set(repo.list().map((c) => c.name));
  const results: ImportResult[] = [];
  for (const c of readBundledIndex(corporaDir)) {
    if (existing.has(c.name)) continue;
    const file = path.join(corporaDir, c.file);
    results.push(importCorpus(repo, { name: c.name, kind: c.kind, fileName: file, bytes: fs.readFileSync(file), userId, bundled: true }));
  }
  return results;
}
