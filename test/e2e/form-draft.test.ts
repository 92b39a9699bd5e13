/**
 * The form panel by keyboard alone, no audio: pick a form, type, see the
 * server's canonical values and Latvian issues inline, reload and get the
 * draft back, save, list and reopen, export. Against the real `diktats serve`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { displayed, fetchRecord, recordIdOf, shownValues, waitForRecordId } from './support/form-page.ts';
import { startServer, type ServerHandle } from './support/server-process.ts';

const FORM = 'majokla-pabalsts';

/** 16 kHz mono 16-bit silence: the microphone of a dictation that must not put words into the form. */
function silentWav(seconds: number): Buffer {
  const dataBytes = Math.round(seconds * 16000) * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

describe('form panel without audio', () => {
  let server: ServerHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let recordId: number;
  const wavDir = mkdtempSync(join(tmpdir(), 'diktats-e2e-wav-'));

  beforeAll(async () => {
    server = await startServer({ readyTimeoutMs: 60_000 });
    const wavPath = join(wavDir, 'silence.wav');
    writeFileSync(wavPath, silentWav(2));
    browser = await launchChromium(wavPath);
    context = await browser.newContext({ acceptDownloads: true });
    await server.signIn(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(wavDir, { recursive: true, force: true });
  });

  it('lists the templates in Latvian and renders the chosen form with labels, inputs and required marks', async () => {
    await page.goto(server.baseUrl);
    await page.locator('#form-panel').waitFor({ state: 'visible' });
    expect(await page.isHidden('#form-body')).toBe(true);
    const titles = await page.locator('#form-template option').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['Mājokļa pabalsta iesniegums', 'Sociālā darba gadījuma piezīme']));

    await page.selectOption('#form-template', FORM);
    await page.locator('#field-vards').waitFor();
    const template = (await (await fetch(`${server.baseUrl}/api/forms/templates/${FORM}`, { headers: server.authHeaders })).json()) as {
      fields: { id: string; label: string; required: boolean; order: number }[];
    };
    const ids = await page.locator('#form-fields [data-field]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.field));
    expect(ids).toEqual([...template.fields].sort((a, b) => a.order - b.order).map((f) => f.id));
    for (const f of template.fields) {
      const label = page.locator(`label[for="field-${f.id}"]`);
      expect(await label.textContent()).toContain(f.label);
      expect(await page.getAttribute(`#field-${f.id}`, 'aria-required')).toBe(f.required ? 'true' : null);
      expect(await label.locator('.required-mark').count()).toBe(f.required ? 1 : 0);
    }
    expect(await page.locator('#field-piezimes').evaluate((e) => e.tagName)).toBe('TEXTAREA');
    expect(await page.getAttribute('#field-talrunis', 'type')).toBe('tel');
    expect(await page.getAttribute('#field-ire', 'inputmode')).toBe('decimal');
    // Nothing typed yet: no record created, so nothing to export.
    expect(recordIdOf(page)).toBeNull();
    expect(await page.isDisabled('#form-export-json')).toBe(true);
  });

  it('autosaves typed values, shows them canonical and reports bad ones in Latvian', async () => {
    await page.fill('#field-vards', 'Anna');
    await page.fill('#field-ire', '180,5');
    await page.fill('#field-datums', '14.03.2025');
    await page.fill('#field-personas_kods', '123');
    await page.locator('#field-personas_kods').press('Tab');
    recordId = await waitForRecordId(page);
    await page.locator('#issue-personas_kods', { hasText: 'Personas kodam jābūt 11 cipariem' }).waitFor({ timeout: 5_000 });
    expect(await page.getAttribute('#field-personas_kods', 'aria-invalid')).toBe('true');
    await expect.poll(() => page.inputValue('#field-ire')).toBe('180,50');
    expect(await page.textContent('#form-status')).toContain(`Melnraksts Nr. ${recordId}`);

    const record = await fetchRecord(server, recordId);
    // the mode is the clerk's choice (dictation, the default), not the route the first value took
    expect(record).toMatchObject({ form: FORM, status: 'draft', mode: 'dictation' });
    expect(record.fields).toEqual({ vards: 'Anna', ire: 180.5, datums: '2025-03-14', personas_kods: '123' });
    expect(record.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['personas_kods:personal_code_format']);

    // Fixing the value clears its message.
    await page.fill('#field-personas_kods', '');
    await page.locator('#field-personas_kods').press('Tab');
    await page.locator('#issue-personas_kods').waitFor({ state: 'hidden', timeout: 5_000 });
    await expect.poll(async () => (await fetchRecord(server, recordId)).fields.personas_kods).toBeUndefined();
  });

  it('brings the draft back after a reload, even a value typed just before it', async () => {
    await page.fill('#field-uzvards', 'Ozola'); // no blur: the debounce has not run when the page goes
    await page.reload();
    await page.locator('#form-message', { hasText: `Atvērts melnraksts Nr. ${recordId}` }).waitFor({ timeout: 10_000 });
    const record = await fetchRecord(server, recordId);
    expect(record.fields.uzvards).toBe('Ozola');
    const shown = await shownValues(page);
    for (const [id, value] of Object.entries(record.fields)) expect(shown[id], id).toBe(displayed(value));
    expect(shown.vards).toBe('Anna');
  });

  it('reopens the last draft in a tab opened without the link', async () => {
    const other = await context.newPage();
    await other.goto(server.baseUrl);
    await other.locator('#field-vards').waitFor({ timeout: 10_000 });
    expect(recordIdOf(other)).toBe(recordId);
    expect(await other.inputValue('#field-vards')).toBe('Anna');
    await other.close();
  });

  it('saves with the button, listing missing required fields, and lists the record to reopen', async () => {
    await page.getByRole('button', { name: 'Saglabāt' }).click();
    await page.locator('#form-status', { hasText: `Saglabāta Nr. ${recordId}` }).waitFor({ timeout: 5_000 });
    expect(await page.textContent('#form-message')).toContain('Veidlapa saglabāta, bet');
    await page.locator('#issue-adrese', { hasText: 'Obligāts lauks nav aizpildīts' }).waitFor();
    const saved = await fetchRecord(server, recordId);
    expect(saved.status).toBe('saved');
    expect(saved.issues.filter((i) => i.code === 'required').map((i) => i.field)).toEqual(
      expect.arrayContaining(['personas_kods', 'adrese', 'majsaimniecibas_locekli', 'ienakumi', 'iban']),
    );

    await page.getByRole('button', { name: 'Jauna veidlapa' }).click();
    expect(await page.inputValue('#field-vards')).toBe('');
    expect(recordIdOf(page)).toBeNull();

    await page.locator('#form-records summary').click();
    const link = page.locator(`#form-record-list [data-record="${recordId}"]`);
    await link.waitFor({ timeout: 5_000 });
    expect(await link.textContent()).toContain('Mājokļa pabalsta iesniegums — Anna Ozola');
    await link.click();
    await expect.poll(() => page.inputValue('#field-vards')).toBe('Anna');
    expect(recordIdOf(page)).toBe(recordId);
    expect(await page.textContent('#form-status')).toContain('Saglabāta');
  });

  it('exports the stored record as JSON and as CSV', async () => {
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#form-export-json')]);
    const exported = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as { id: number; fields: object };
    expect(jsonDownload.suggestedFilename()).toBe(`${FORM}-${recordId}.json`);
    expect(exported.id).toBe(recordId);
    expect(exported.fields).toEqual((await fetchRecord(server, recordId)).fields);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#form-export-csv')]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = csv[0]!.split(';');
    const row = csv[1]!.split(';');
    expect(row[header.indexOf('record_id')]).toBe(String(recordId));
    expect(row[header.indexOf('vards')]).toBe('Anna');
    expect(row[header.indexOf('ire')]).toBe('180.5');
  });

  it('keeps a draft across a dropped dictation socket: the reconnect reopens the record and sends what was typed meanwhile', async () => {
    const tab = await context.newPage();
    const sent: Record<string, unknown>[][] = [];
    tab.on('websocket', (ws) => {
      const frames: Record<string, unknown>[] = [];
      sent.push(frames);
      ws.on('framesent', (f) => {
        if (typeof f.payload === 'string') frames.push(JSON.parse(f.payload) as Record<string, unknown>);
      });
    });
    // Keep the page's sockets reachable so the test can drop one.
    await tab.addInitScript(() => {
      const Native = WebSocket;
      const list: WebSocket[] = [];
      (globalThis as unknown as { __sockets: WebSocket[] }).__sockets = list;
      globalThis.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          list.push(this);
        }
      };
    });
    await tab.goto(`${server.baseUrl}/#form=${FORM}`);
    await tab.locator('#field-vards').waitFor();
    await tab.fill('#field-vards', 'Ilze');
    await tab.locator('#field-vards').press('Tab'); // over REST: no dictation yet
    const id = await waitForRecordId(tab);

    await tab.getByRole('button', { name: 'Diktēt' }).click();
    await tab.getByRole('button', { name: 'Apturēt' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => sent[0]?.find((m) => m.type === 'form.open'), { timeout: 10_000 }).toEqual({ type: 'form.open', form: FORM, mode: 'dictation', record: id });
    await tab.fill('#field-uzvards', 'Kalniņa');
    await tab.locator('#transcript').focus();
    await expect.poll(async () => (await fetchRecord(server, id)).fields.uzvards, { timeout: 5_000 }).toBe('Kalniņa');
    expect(sent[0]).toContainEqual({ type: 'form.edit', field: 'uzvards', value: 'Kalniņa' });

    // Drop the socket and type at once, before its close event: the edit must wait for the reconnect.
    await tab.evaluate(() => {
      (globalThis as unknown as { __sockets: WebSocket[] }).__sockets.at(-1)!.close(4000, 'test drop');
      const input = document.getElementById('field-talrunis') as HTMLInputElement;
      input.value = '26 12 34 56';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    });
    await expect.poll(() => sent[1]?.length ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(sent[1]!.slice(0, 3)).toEqual([
      { config: { sample_rate: 16000 } },
      { type: 'form.open', form: FORM, mode: 'dictation', record: id },
      { type: 'form.edit', field: 'talrunis', value: '26 12 34 56' },
    ]);
    await expect.poll(() => tab.inputValue('#field-talrunis'), { timeout: 5_000 }).toBe('26123456');

    await tab.getByRole('button', { name: 'Apturēt' }).click();
    await tab.getByRole('button', { name: 'Diktēt' }).waitFor({ timeout: 20_000 });
    const record = await fetchRecord(server, id);
    expect(record.fields).toEqual({ vards: 'Ilze', uzvards: 'Kalniņa', talrunis: '26123456' });
    expect(recordIdOf(tab)).toBe(id);
    await tab.close();
  });
});
