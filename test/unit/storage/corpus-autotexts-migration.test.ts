/**
 * The autotexts migration (issue 15): the corpus tables are rebuilt so that `kind` may be
 * 'autotexts'; every corpus, version, entry and template link already stored
 * is kept, and the foreign keys still cascade.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/storage/database.ts';
import { MIGRATIONS } from '../../../server/storage/migrations.ts';
import { createCorpusRepository } from '../../../server/storage/corpus-repository.ts';
import { importCorpus } from '../../../server/corpora/corpus-service.ts';

/** the migration that widens the kind CHECK (found by its SQL, so a renumbering at merge keeps the test true) */
const AUTOTEXTS = MIGRATIONS.find((m) => m.sql.includes("'autotexts'"))!.version;

function databaseBeforeAutotexts() {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const m of MIGRATIONS.filter((x) => x.version < AUTOTEXTS)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, 'then');
  }
  return db;
}

describe('the autotexts migration', () => {
  it('keeps the stored corpora, versions, entries and template links, and accepts the new kind', () => {
    const db = databaseBeforeAutotexts();
    const before = createCorpusRepository(db);
    importCorpus(before, { name: 'pakalpojumi', kind: 'terms', fileName: 'p.txt', bytes: new TextEncoder().encode('Latvenergo\nRīgas ūdens\n'), userId: 1 });
    before.setTemplateCorpora('majokla-pabalsts', ['pakalpojumi']);
    expect(() => db.prepare("INSERT INTO corpora (name, kind, created_at, updated_at) VALUES ('x', 'autotexts', 'now', 'now')").run()).toThrow(/CHECK/u);

    expect(migrate(db)).toBe(MIGRATIONS.length - (AUTOTEXTS - 1));
    const repo = createCorpusRepository(db);
    expect(repo.activeEntries().map((c) => [c.corpus, c.kind, c.entries.map((e) => e.term)])).toEqual([['pakalpojumi', 'terms', ['Latvenergo', 'Rīgas ūdens']]]);
    expect(repo.activeEntries('majokla-pabalsts').map((c) => c.corpus)).toEqual(['pakalpojumi']);
    const csv = 'standarta lēmums,,,,Pieņemts lēmums piešķirt mājokļa pabalstu uz sešiem mēnešiem.\n';
    importCorpus(repo, { name: 'teksti', kind: 'autotexts', fileName: 't.csv', bytes: new TextEncoder().encode(csv), userId: 1 });
    expect(repo.activeEntries().find((c) => c.corpus === 'teksti')?.kind).toBe('autotexts');
    // foreign keys survived the rename: deleting a corpus still removes its versions and entries
    repo.delete('pakalpojumi');
    expect(db.prepare('SELECT COUNT(*) FROM corpus_entries').pluck().get()).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
