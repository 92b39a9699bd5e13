/**
 * The webhook's durable outbox: a delivery that failed is retried by the next
 * process (a restart), each request is signed with HMAC-SHA256, and plain http
 * is refused unless allowed.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_METRICS, type FormRecord } from '../../../server/forms/form-record.ts';
import { createWebhookNotifier, parseWebhookUrl } from '../../../server/forms/webhook.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { createWebhookOutbox } from '../../../server/storage/webhook-outbox.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const record: FormRecord = {
  id: 7, form: 'majokla-pabalsts', templateVersion: 1, status: 'saved', mode: 'dictation', userId: 1, fields: { vards: 'Jānis' }, issues: [],
  recognised: null, asrSessionId: null, revision: 3, createdAt: '2025-03-10T09:00:00.000Z', updatedAt: '2025-03-10T09:05:00.000Z',
  savedAt: '2025-03-10T09:05:00.000Z', metrics: EMPTY_METRICS,
};
const log = { warn: () => {}, info: () => {} };
const newDir = tempDirs('diktats-outbox-');

describe('webhook outbox', () => {
  it('survives a restart: what the first process could not deliver, the next one does', async () => {
    const dbPath = path.join(newDir(), 'outbox.db');
    const first = openDatabase(dbPath);
    let calls = 0;
    const down = createWebhookNotifier({
      url: 'https://dms.example/hook', log, retryDelaysMs: [60_000], outbox: createWebhookOutbox(first),
      fetch: (async () => { calls++; return new Response(null, { status: 503 }); }) as unknown as typeof fetch,
    });
    down.notify(record);
    await new Promise((r) => setTimeout(r, 50));
    down.close(); // the process stops with the retry pending
    first.close();
    expect(calls).toBe(1);

    const second = openDatabase(dbPath);
    second.prepare('UPDATE webhook_outbox SET next_attempt_at = 0').run(); // the retry is due now
    const bodies: string[] = [];
    const up = createWebhookNotifier({
      url: 'https://dms.example/hook', log, outbox: createWebhookOutbox(second),
      fetch: (async (_u: string, init: RequestInit) => { bodies.push(String(init.body)); return new Response(null, { status: 204 }); }) as unknown as typeof fetch,
    });
    await up.idle();
    expect(bodies.map((b) => JSON.parse(b))).toEqual([{ event: 'form.saved', record }]);
    const row = second.prepare('SELECT attempts, delivered_at AS deliveredAt, last_status AS status FROM webhook_outbox').get() as { attempts: number; deliveredAt: string; status: string };
    expect(row).toMatchObject({ attempts: 2, status: '204' });
    expect(row.deliveredAt).toBeTruthy();
    up.close();
    second.close();
  });

  it('signs each body: X-Diktats-Signature t=…,v1=HMAC-SHA256(secret, t.body)', async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    const hook = createWebhookNotifier({
      url: 'https://dms.example/hook', log, retryDelaysMs: [], secret: 'shared-secret',
      fetch: (async (_u: string, init: RequestInit) => { seen.push({ headers: init.headers as Record<string, string>, body: String(init.body) }); return new Response(null, { status: 200 }); }) as unknown as typeof fetch,
    });
    hook.notify(record);
    await hook.idle();
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(seen[0]!.headers['x-diktats-signature']!);
    expect(m).not.toBeNull();
    expect(m![2]).toBe(createHmac('sha256', 'shared-secret').update(`${m![1]}.${seen[0]!.body}`).digest('hex'));
    expect(Math.abs(Number(m![1]) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('refuses an http URL unless DIKTATS_WEBHOOK_ALLOW_HTTP', () => {
    expect(() => parseWebhookUrl('http://dms.example/hook')).toThrowError(expect.objectContaining({ code: 'FORM_ERR_WEBHOOK_URL' }));
    expect(parseWebhookUrl('http://dms.example/hook', true)).toBe('http://dms.example/hook');
  });
});
