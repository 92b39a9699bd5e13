import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCommand } from '../../server/cli/corpus-command.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('corpus REST routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('imports, lists, deactivates and deletes a corpus; a bad file changes nothing', async () => {
    const inject = server.inject;
    const created = await inject({
      method: 'POST',
      url: '/api/corpora/pakalpojumi?kind=terms&format=tsv',
      headers: { 'content-type': 'text/tab-separated-values' },
      payload: 'term\tcategory\tweight\nLatvenergo\tprovider\t2\nRīgas ūdens\tprovider\t1\nLatvenergo\tprovider\t2\n',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ version: 1, entries: 2, duplicates: 1, corpus: { name: 'pakalpojumi', active: true } });

    const bad = await inject({
      method: 'POST',
      url: '/api/corpora/pakalpojumi?kind=terms&format=txt',
      headers: { 'content-type': 'text/plain' },
      payload: Buffer.from([0x4c, 0x61, 0x74, 0x0a, 0x52, 0xe2, 0x0a]),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CORPUS_ERR_ENCODING');
    expect(bad.json().error.message).toMatch(/line 2/);

    const list = (await inject({ method: 'GET', url: '/api/corpora' })).json().corpora;
    expect(list.find((c: { name: string }) => c.name === 'pakalpojumi')).toMatchObject({ version: 1, entries: 2 });

    const off = await inject({ method: 'PATCH', url: '/api/corpora/pakalpojumi', payload: { active: false } });
    expect(off.json()).toMatchObject({ active: false });
    expect((await inject({ method: 'DELETE', url: '/api/corpora/pakalpojumi' })).statusCode).toBe(204);
    expect((await inject({ method: 'DELETE', url: '/api/corpora/pakalpojumi' })).statusCode).toBe(404);
    const badKind = await inject({ method: 'POST', url: '/api/corpora/x?kind=words', headers: { 'content-type': 'text/plain' }, payload: 'a\n' });
    expect(badKind.statusCode).toBe(400);
  });
});

describe('diktats corpus CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-corpus-cli-'));
  const db = path.join(dir, 'cli.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
    const code = await corpusCommand([...argv, '--db', db], { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
    return { code, out, err };
  }

  it('imports a file, lists it, refuses a Windows-1257 file with its line number, deactivates and deletes', async () => {
    const good = path.join(dir, 'iestades.txt');
    fs.writeFileSync(good, 'Bāriņtiesa\nNodarbinātības valsts aģentūra\n');
    expect(await run('import', good, '--name', 'iestades', '--kind', 'terms')).toMatchObject({ code: 0, out: expect.stringMatching(/version 1, 2 entries/) });
    const bad = path.join(dir, 'bad.txt');
    fs.writeFileSync(bad, Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xe2, 0x0a]));
    const refused = await run('import', bad, '--name', 'iestades', '--kind', 'terms');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/line 3 is not valid UTF-8/);
    const listed = await run('list', '--json');
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ name: 'iestades', version: 1, entries: 2 })]);
    expect((await run('deactivate', 'iestades')).code).toBe(0);
    expect((await run('delete', 'iestades')).code).toBe(0);
    expect((await run('delete', 'iestades')).code).toBe(1);
    expect((await run('import', good)).code).toBe(2);
  });
});
