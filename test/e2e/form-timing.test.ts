/**
 * The pilot's baseline in the browser: a form filled in "Manuāla ievade" mode
 * by keyboard only, against the real `diktats serve`. The page must time it
 * itself and post the timings when it is saved; the test reads the stored
 * record back over REST. (The dictated counterpart is in form-dictation.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { fetchRecord, waitForRecordId, type StoredRecord } from './support/form-page.ts';
import { startServer, type ServerHandle } from './support/server-process.ts';

const FORM = 'majokla-pabalsts';
/** "Annx": a typo, fixed afterwards */
const TYPED: readonly [string, string][] = [
  ['vards', 'Annx'],
  ['uzvards', 'Bērziņa'], // ē, ņ: Playwright inserts these without a keydown
  ['talrunis', '26123456'],
];
const KEY_DELAY_MS = 40;

/** A WAV header with no samples: a microphone that is never used in manual mode. */
function emptyWav(): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  return header;
}

type Timed = StoredRecord & {
  savedAt: string | null;
  metrics: { openedAt: string | null; firstInputAt: string | null; activeMs: number | null; keystrokes: number | null; edits: number | null };
};

describe('manual entry timed by the page', () => {
  let server: ServerHandle;
  let browser: Browser;
  let page: Page;
  const wavDir = mkdtempSync(join(tmpdir(), 'diktats-e2e-timing-'));

  beforeAll(async () => {
    server = await startServer({ readyTimeoutMs: 60_000 });
    const wavPath = join(wavDir, 'empty.wav');
    writeFileSync(wavPath, emptyWav());
    browser = await launchChromium(wavPath);
    page = await browser.newPage();
    await server.signIn(page.context());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(wavDir, { recursive: true, force: true });
  });

  it('stores opened, first input, save, active time and keystrokes for a form typed in manual mode', async () => {
    await page.goto(server.baseUrl);
    await page.getByRole('radio', { name: 'Manuāla ievade' }).check();
    const pickedAt = Date.now();
    await page.selectOption('#form-template', FORM);
    await page.locator('#field-vards').waitFor();
    // the baseline never needs the microphone
    await expect.poll(() => page.getByRole('button', { name: 'Diktēt' }).isDisabled()).toBe(true);

    await page.waitForTimeout(300); // a moment to read the papers before the first key
    let keys = 0;
    for (const [field, text] of TYPED) {
      await page.click(`#field-${field}`);
      await page.keyboard.type(text, { delay: KEY_DELAY_MS });
      keys += [...text].length;
    }
    // a typo fixed in a field already filled: one edit, two more keys
    await page.click('#field-vards');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('a');
    keys += 3;
    await page.click('#form-save');
    await page.locator('#form-panel[data-status="saved"]').waitFor({ timeout: 15_000 });
    await page.locator('#form-panel[data-timing="reported"]').waitFor({ timeout: 10_000 });
    const doneAt = Date.now();

    const record = (await fetchRecord(server, await waitForRecordId(page))) as Timed;
    const m = record.metrics;
    console.info(`[e2e timing] manual record ${record.id}: ${JSON.stringify(m)}, savedAt ${record.savedAt}`);
    expect(record.mode).toBe('manual');
    expect(record.status).toBe('saved');
    expect(record.fields).toMatchObject({ vards: 'Anna', uzvards: 'Bērziņa', talrunis: '26123456' });

    const opened = Date.parse(m.openedAt!);
    const first = Date.parse(m.firstInputAt!);
    const saved = Date.parse(record.savedAt!);
    expect(opened).toBeLessThanOrEqual(first);
    expect(first).toBeLessThanOrEqual(saved);
    // the page's clock and the test's are the same machine's: opened when the form was picked
    expect(opened).toBeGreaterThanOrEqual(pickedAt - 1000);
    expect(saved).toBeLessThanOrEqual(doneAt);
    expect(first - opened).toBeGreaterThanOrEqual(300);
    expect(m.activeMs).toBeGreaterThan(0);
    expect(m.activeMs!).toBeLessThanOrEqual(saved - opened);
    // no pause was longer than the idle threshold: nearly all of it was active
    expect(m.activeMs!).toBeGreaterThanOrEqual((saved - opened) * 0.9);
    expect(m.keystrokes).toBe(keys);
    expect(m.edits).toBe(1);
  });

  it('reports nothing more for the saved record when the page goes away', async () => {
    const id = await waitForRecordId(page);
    const before = (await fetchRecord(server, id)) as Timed;
    await page.goto('about:blank');
    await new Promise((r) => setTimeout(r, 300));
    expect(((await fetchRecord(server, id)) as Timed).metrics).toEqual(before.metrics);
  });
});
