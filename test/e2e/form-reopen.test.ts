/**
 * "Labot" (Edit) on a saved form, in the real page against the real `diktats
 * serve`: the form is dictated through the fake microphone and saved by voice
 * ("saglabāt"; the button if the model missed it), is final, and a keyboard
 * edit is refused; "Labot", reached by Tab and pressed with Enter, reopens it
 * as a draft (POST /api/forms/records/:id/reopen, audited); the corrected
 * field is stored by the next save, and the pilot report counts the
 * correction against what dictation recognised. A second round adds up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { fetchRecord, waitForRecordId, type FieldValue, type StoredRecord } from './support/form-page.ts';
import { repoRoot, startServer, type ServerHandle } from './support/server-process.ts';
import { checkStored, ClerkRefused, watchRefusals, type Scenario } from '../../scripts/demo/pilot-clerk.ts';

const FIXTURE_DIR = join(repoRoot, 'test/fixtures/e2e');
const WAV_PATH = join(FIXTURE_DIR, 'form-dictation.wav');
const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, 'form-dictation.json'), 'utf8')) as { form: string; speechEndSec: number };
const STOP_AFTER_SPEECH_MS = 2500;

interface PostEdit {
  records: number;
  dictatedFields: number;
  correctedFields: number;
  dictated: { wer: number };
  fields: { field: string; dictated: number; corrected: number }[];
}

async function postEditOf(server: ServerHandle): Promise<PostEdit> {
  const res = await fetch(`${server.baseUrl}/api/pilot/report?template=${fixture.form}`, { headers: server.adminHeaders });
  if (!res.ok) throw new Error(`pilot report: ${res.status} ${await res.text()}`);
  const report = (await res.json()) as { byTemplate: { template: string; postEdit: PostEdit }[] };
  return report.byTemplate.find((g) => g.template === fixture.form)!.postEdit;
}

const text = (v: FieldValue | undefined) => (v === undefined ? '' : String(v));
/** dictated fields whose saved value differs from the recognised one (what post-edit.ts counts as corrected) */
const correctedIn = (r: StoredRecord) => Object.keys(r.recognised ?? {}).filter((id) => text(r.recognised![id]) !== '' && text(r.recognised![id]) !== text(r.fields[id]));

/** Each field's lock as the page has it ('locked': readOnly or, for a list, disabled, and aria-readonly), and whether the hint shows. */
async function lockState(page: Page): Promise<{ hint: boolean; fields: Record<string, 'locked' | 'editable' | 'mixed'> }> {
  return page.evaluate(() => {
    const fields: Record<string, 'locked' | 'editable' | 'mixed'> = {};
    document.querySelectorAll<HTMLElement>('#form-fields [data-field]').forEach((box) => {
      const input = box.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')!;
      const locked = input instanceof HTMLSelectElement ? input.disabled : input.readOnly;
      const aria = input.getAttribute('aria-readonly') === 'true';
      fields[box.dataset['field']!] = locked && aria ? 'locked' : !locked && !aria ? 'editable' : 'mixed';
    });
    return { hint: document.querySelector<HTMLElement>('#form-locked')?.hidden === false, fields };
  });
}

/** The form's field ids, in the page's order. */
function fieldsOf(page: Page): Promise<Record<string, true>> {
  return page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>('#form-fields [data-field]')).map((b) => [b.dataset['field']!, true as const])));
}

/** Clicks "Saglabāt" and waits for the page's timing report that follows a save. */
async function saveByButton(page: Page): Promise<void> {
  const timing = page.waitForResponse((r) => /\/api\/forms\/records\/\d+\/timing$/.test(r.url()) && r.request().method() === 'POST', { timeout: 15_000 });
  await page.click('#form-save');
  expect((await timing).ok()).toBe(true);
  await page.locator('#form-panel[data-status="saved"]').waitFor({ timeout: 5_000 });
}

describe('"Labot" reopens a saved form for correction', () => {
  let server: ServerHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ readyTimeoutMs: 60_000 });
    browser = await launchChromium(WAV_PATH);
    context = await browser.newContext();
    await server.signIn(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('dictate and save, press Labot, fix a field, save: the fix is stored and counted as a post-edit correction', async () => {
    await page.goto(server.baseUrl);
    await page.selectOption('#form-template', fixture.form);
    await page.locator('#field-vards').waitFor();
    expect(await page.isHidden('#form-reopen')).toBe(true); // nothing to reopen yet

    await page.getByRole('button', { name: 'Diktēt' }).click();
    await page.getByRole('button', { name: 'Apturēt' }).waitFor({ timeout: 10_000 });
    const since = Date.now();
    const id = await waitForRecordId(page);
    const speechOverAt = since + fixture.speechEndSec * 1000 + STOP_AFTER_SPEECH_MS;
    await page
      .locator('#form-panel[data-status="saved"]')
      .waitFor({ timeout: Math.max(1, speechOverAt - Date.now()) })
      .catch(() => {});
    await page.getByRole('button', { name: 'Apturēt' }).click();
    await page.getByRole('button', { name: 'Diktēt' }).waitFor({ timeout: 20_000 });
    if ((await page.getAttribute('#form-panel', 'data-status')) !== 'saved') await saveByButton(page);

    const dictated = await fetchRecord(server, id);
    expect(dictated.status).toBe('saved');
    expect(dictated.recognised).not.toBeNull();
    expect(text(dictated.recognised!['vards'])).not.toBe(''); // dictation filled the field the clerk fixes
    expect(correctedIn(dictated)).toEqual([]);
    const before = await postEditOf(server);
    expect(before.correctedFields).toBe(0);

    // a saved form is final: every field is read-only, and a hint above them says to press "Labot"
    expect(Object.keys(await fieldsOf(page)).length).toBeGreaterThan(5);
    expect(await lockState(page)).toEqual({ hint: true, fields: Object.fromEntries(Object.keys(await fieldsOf(page)).map((f) => [f, 'locked'])) });
    expect(await page.textContent('#form-locked')).toContain('Labot');
    expect(await page.getAttribute('#field-vards', 'aria-describedby')).toContain('form-locked');
    // keys pressed in a locked field change nothing and send nothing
    const shownVards = await page.inputValue('#field-vards');
    const writes: string[] = [];
    const onRequest = (r: Request) => void (r.method() === 'PUT' && writes.push(r.url()));
    page.on('request', onRequest);
    await page.click('#field-vards');
    await page.keyboard.type('Juris');
    await page.locator('#field-talrunis').focus();
    await page.waitForTimeout(500); // longer than the page's typing debounce
    page.off('request', onRequest);
    expect(await page.inputValue('#field-vards')).toBe(shownVards);
    expect(writes).toEqual([]);
    expect((await fetchRecord(server, id)).fields['vards']).toBe(dictated.fields['vards']);

    // "Labot" is visible and reached from "Saglabāt" by Tab; Enter presses it
    expect(await page.isVisible('#form-reopen')).toBe(true);
    await page.focus('#form-save');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-reopen');
    await page.keyboard.press('Enter');
    await page.locator('#form-panel[data-status="draft"]').waitFor({ timeout: 5_000 });
    expect(await page.isHidden('#form-reopen')).toBe(true);
    // "Labot" unlocks every field and the hint goes
    expect(await lockState(page)).toEqual({ hint: false, fields: Object.fromEntries(Object.keys(await fieldsOf(page)).map((f) => [f, 'editable'])) });
    const reopened = await fetchRecord(server, id);
    expect(reopened.status).toBe('draft');
    expect(reopened.revision).toBeGreaterThan(dictated.revision);

    // the fix is typed again and saved
    await page.fill('#field-vards', 'Juris');
    await saveByButton(page);
    expect((await lockState(page)).hint).toBe(true); // saved again: locked again
    expect(await page.locator('#field-vards').isEditable()).toBe(false);
    const fixed = await fetchRecord(server, id);
    expect(fixed.status).toBe('saved');
    expect(fixed.fields).toEqual({ ...dictated.fields, vards: 'Juris' });
    expect(fixed.recognised).toEqual(dictated.recognised); // what was recognised stays the reference
    expect(correctedIn(fixed)).toContain('vards');

    const after = await postEditOf(server);
    expect(after.records).toBe(1);
    expect(after.correctedFields).toBe(correctedIn(fixed).length);
    expect(after.fields.find((f) => f.field === 'vards')).toMatchObject({ dictated: 1, corrected: 1 });
    expect(after.dictated.wer).toBeGreaterThan(0);

    // a second round adds up: reopen, fix another dictated field, save
    await page.getByRole('button', { name: 'Labot' }).click();
    await page.locator('#form-panel[data-status="draft"]').waitFor({ timeout: 5_000 });
    const phone = text(dictated.recognised!['talrunis']) === '29876543' ? '29876544' : '29876543';
    await page.fill('#field-talrunis', phone);
    await saveByButton(page);
    const twice = await fetchRecord(server, id);
    expect(twice.fields).toMatchObject({ vards: 'Juris', talrunis: phone });
    const last = await postEditOf(server);
    expect(last.correctedFields).toBe(correctedIn(twice).length);
    expect(correctedIn(twice)).toEqual(expect.arrayContaining(['vards', 'talrunis']));
    expect(last.correctedFields).toBeGreaterThan(after.correctedFields);

    const audit = await fetch(`${server.baseUrl}/api/admin/audit?action=record.reopen`, { headers: server.adminHeaders });
    const entries = ((await audit.json()) as { entries: { target: string }[] }).entries;
    expect(entries.filter((e) => e.target === `record:${id}`)).toHaveLength(2);

    // a new record starts editable
    await page.click('#form-new');
    await page.locator('#form-panel[data-status=""]').waitFor({ timeout: 5_000 });
    expect(await lockState(page)).toEqual({ hint: false, fields: Object.fromEntries(Object.keys(await fieldsOf(page)).map((f) => [f, 'editable'])) });
  });

  it("the demo clerk's guard: an edit the server refuses (a saved form changed without Labot) stops the demo", async () => {
    const clerk = await context.newPage();
    const refusals = watchRefusals(clerk);
    await clerk.goto(server.baseUrl);
    await clerk.selectOption('#form-template', fixture.form);
    await clerk.locator('#field-vards').waitFor();
    await clerk.fill('#field-vards', 'Laura');
    await saveByButton(clerk);
    const id = await waitForRecordId(clerk);
    const scenario: Scenario = {
      form: fixture.form,
      fields: [{ id: 'vards', type: 'name', order: 1 }],
      target: new Map([['vards', 'Laura']]),
      typed: new Map([['vards', 'Laura']]),
      speechEndSec: 0,
    };
    await refusals.check('saved'); // nothing refused so far
    await checkStored(clerk, server.baseUrl, id, scenario);

    // the saved form is read-only; an edit that gets past the lock (a page whose lock a script took
    // off here, as a stale or tampered page could) is still refused by the server
    expect(await clerk.locator('#field-vards').isEditable()).toBe(false);
    await clerk.locator('#field-vards').evaluate((el) => ((el as HTMLInputElement).readOnly = false));
    const refused = clerk.waitForResponse((r) => r.request().method() === 'PUT' && r.status() === 409);
    await clerk.fill('#field-vards', 'Laila');
    await clerk.locator('#field-uzvards').focus();
    await refused;
    await expect(refusals.check('typed into a saved form')).rejects.toBeInstanceOf(ClerkRefused);
    await expect(checkStored(clerk, server.baseUrl, id, scenario)).rejects.toThrow(/shows "Laila" but "Laura" is stored/);
    await clerk.close();
  });
});
