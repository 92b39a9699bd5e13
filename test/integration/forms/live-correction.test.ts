/**
 * Forms correct free text with the corpora active *now*: a term an admin
 * imports over REST applies to a form's free-text field at once, over the
 * fill route and in a form already open on the dictation socket (issue 10's
 * defect: the forms service used to keep the correction context of start-up).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CORPORA_DIR } from '../../../server/correction/bundled-corpora.ts';
import { FormSession } from '../../../server/forms/form-session.ts';
import { corpusRoutes } from '../../../server/http/corpus-routes.ts';
import { formRoutes } from '../../../server/http/form-routes.ts';
import correctionPlugin from '../../../server/plugins/correction.ts';
import formsPlugin from '../../../server/plugins/forms.ts';
import storagePlugin from '../../../server/plugins/storage.ts';
import { fixedUser } from '../../support/fixed-user.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-live-correction-'));
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ logger: false });
  await app.register(storagePlugin, { dbPath: path.join(dir, 'live.db'), corporaDir: BUNDLED_CORPORA_DIR });
  await app.register(fixedUser()); // an admin imports the corpus (access rules: test/integration/auth/)
  await app.register(correctionPlugin, { corporaDir: BUNDLED_CORPORA_DIR });
  await app.register(formsPlugin);
  await app.register(corpusRoutes, { maxUploadBytes: 1 << 20 });
  await app.register(formRoutes);
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const SPOKEN = 'apraksts klients apmeklēja kukumuižu punkts';
const fill = async (): Promise<string> => {
  const r = await app.inject({ method: 'POST', url: '/api/forms/gadijuma-piezime/fill', payload: { text: SPOKEN } });
  expect(r.statusCode).toBe(200);
  return r.json().fields.apraksts;
};

describe('forms use the live correction service', () => {
  it('a corpus term imported over REST corrects free text filled and dictated afterwards', async () => {
    // a form open on the socket before the import
    const form = new FormSession({
      templates: app.forms.templates,
      store: app.storage.forms,
      userId: 1,
      correction: () => app.forms.correction(),
    });
    expect(form.handleMessage({ type: 'form.open', form: 'gadijuma-piezime' })[0]?.type).toBe('form.opened');

    expect(await fill()).toBe('Klients apmeklēja kukumuižu.');

    const imported = await app.inject({
      method: 'POST',
      url: '/api/corpora/vietas?kind=terms&format=tsv',
      headers: { 'content-type': 'text/tab-separated-values' },
      payload: 'term\tcategory\nKūkumuiža\tplace\n',
    });
    expect(imported.statusCode).toBe(201);

    expect(await fill()).toBe('Klients apmeklēja Kūkumuižu.');
    const [update] = form.handleFinal(SPOKEN);
    expect(update).toMatchObject({ type: 'form.update', fields: { apraksts: 'Klients apmeklēja Kūkumuižu.' } });
  });
});
