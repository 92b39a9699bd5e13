/**
 * Accounts in the browser: a clerk opens the service without a session and is
 * sent to the login page; she logs in, dictates a whole form through the fake
 * microphone (test/fixtures/e2e/form-dictation.wav), logs out, and the record
 * is gone from the page: she is back on the login page, Back does not bring
 * it again, and her old session cookie opens nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { fetchRecord, waitForRecordId } from './support/form-page.ts';
import { repoRoot, startServer, type ServerHandle } from './support/server-process.ts';
import { DEMO_ADMIN } from '../../scripts/demo/first-run.ts';

/** Console messages about the Content-Security-Policy (an inline script or style it refused). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

const FIXTURE_DIR = join(repoRoot, 'test/fixtures/e2e');
const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, 'form-dictation.json'), 'utf8')) as { form: string; speechEndSec: number };

describe('log in, dictate a form, log out', () => {
  let server: ServerHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let violations: string[] = [];

  beforeAll(async () => {
    server = await startServer({ readyTimeoutMs: 60_000 });
    browser = await launchChromium(join(FIXTURE_DIR, 'form-dictation.wav'));
    context = await browser.newContext();
    page = await context.newPage();
    violations = cspViolations(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('without a session the page sends the clerk to the Latvian login page; a wrong password is refused', async () => {
    await page.goto(server.baseUrl);
    await page.waitForURL(/\/login\.html\?next=%2F/);
    expect(await page.getAttribute('html', 'lang')).toBe('lv');
    expect(await page.locator('h2').textContent()).toContain('Pieslēgties');
    await page.fill('#username', server.clerk.name);
    await page.fill('#password', 'not-her-password');
    await page.click('#login');
    await expect.poll(() => page.textContent('#login-error'), { timeout: 15_000 }).toContain('Nepareizs lietotājvārds vai parole');
  });

  it('logs in and shows her name and role', async () => {
    await page.fill('#password', server.clerk.password);
    await page.click('#login');
    await page.waitForURL(`${server.baseUrl}/`);
    await expect.poll(() => page.textContent('#session-user'), { timeout: 10_000 }).toBe(`${server.clerk.name} (darbinieks · clerk)`);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'diktats_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  let recordId = 0;
  it('dictates a form by voice until it is saved', async () => {
    await page.selectOption('#form-template', fixture.form);
    await page.locator('#field-vards').waitFor();
    await page.getByRole('button', { name: 'Diktēt' }).click();
    await page.getByRole('button', { name: 'Apturēt' }).waitFor({ timeout: 10_000 });
    recordId = await waitForRecordId(page);
    // "saglabāt" ends the fixture; give the model the speech and a margin on a busy machine
    await page.locator('#form-panel[data-status="saved"]').waitFor({ timeout: fixture.speechEndSec * 1000 + 15_000 });
    await page.getByRole('button', { name: 'Apturēt' }).click();
    await page.getByRole('button', { name: 'Diktēt' }).waitFor({ timeout: 20_000 });
    const record = await fetchRecord(server, recordId);
    expect(record.status).toBe('saved');
    expect(record.fields.vards).toBe('Jānis');
    expect(await page.inputValue('#field-vards')).toBe('Jānis');
  });

  it('logs out: the record is gone from the page, Back does not bring it, the old cookie opens nothing', async () => {
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'diktats_session');
    await page.click('#logout');
    await page.waitForURL(/\/login\.html$/);
    expect(await page.locator('#field-vards').count()).toBe(0);
    expect(await page.content()).not.toContain('Bērziņš');
    expect((await context.cookies()).filter((c) => c.name === 'diktats_session')).toEqual([]);

    // The pages replaced their history entries: Back leaves the site rather than showing the form again.
    await page.goBack().catch(() => null);
    expect(page.url()).not.toBe(`${server.baseUrl}/`);
    expect(await page.content()).not.toContain('Jānis');
    // Opening the service again asks for a login; no record is listed.
    await page.goto(`${server.baseUrl}/#form=${fixture.form}&record=${recordId}`);
    await page.waitForURL(/\/login\.html\?next=/);
    expect(await page.locator('#form-record-list li').count()).toBe(0);
    expect(await page.content()).not.toContain('Jānis');

    const res = await fetch(`${server.baseUrl}/api/forms/records/${recordId}`, { headers: { cookie: `diktats_session=${cookie!.value}` } });
    expect(res.status).toBe(401);
    expect(violations, 'the dictation page broke the CSP').toEqual([]);
  });

  it('an admin sees users, tokens and the audit log; the admin and researcher pages keep to the CSP', async () => {
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    const adminViolations = cspViolations(adminPage);
    await adminPage.goto(`${server.baseUrl}/admin/`);
    await adminPage.waitForURL(/\/login\.html\?next=%2Fadmin%2F/);
    await adminPage.fill('#username', DEMO_ADMIN.name);
    await adminPage.fill('#password', DEMO_ADMIN.password);
    await adminPage.click('#login');
    await adminPage.waitForURL(`${server.baseUrl}/admin/`);
    await expect.poll(() => adminPage.locator('#users tbody').textContent(), { timeout: 10_000 }).toContain(server.clerk.name);
    await expect.poll(() => adminPage.locator('#audit tbody').textContent(), { timeout: 10_000 }).toContain('record.save');
    expect(await adminPage.locator('#audit tbody').textContent()).toContain('logout');
    await adminPage.goto(`${server.baseUrl}/pilot/`);
    await adminPage.click('#transcripts-load');
    await expect.poll(() => adminPage.locator('#transcript-list li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(adminViolations, 'the admin or researcher page broke the CSP').toEqual([]);
    await admin.close();
  });
});
