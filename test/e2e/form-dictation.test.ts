/**
 * A whole form dictated through the fake microphone: Chromium plays
 * test/fixtures/e2e/form-dictation.wav (one utterance per field, then
 * "saglabāt") into the page, the real `diktats serve` recognises it and fills
 * `majokla-pabalsts` over the /ws/asr form extension, and the test reads the
 * saved record back over REST like another system would.
 *
 * The mechanics (live form.update messages, a keyboard edit over the socket,
 * corrected text in the transcript, reload, export) do not depend on what the
 * model hears; the accuracy test does, and is kept apart so its figure shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { displayed, fetchRecord, shownValues, waitForRecordId, type FieldValue, type StoredRecord } from './support/form-page.ts';
import { repoRoot, startServer, type ServerHandle } from './support/server-process.ts';

const FIXTURE_DIR = join(repoRoot, 'test/fixtures/e2e');
const WAV_PATH = join(FIXTURE_DIR, 'form-dictation.wav');
const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, 'form-dictation.json'), 'utf8')) as {
  form: string;
  utterances: string[];
  speechEndSec: number;
  tailSec: number;
  expected: { status: 'saved' | 'draft'; fields: Record<string, FieldValue> };
};

/**
 * Share of the dictated fields that must land exactly (value and type): at
 * most one of the five wrong. The target is 90 % end to end. Seen with
 * diktats-lv-synth-v1 (2026-11-27, 2 busy CPU cores): the final model 5/5; a
 * checkpoint of the same training at 3/5 ("sešdiv padsmit", "astoņdesmiteiro"),
 * which this bound rejects.
 */
const MIN_FIELDS_EXACT = 0.8;
/**
 * Stop in the fixture's trailing silence: after the last utterance has had
 * time to end (endpointing 0.64 s plus decoding on a busy CPU), well before
 * Chromium loops the file.
 */
const STOP_AFTER_SPEECH_MS = 2500;

type SocketLog = { sent: Record<string, unknown>[]; received: Record<string, unknown>[] };

/** Every JSON text frame on the page's /ws/asr sockets, both ways. */
function logSockets(page: Page): SocketLog {
  const log: SocketLog = { sent: [], received: [] };
  const parse = (payload: string | Buffer) => {
    if (typeof payload !== 'string') return null;
    try {
      return JSON.parse(payload) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/ws/asr')) return;
    ws.on('framesent', (f) => {
      const m = parse(f.payload);
      if (m) log.sent.push(m);
    });
    ws.on('framereceived', (f) => {
      const m = parse(f.payload);
      if (m) log.received.push(m);
    });
  });
  return log;
}

/** Counts fields that got the brief "just filled" highlight. */
async function watchHighlights(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __highlighted: string[] }).__highlighted = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        if (el.classList.contains('just-filled')) seen.push(el.dataset.field ?? '?');
      }
    }).observe(document.getElementById('form-fields')!, { attributes: true, attributeFilter: ['class'], subtree: true });
  });
}

describe('a whole form dictated through the fake microphone', () => {
  let server: ServerHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sockets: SocketLog;
  let recordId: number;
  let record: StoredRecord;
  let pickedAt: number;

  beforeAll(async () => {
    server = await startServer({ readyTimeoutMs: 60_000 });
    browser = await launchChromium(WAV_PATH);
    context = await browser.newContext({ acceptDownloads: true });
    await server.signIn(context);
    page = await context.newPage();
    sockets = logSockets(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fills the form live while dictating and takes a keyboard edit over the same socket', async () => {
    await page.goto(server.baseUrl);
    pickedAt = Date.now();
    await page.selectOption('#form-template', fixture.form);
    await page.locator('#field-vards').waitFor();
    await watchHighlights(page);

    await page.getByRole('button', { name: 'Diktēt' }).click();
    await page.getByRole('button', { name: 'Apturēt' }).waitFor({ timeout: 10_000 });
    const recordingSince = Date.now();
    recordId = await waitForRecordId(page);
    expect(sockets.sent).toContainEqual({ type: 'form.open', form: fixture.form, mode: 'dictation' });
    await page.locator('.field.dictation-target[data-field="vards"]').waitFor({ timeout: 5_000 });

    // Until the speech is over (or "saglabāt" was heard), then a moment for the last final.
    const speechOverAt = recordingSince + fixture.speechEndSec * 1000 + STOP_AFTER_SPEECH_MS;
    await page
      .locator('#form-panel[data-status="saved"]')
      .waitFor({ timeout: Math.max(1, speechOverAt - Date.now()) })
      .catch(() => {});
    await page.waitForTimeout(Math.max(0, Math.min(1500, speechOverAt - Date.now())));

    // A keyboard edit while the socket is still open goes as form.edit and a draft echoes the canonical
    // value. A saved record is final (issue 11): after the voice save its fields are read-only until
    // "Labot" (form-reopen.test.ts covers the reopen), so nothing can be typed and no edit is sent.
    const savedBeforeEdit = (await page.getAttribute('#form-panel', 'data-status')) === 'saved';
    if (savedBeforeEdit) {
      expect(await page.locator('#field-komunalie').isEditable()).toBe(false);
      expect(await page.getAttribute('#field-komunalie', 'aria-readonly')).toBe('true');
      await expect.poll(() => page.isVisible('#form-locked'), { timeout: 5_000 }).toBe(true);
    } else {
      await page.fill('#field-komunalie', '45,5');
      // Leave the field without entering another one: a click into a field aims dictation there.
      await page.locator('#transcript').focus();
      await expect.poll(() => sockets.sent.some((m) => m.type === 'form.edit' && m.field === 'komunalie'), { timeout: 5_000 }).toBe(true);
      expect(sockets.sent).toContainEqual({ type: 'form.edit', field: 'komunalie', value: '45,5' });
      expect(sockets.sent).toContainEqual({ type: 'form.focus', field: 'komunalie' });
      await expect.poll(() => page.inputValue('#field-komunalie'), { timeout: 5_000 }).toBe('45,50');
    }
    expect(sockets.sent.some((m) => m.type === 'form.edit' && m.field === 'komunalie')).toBe(!savedBeforeEdit);

    const updates = sockets.received.filter((m) => m.type === 'form.update');
    const finals = sockets.received.filter((m) => typeof m.text === 'string' && m.text !== '' && !('partial' in m));
    await page.getByRole('button', { name: 'Apturēt' }).click();
    await page.getByRole('button', { name: 'Diktēt' }).waitFor({ timeout: 20_000 });
    const elapsedSec = (Date.now() - recordingSince) / 1000;
    expect(elapsedSec, 'stopped before Chromium looped the WAV').toBeLessThan(fixture.speechEndSec + fixture.tailSec);

    record = await fetchRecord(server, recordId);
    const heard = finals.map((m) => m.text).join(' | ');
    const written = finals
      .flatMap((m) => (m.diktats as { utterances?: { corrected: string }[] } | undefined)?.utterances ?? [])
      .map((u) => u.corrected)
      .join(' | ');
    console.info(
      `[e2e form] ${finals.length} finals, ${updates.length} form.update messages, record ${recordId} (${record.status})\n` +
        `[e2e form] heard: ${heard}\n[e2e form] written: ${written}\n[e2e form] fields: ${JSON.stringify(record.fields)}\n` +
        `[e2e form] highlighted: ${JSON.stringify((await page.evaluate(() => (globalThis as unknown as { __highlighted: string[] }).__highlighted)))}`,
    );

    // One form.update per final, none before the form was opened.
    expect(finals.length, `no finals; server said:\n${server.output()}`).toBeGreaterThan(0);
    expect(updates.length).toBeGreaterThanOrEqual(finals.length);
    expect(updates.every((u) => u.record === recordId)).toBe(true);
    // The page shows what the server stored, field for field.
    const shown = await shownValues(page);
    for (const [id, value] of Object.entries(record.fields)) expect(shown[id], id).toBe(displayed(value));
    expect(record.fields.komunalie).toBe(savedBeforeEdit ? undefined : 45.5);
    expect(record.mode).toBe('dictation');
    // A field that dictation filled flashed; the keyboard-edited one did not.
    const dictated = Object.keys(record.recognised ?? {});
    const highlighted = await page.evaluate(() => (globalThis as unknown as { __highlighted: string[] }).__highlighted);
    if (dictated.length > 0) expect(highlighted).toEqual(expect.arrayContaining([dictated[0]]));
    expect(highlighted).not.toContain('komunalie');
  });

  it('shows the corrected written form in the transcript, with the spoken form on hover', async () => {
    const utterances = sockets.received.flatMap((m) => ((m.diktats as { utterances?: { raw: string; corrected: string }[] })?.utterances ?? []).filter((u) => u.raw !== ''));
    const spans = await page.locator('#finals .final').evaluateAll((els) =>
      els.map((e) => ({ text: e.textContent, raw: (e as HTMLElement).dataset.raw, title: (e as HTMLElement).title, color: getComputedStyle(e).color })),
    );
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.map((s) => s.text)).toEqual(utterances.map((u) => u.corrected || u.raw));
    expect(spans.map((s) => s.raw)).toEqual(utterances.map((u) => u.raw));
    expect(spans.every((s) => s.title.startsWith('Atpazīts: ') && s.color === 'rgb(0, 0, 0)')).toBe(true);
  });

  it('lands the dictated values in the saved record (accuracy against the fixture)', () => {
    const expected = Object.entries(fixture.expected.fields);
    const exact = expected.filter(([id, value]) => record.fields[id] === value);
    const share = exact.length / expected.length;
    console.info(`[e2e form] fields exact: ${exact.length}/${expected.length} (${(share * 100).toFixed(0)} %), status ${record.status}`);
    const wrong = expected.filter(([id, value]) => record.fields[id] !== value).map(([id, value]) => `${id}: want ${JSON.stringify(value)}, got ${JSON.stringify(record.fields[id])}`);
    expect(share, `wrong fields: ${wrong.join('; ')}`).toBeGreaterThanOrEqual(MIN_FIELDS_EXACT);
  });

  it('saves the record when "saglabāt" is said (the voice command, not the button)', () => {
    expect(record.status, `the last utterance is "saglabāt"; heard: ${sockets.received.filter((m) => typeof m.text === 'string' && m.text !== '').map((m) => m.text).join(' | ')}`).toBe(
      fixture.expected.status,
    );
    expect(sockets.received.some((m) => m.type === 'form.saved' && m.record === recordId)).toBe(true);
    expect(sockets.sent.some((m) => m.type === 'form.save')).toBe(false);
  });

  it('stores the page\'s own entry timings for the dictated form, reported at the voice save', async () => {
    type Timed = { savedAt: string | null; metrics: { openedAt: string | null; firstInputAt: string | null; activeMs: number | null; keystrokes: number | null; edits: number | null } };
    let timed: Timed | undefined;
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(timed?.metrics.activeMs != null)) {
      timed = (await fetchRecord(server, recordId)) as unknown as Timed;
      if (timed.metrics.activeMs == null) await new Promise((r) => setTimeout(r, 100));
    }
    const m = timed!.metrics;
    console.info(`[e2e form] timings: ${JSON.stringify(m)}, savedAt ${timed!.savedAt}`);
    expect(m.activeMs, 'the page never posted its timings').not.toBeNull();
    const opened = Date.parse(m.openedAt!);
    const first = Date.parse(m.firstInputAt!);
    const saved = Date.parse(timed!.savedAt!);
    // the page's opening (the template picked), not the server's draft creation when dictation began
    expect(opened).toBeGreaterThanOrEqual(pickedAt - 1000);
    expect(opened).toBeLessThan(first);
    expect(first).toBeLessThanOrEqual(saved);
    expect(m.activeMs!).toBeGreaterThan(0);
    expect(m.activeMs!).toBeLessThanOrEqual(saved - opened);
    // nothing typed before "saglabāt" (the komunalie edit came after it, and fill() presses no keys)
    expect(m.keystrokes).toBe(0);
    expect(m.edits).toBe(0);
  });

  it('reopens the dictated draft after a reload with the same values', async () => {
    await page.reload();
    await page.locator('#form-message', { hasText: `Nr. ${recordId}` }).waitFor({ timeout: 10_000 });
    const shown = await shownValues(page);
    const now = await fetchRecord(server, recordId);
    expect(now.fields).toEqual(record.fields);
    for (const [id, value] of Object.entries(record.fields)) expect(shown[id], id).toBe(displayed(value));
  });

  it('exports the dictated record as JSON and CSV', async () => {
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#form-export-json')]);
    const exported = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as StoredRecord;
    expect(exported.id).toBe(recordId);
    expect(exported.fields).toEqual(record.fields);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#form-export-csv')]);
    const [header, row] = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    // the keyboard edit landed only if the record was still a draft (a saved one is final)
    expect(row!.split(';')[header!.split(';').indexOf('komunalie')]).toBe(record.fields.komunalie === undefined ? '' : '45.5');
  });
});
