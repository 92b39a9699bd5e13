import { describe, expect, it } from 'vitest';
import type { FormRecord } from '../../../server/forms/form-record.ts';
import { EMPTY_METRICS } from '../../../server/forms/form-record.ts';
import { recordsToCsv } from '../../../server/forms/record-export.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';
import { createWebhookNotifier, parseWebhookUrl } from '../../../server/forms/webhook.ts';

const record = (over: Partial<FormRecord> = {}): FormRecord => ({
  id: 7, form: 'majokla-pabalsts', templateVersion: 1, status: 'saved', mode: 'dictation', userId: 1,
  fields: { vards: 'Jānis', uzvards: 'Bērziņš', personas_kods: '210385-12347', ire: 180.5 }, issues: [], recognised: null, asrSessionId: null,
  revision: 3, createdAt: '2025-03-10T09:00:00.000Z', updatedAt: '2025-03-10T09:05:00.000Z', savedAt: '2025-03-10T09:05:00.000Z', metrics: EMPTY_METRICS, ...over,
});

function logSink() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return { lines, log: { warn: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', obj, msg }), info: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'info', obj, msg }) } };
}

describe('webhook', () => {
  it('posts the saved record as JSON', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const { log } = logSink();
    const hook = createWebhookNotifier({ url: 'https://dms.example/hook?token=s3cret', log, retryDelaysMs: [], fetch: (async (url: string, init: RequestInit) => { calls.push({ url, init }); return new Response(null, { status: 204 }); }) as typeof fetch });
    hook.notify(record());
    await hook.idle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ event: 'form.saved', record: record() });
  });

  it('retries failures, then gives up; logs carry no personal data and no URL', async () => {
    let n = 0;
    const { lines, log } = logSink();
    const hook = createWebhookNotifier({ url: 'https://dms.example/hook?token=s3cret', log, retryDelaysMs: [1, 1], fetch: (async () => { n++; if (n === 1) throw new TypeError('fetch failed'); return new Response('nope', { status: 503 }); }) as unknown as typeof fetch });
    hook.notify(record());
    await hook.idle();
    expect(n).toBe(3);
    expect(lines.map((l) => [l.level, l.obj['attempt'], l.obj['status'] ?? l.obj['error']])).toEqual([['warn', 1, 'TypeError'], ['warn', 2, 503], ['warn', 3, 503]]);
    expect(lines.at(-1)!.msg).toMatch(/giving up/u);
    const logged = JSON.stringify(lines);
    for (const secret of ['Jānis', 'Bērziņš', '210385', 's3cret', 'dms.example']) expect(logged).not.toContain(secret);
  });

  it('a success after a failure stops the retries; close drops pending ones', { timeout: 5_000 }, async () => {
    let n = 0;
    const { log } = logSink();
    const hook = createWebhookNotifier({ url: 'http://x.test/', log, retryDelaysMs: [1, 1, 1], fetch: (async () => new Response(null, { status: ++n === 1 ? 500 : 200 })) as unknown as typeof fetch });
    hook.notify(record());
    await hook.idle();
    expect(n).toBe(2);
    let m = 0;
    const slow = createWebhookNotifier({ url: 'http://x.test/', log, retryDelaysMs: [60_000], fetch: (async () => { m++; return new Response(null, { status: 500 }); }) as unknown as typeof fetch });
    slow.notify(record());
    await new Promise((r) => setTimeout(r, 20));
    slow.close();
    await slow.idle();
    expect(m).toBe(1);
    slow.notify(record());
    await slow.idle();
    expect(m).toBe(1);
  });

  it('the URL must be http(s); empty means none', () => {
    expect(parseWebhookUrl(undefined)).toBeNull();
    expect(parseWebhookUrl(' ')).toBeNull();
    expect(parseWebhookUrl('https://dms.example/hook')).toBe('https://dms.example/hook');
    expect(() => parseWebhookUrl('ftp://dms.example/')).toThrowError(expect.objectContaining({ code: 'FORM_ERR_WEBHOOK_URL' }));
    expect(() => parseWebhookUrl('not a url')).toThrowError(expect.objectContaining({ code: 'FORM_ERR_WEBHOOK_URL' }));
  });
});

describe('CSV export', () => {
  const compiled = loadTemplateDir().get('majokla-pabalsts');

  it('has a BOM, a header of meta and field columns, CRLF rows, numbers as JSON writes them', () => {
    const csv = recordsToCsv(compiled, [record()]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row, end] = csv.slice(1).split('\r\n');
    expect(header).toBe(`record_id,form,status,mode,user_id,created_at,updated_at,saved_at,${compiled.fields.map((f) => f.id).join(',')},issues`);
    expect(row).toBe('7,majokla-pabalsts,saved,dictation,1,2025-03-10T09:00:00.000Z,2025-03-10T09:05:00.000Z,2025-03-10T09:05:00.000Z,Jānis,Bērziņš,210385-12347,,,,,180.5,,,,,,,');
    expect(end).toBe('');
  });

  it('quotes delimiters, quotes and new lines; defuses formulas; lists issues', () => {
    const csv = recordsToCsv(compiled, [record({ fields: { adrese: 'Brīvības iela 23-5, Madona', piezimes: 'Teica "labi".\n\nBeigas', vards: '=HYPERLINK("x")' }, issues: [{ field: 'iban', code: 'required', message: 'm' }] })]);
    expect(csv).toContain('"Brīvības iela 23-5, Madona"');
    expect(csv).toContain('"Teica ""labi"".\n\nBeigas"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.trimEnd().endsWith(',iban:required')).toBe(true);
  });

  it('semicolons for spreadsheets in a Latvian locale', () => {
    const csv = recordsToCsv(compiled, [record({ fields: { ire: 180.5, adrese: 'A; B' } })], ';');
    expect(csv.split('\r\n')[0]).toContain('record_id;form;status');
    expect(csv).toContain('"A; B"');
  });
});
