/** Corpora, their immutable versions and entries. An import is one transaction. */
import { createHash } from 'node:crypto';
import { DiktatsError } from '../errors.ts';
import type { CorpusEntry, CorpusKind } from '../corpora/corpus-parser.ts';
import type { Database } from './database.ts';

export interface CorpusRow {
  readonly id: number;
  readonly name: string;
  readonly kind: CorpusKind;
  readonly active: boolean;
  readonly bundled: boolean;
  readonly version: number | null;
  readonly entries: number;
  readonly sourceName: string | null;
  readonly updatedAt: string;
}

export interface ImportResult {
  readonly corpus: CorpusRow;
  readonly version: number;
  readonly entries: number;
  readonly duplicates: number;
  /** true when the file equals the current version (nothing new was stored) */
  readonly unchanged: boolean;
}

export interface CorpusRepository {
  import(input: { name: string; kind: CorpusKind; sourceName: string; bytes: Uint8Array; entries: readonly CorpusEntry[]; duplicates: number; userId: number; bundled?: boolean }): ImportResult;
  list(): CorpusRow[];
  get(name: string): CorpusRow;
  setActive(name: string, active: boolean): CorpusRow;
  delete(name: string): void;
  /** entries of the current versions of active corpora (optionally only those of a template) */
  activeEntries(templateId?: string): { corpus: string; kind: CorpusKind; entries: CorpusEntry[] }[];
  /** a string that changes whenever the active set or a version changes (for LM rebuilds) */
  activeSignature(): string;
  setTemplateCorpora(templateId: string, names: readonly string[]): void;
  count(): number;
}

const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;

export function createCorpusRepository(db: Database): CorpusRepository {
  const now = (): string => new Date().toISOString();
  const selectCorpus = `SELECT c.id, c.name, c.kind, c.active, c.bundled, c.current_version AS version, c.updated_at AS updatedAt,
      COALESCE(v.entries, 0) AS entries, v.source_name AS sourceName
    FROM corpora c LEFT JOIN corpus_versions v ON v.corpus_id = c.id AND v.version = c.current_version`;
  const byName = db.prepare(`${selectCorpus} WHERE c.name = ?`);
  const all = db.prepare(`${selectCorpus} ORDER BY c.name`);
  const insertCorpus = db.prepare('INSERT INTO corpora (name, kind, active, bundled, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)');
  const currentSha = db.prepare('SELECT v.sha256 FROM corpora c JOIN corpus_versions v ON v.corpus_id = c.id AND v.version = c.current_version WHERE c.id = ?').pluck();
  const maxVersion = db.prepare('SELECT COALESCE(MAX(version), 0) FROM corpus_versions WHERE corpus_id = ?').pluck();
  const insertVersion = db.prepare(
    'INSERT INTO corpus_versions (corpus_id, version, source_name, sha256, entries, duplicates, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertEntry = db.prepare('INSERT INTO corpus_entries (version_id, term, category, weight, spoken, display) VALUES (?, ?, ?, ?, ?, ?)');
  const setCurrent = db.prepare('UPDATE corpora SET current_version = ?, kind = ?, updated_at = ? WHERE id = ?');
  const setActiveStmt = db.prepare('UPDATE corpora SET active = ?, updated_at = ? WHERE name = ?');
  const deleteStmt = db.prepare('DELETE FROM corpora WHERE name = ?');
  const activeVersions = db.prepare(
    `SELECT c.name, c.kind, v.id AS versionId FROM corpora c JOIN corpus_versions v ON v.corpus_id = c.id AND v.version = c.current_version
     WHERE c.active = 1 AND (? IS NULL OR NOT EXISTS (SELECT 1 FROM template_corpora t WHERE t.template_id = ?)
       OR c.id IN (SELECT corpus_id FROM template_corpora WHERE template_id = ?)) ORDER BY c.name`,
  );
  const entriesOf = db.prepare('SELECT term, category, weight, spoken, display FROM corpus_entries WHERE version_id = ?');
  const signature = db.prepare(`SELECT group_concat(c.name || ':' || c.current_version, ',') FROM (SELECT * FROM corpora WHERE active = 1 ORDER BY name) c`).pluck();
  const clearTemplate = db.prepare('DELETE FROM template_corpora WHERE template_id = ?');
  const addTemplate = db.prepare('INSERT INTO template_corpora (template_id, corpus_id) VALUES (?, ?)');
  const countStmt = db.prepare('SELECT COUNT(*) FROM corpora').pluck();

  const toRow = (r: Record<string, unknown> | undefined): CorpusRow | undefined =>
    r ? ({ ...(r as unknown as CorpusRow), active: r.active === 1, bundled: r.bundled === 1 }) : undefined;
  const get = (name: string): CorpusRow => {
    const row = toRow(byName.get(name) as Record<string, unknown> | undefined);
    if (!row) throw new DiktatsError('CORPUS_ERR_NOT_FOUND', name);
    return row;
  };

  const importTx = db.transaction((input: Parameters<CorpusRepository['import']>[0]): ImportResult => {
    const sha = createHash('sha256').update(input.bytes).digest('hex');
    let existing = toRow(byName.get(input.name) as Record<string, unknown> | undefined);
    if (existing && currentSha.get(existing.id) === sha && existing.kind === input.kind) {
      return { corpus: existing, version: existing.version ?? 0, entries: existing.entries, duplicates: input.duplicates, unchanged: true };
    }
    if (!existing) {
      const t = now();
      insertCorpus.run(input.name, input.kind, input.bundled ? 1 : 0, t, t);
      existing = get(input.name);
    }
    const version = (maxVersion.get(existing.id) as number) + 1;
    const info = insertVersion.run(existing.id, version, input.sourceName, sha, input.entries.length, input.duplicates, input.userId, now());
    const versionId = Number(info.lastInsertRowid);
    for (const e of input.entries) insertEntry.run(versionId, e.term, e.category, e.weight, e.spoken, e.display);
    setCurrent.run(version, input.kind, now(), existing.id);
    return { corpus: get(input.name), version, entries: input.entries.length, duplicates: input.duplicates, unchanged: false };
  });

  return {
    import(input) {
      if (!NAME.test(input.name)) throw new DiktatsError('CORPUS_ERR_NAME', JSON.stringify(input.name));
      return importTx(input);
    },
    list: () => (all.all() as Record<string, unknown>[]).map((r) => toRow(r)!),
    get,
    setActive(name, active) {
      if (setActiveStmt.run(active ? 1 : 0, now(), name).changes === 0) throw new DiktatsError('CORPUS_ERR_NOT_FOUND', name);
      return get(name);
    },
    delete(name) {
      if (deleteStmt.run(name).changes === 0) throw new DiktatsError('CORPUS_ERR_NOT_FOUND', name);
    },
    activeEntries(templateId) {
      const t = templateId ?? null;
      return (activeVersions.all(t, t, t) as { name: string; kind: CorpusKind; versionId: number }[]).map((v) => ({
        corpus: v.name,
        kind: v.kind,
        entries: entriesOf.all(v.versionId) as CorpusEntry[],
      }));
    },
    activeSignature: () => (signature.get() as string | null) ?? '',
    setTemplateCorpora: db.transaction((templateId: string, names: readonly string[]) => {
      clearTemplate.run(templateId);
      for (const n of names) addTemplate.run(templateId, get(n).id);
    }),
    count: () => countStmt.get() as number,
  };
}
