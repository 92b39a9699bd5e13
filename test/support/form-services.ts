/**
 * The services the form and pilot routes depend on, for tests that load no
 * model: the real storage plugin on a temp SQLite file (no bundled corpora),
 * a stand-in for the correction plugin, and the forms plugin with punctuation-
 * only correction (the stand-in is never asked for a context). Every request
 * is made by a fixed admin (fixed-user.ts): access rules are tested on the whole app.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import formsPlugin, { type FormsPluginOptions } from '../../server/plugins/forms.ts';
import storagePlugin from '../../server/plugins/storage.ts';
import { fixedUser } from './fixed-user.ts';

export async function registerFormServices(app: FastifyInstance, dbPath: string, forms: Omit<FormsPluginOptions, 'correction'> = {}): Promise<void> {
  await app.register(storagePlugin, { dbPath, corporaDir: null });
  await app.register(fixedUser());
  await app.register(fp(async () => {}, { name: 'correction' }));
  await app.register(formsPlugin, { ...forms, correction: 'none' });
}
