/**
 * The forms service as a Fastify decorator: templates, the free-text
 * correction forms use, and the webhook on save. Registered beside the
 * correction service and asking it for its context at every use, so text is
 * corrected with the corpora active now (an admin's import applies to forms at
 * once, as it does to the transcript); the same for the auto-texts.
 */
import fp from 'fastify-plugin';
import type { CorrectionContext } from '../correction/pipeline.ts';
import { compileAutoTexts, type AutoTexts } from '../forms/auto-texts.ts';
import type { FormRecord } from '../forms/form-record.ts';
import { DEFAULT_FORMS_DIR, loadTemplateDir, type TemplateRegistry } from '../forms/template-loader.ts';
import { createWebhookNotifier, parseWebhookUrl, type WebhookNotifier } from '../forms/webhook.ts';
import { createWebhookOutbox } from '../storage/webhook-outbox.ts';

export interface FormsService {
  readonly templates: TemplateRegistry;
  /** the free-text correction context to use now; undefined = punctuation commands only */
  correction(): CorrectionContext | undefined;
  /** hands a saved record to the webhook, when one is configured */
  notifySaved(record: FormRecord): void;
  /** the active auto-texts (corpora of kind `autotexts`), rebuilt when the active corpora change */
  autotexts(): AutoTexts | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    forms: FormsService;
  }
}

export interface FormsPluginOptions {
  /** template folder (default corpora/forms); ignored when `templates` is given */
  readonly templatesDir?: string;
  readonly templates?: TemplateRegistry;
  /** DIKTATS_FORM_WEBHOOK_URL; empty or absent = no webhook */
  readonly webhookUrl?: string;
  readonly fetch?: typeof fetch;
  readonly webhookRetryDelaysMs?: readonly number[];
  /** DIKTATS_WEBHOOK_ALLOW_HTTP: accept an http:// webhook (else https only) */
  readonly webhookAllowHttp?: boolean;
  /** DIKTATS_WEBHOOK_SECRET: signs each delivery (X-Diktats-Signature) */
  readonly webhookSecret?: string;
  /** free-text correction: the live correction service (default), or punctuation only ("none") */
  readonly correction?: 'live' | 'none';
}

export default fp<FormsPluginOptions>(
  async (app, opts) => {
    const templates = opts.templates ?? loadTemplateDir(opts.templatesDir ?? DEFAULT_FORMS_DIR);
    const live = opts.correction !== 'none';
    const webhookUrl = parseWebhookUrl(opts.webhookUrl, opts.webhookAllowHttp);
    // Deliveries wait in a table (webhook_outbox): retries survive a restart.
    const webhook: WebhookNotifier | null = webhookUrl
      ? createWebhookNotifier({
          url: webhookUrl,
          log: app.log,
          fetch: opts.fetch,
          retryDelaysMs: opts.webhookRetryDelaysMs,
          secret: opts.webhookSecret,
          outbox: createWebhookOutbox(app.storage.db),
        })
      : null;
    if (webhook) app.addHook('onClose', async () => webhook.close());
    let autotextsSignature: string | null = null;
    let activeAutotexts: AutoTexts | undefined;
    const autotexts = (): AutoTexts | undefined => {
      const signature = app.storage.corpora.activeSignature();
      if (signature !== autotextsSignature) {
        const entries = app.storage.corpora.activeEntries().filter((c) => c.kind === 'autotexts').flatMap((c) => c.entries);
        activeAutotexts = compileAutoTexts(entries);
        autotextsSignature = signature;
      }
      return activeAutotexts;
    };
    app.decorate('forms', {
      templates,
      correction: () => (live ? app.correction.context() : undefined),
      notifySaved: (record: FormRecord) => webhook?.notify(record),
      autotexts,
    } satisfies FormsService);
  },
  { name: 'forms', dependencies: ['storage', 'correction'] },
);
