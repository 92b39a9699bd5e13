import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/storage/database.ts';
import { createCorpusRepository } from '../../../server/storage/corpus-repository.ts';
import { importCorpus } from '../../../server/corpora/corpus-service.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function setup() {
  const db = openDatabase(':memory:');
  return { db, repo: createCorpusRepository(db) };
}

describe('corpus repository', () => {
  it('versions imports, skips identical re-imports and lists the current version', () => {
    const { repo } = setup();
    const a = importCorpus(repo, { name: 'providers', kind: 'terms', fileName: 'p.txt', bytes: utf8('Latvenergo\nTet\n'), userId: 1 });
    expect(a).toMatchObject({ version: 1, entries: 2, unchanged: false });
    const again = importCorpus(repo, { name: 'providers', kind: 'terms', fileName: 'p.txt', bytes: utf8('Latvenergo\nTet\n'), userId: 1 });
    expect(again).toMatchObject({ version: 1, unchanged: true });
    const b = importCorpus(repo, { name: 'providers', kind: 'terms', fileName: 'p2.txt', bytes: utf8('Latvenergo\nTet\nElektrum\n'), userId: 1 });
    expect(b).toMatchObject({ version: 2, entries: 3 });
    expect(repo.list()).toEqual([expect.objectContaining({ name: 'providers', version: 2, entries: 3, active: true, sourceName: 'p2.txt' })]);
    expect(repo.activeEntries()[0]!.entries.map((e) => e.term)).toEqual(['Latvenergo', 'Tet', 'Elektrum']);
  });

  it('a rejected file changes nothing', () => {
    const { repo } = setup();
    importCorpus(repo, { name: 'names', kind: 'terms', fileName: 'n.txt', bytes: utf8('Jānis\n'), userId: 1 });
    const sig = repo.activeSignature();
    expect(() => importCorpus(repo, { name: 'names', kind: 'terms', fileName: 'n.txt', bytes: new Uint8Array([0x4a, 0xe2, 0x0a]), userId: 1 })).toThrow(/UTF-8/);
    expect(repo.get('names')).toMatchObject({ version: 1, entries: 1 });
    expect(repo.activeSignature()).toBe(sig);
  });

  it('activates, deactivates, deletes and scopes corpora to templates', () => {
    const { repo } = setup();
    importCorpus(repo, { name: 'a', kind: 'terms', fileName: 'a.txt', bytes: utf8('alfa\n'), userId: 1 });
    importCorpus(repo, { name: 'b', kind: 'terms', fileName: 'b.txt', bytes: utf8('beta\n'), userId: 1 });
    const before = repo.activeSignature();
    repo.setActive('b', false);
    expect(repo.activeSignature()).not.toBe(before);
    expect(repo.activeEntries().map((c) => c.corpus)).toEqual(['a']);
    repo.setActive('b', true);
    repo.setTemplateCorpora('majokla-pabalsts', ['b']);
    expect(repo.activeEntries('majokla-pabalsts').map((c) => c.corpus)).toEqual(['b']);
    expect(repo.activeEntries('gadijuma-piezime').map((c) => c.corpus)).toEqual(['a', 'b']);
    repo.delete('a');
    expect(repo.list().map((c) => c.name)).toEqual(['b']);
    expect(() => repo.delete('a')).toThrow(/No corpus/);
    expect(() => repo.import({ name: 'bad name!', kind: 'terms', sourceName: 'x', bytes: utf8('x'), entries: [], duplicates: 0, userId: 1 })).toThrow(/Invalid corpus name/);
  });
});
