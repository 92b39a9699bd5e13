/**
 * The pilot demo's simulated clerk, driving the real forms page (Playwright).
 *
 * Manual entry: clicks each field in template order and types its target
 * value at `cpm` characters a minute; an option list costs `pointMs` (open it,
 * find the option) and a pick.
 * Dictation: starts the microphone (Chromium's fake capture plays the
 * scenario's recording), waits for the voice save or the end of speech, stops,
 * then reviews every field against its target the way a clerk checks a form
 * against the papers: reads what is shown (`readWpm` words a minute) and fixes
 * what is wrong by keyboard at the same typing speed. The recording ends with
 * "saglabāt", so the form is usually saved (final) by then: at the first wrong
 * field the clerk points at "Labot" (`pointMs`) and presses it, which reopens
 * the record as a draft, exactly as the page offers (a saved form's fields are
 * read-only; they unlock together with `data-status="draft"`, which the clerk
 * waits for before typing). A short field is
 * selected whole (Ctrl+A) and retyped; in free text the clerk points at each
 * wrong stretch (`pointMs`), selects it and types the right words over it
 * (text-corrections.ts), or retypes the whole text when most of it is wrong.
 * Then saves again. The page times all of it itself (web/entry-timer.js).
 *
 * The clerk only does what the page lets her: any write the server refuses,
 * an error the page shows, or a stored record that differs from what the page
 * shows after the last save stops the demo (ClerkRefused), so figures are never
 * computed from edits that were not stored.
 */
import type { Page } from 'playwright-core';

/** Where pages come from: a browser context the clerk is signed in to. */
export interface PageSource {
  newPage(): Promise<Page>;
}
import { displayValue } from '../../web/form-values.js';
import { planFixes, typedChars } from './text-corrections.ts';

export interface ClerkSettings {
  /** typing speed, characters a minute */
  readonly cpm: number;
  /** reading speed while checking a dictated field, words a minute */
  readonly readWpm: number;
  /** pointing at a word or opening an option list with the mouse */
  readonly pointMs: number;
}

export interface TemplateField {
  readonly id: string;
  readonly type: string;
  readonly order: number;
}

/** One template's scenario: the recording and the values the clerk wants in the form. */
export interface Scenario {
  readonly form: string;
  readonly fields: readonly TemplateField[];
  /** fieldId → the value as the page shows it when right */
  readonly target: ReadonlyMap<string, string>;
  /** fieldId → what the clerk types for it (may differ from the shown form: "180" for "180,00") */
  readonly typed: ReadonlyMap<string, string>;
  readonly speechEndSec: number;
}

export interface Fixture {
  form: string;
  voice: string;
  gapSec: number;
  speechEndSec: number;
  expected: { fields: Record<string, string | number> };
  typed?: Record<string, string>;
}

export function scenarioOf(fixture: Fixture, fields: readonly TemplateField[]): Scenario {
  const ordered = [...fields].sort((a, b) => a.order - b.order);
  const target = new Map<string, string>();
  const typed = new Map<string, string>();
  for (const f of ordered) {
    const value = fixture.expected.fields[f.id];
    if (value === undefined) continue;
    target.set(f.id, displayValue(f, value));
    typed.set(f.id, fixture.typed?.[f.id] ?? displayValue(f, value));
  }
  return { form: fixture.form, fields: ordered, target, typed, speechEndSec: fixture.speechEndSec };
}

/** What the clerk did to one dictated form after the dictation. */
export interface Review {
  /** fields whose shown value differed from the target */
  readonly wrong: string[];
  /** characters typed to fix them */
  readonly typedChars: number;
  /** the form was saved by voice and the clerk pressed "Labot" to correct it */
  readonly reopened: boolean;
}

/** The page or the server refused something the clerk did: the demo stops rather than report unstored edits. */
export class ClerkRefused extends Error {
  override name = 'ClerkRefused';
}

/**
 * Watches one page for refused form writes (a REST write answered 4xx/5xx)
 * and for an error the page shows; `check` throws ClerkRefused if there was any.
 */
export function watchRefusals(page: Page): { check(step: string): Promise<void> } {
  const refused: string[] = [];
  page.on('response', (r) => {
    const method = r.request().method();
    if (method === 'GET' || r.ok() || !/\/api\/forms\/records/.test(r.url())) return;
    refused.push(`${method} ${new URL(r.url()).pathname} → ${r.status()}`);
  });
  return {
    async check(step) {
      const message = page.locator('#form-message[data-kind="error"]:not([hidden])');
      const shown = (await message.count()) > 0 ? await message.textContent() : null;
      if (refused.length > 0 || shown) {
        throw new ClerkRefused(`${step}: the clerk did something the page refused (${[...refused, ...(shown ? [`page says: ${shown}`] : [])].join('; ')})`);
      }
    },
  };
}

/** After the last save: what the server stored must be what the page shows (no edit silently lost). */
export async function checkStored(page: Page, base: string, id: number, s: Scenario): Promise<void> {
  const res = await page.request.get(`${base}/api/forms/records/${id}`);
  if (!res.ok()) throw new ClerkRefused(`record ${id}: ${res.status()}`);
  const record = (await res.json()).record as { status: string; fields: Record<string, string | number> };
  if (record.status !== 'saved') throw new ClerkRefused(`record ${id} is ${record.status} after the clerk saved it`);
  const shown = await shownValues(page);
  for (const f of s.fields) {
    const stored = record.fields[f.id] === undefined ? '' : displayValue(f, record.fields[f.id]);
    if (stored !== (shown[f.id] ?? '')) {
      throw new ClerkRefused(`record ${id}, ${f.id}: the page shows ${JSON.stringify(shown[f.id])} but ${JSON.stringify(stored)} is stored`);
    }
  }
}

/** "Labot": a saved form back to draft (the clerk points at the button, presses it, and the page says so). */
async function reopenForCorrection(page: Page, c: ClerkSettings): Promise<void> {
  await pause(c.pointMs);
  await page.getByRole('button', { name: 'Labot' }).click();
  await page.locator('#form-panel[data-status="draft"]').waitFor({ timeout: 15_000 });
}

const STOP_AFTER_SPEECH_MS = 3000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const words = (s: string) => s.split(/\s+/u).filter(Boolean).length;

async function recordIdOf(page: Page): Promise<number> {
  await page.waitForURL(/[#&]record=\d+/, { timeout: 15_000 });
  return Number(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('record'));
}

/** Opens the page with the entry mode chosen, then the form. */
async function openForm(page: Page, base: string, s: Scenario, mode: 'Diktēšana' | 'Manuāla ievade'): Promise<void> {
  await page.goto(base);
  await page.getByRole('radio', { name: mode }).check();
  await page.selectOption('#form-template', s.form);
  await page.locator(`#field-${s.fields[0]!.id}`).waitFor();
}

/** Clicks "Saglabāt" and waits for the save and for the page's own timing report that follows it. */
async function saveAndWaitForTiming(page: Page): Promise<void> {
  const timing = page.waitForResponse((r) => /\/api\/forms\/records\/\d+\/timing$/.test(r.url()) && r.request().method() === 'POST', { timeout: 15_000 });
  await page.click('#form-save');
  const res = await timing;
  if (!res.ok()) throw new Error(`the page's timing report failed: ${res.status()} ${await res.text()}`);
}

const isList = (f: TemplateField) => f.type === 'enum';

async function pick(page: Page, field: TemplateField, value: string, c: ClerkSettings): Promise<void> {
  await page.click(`#field-${field.id}`);
  await pause(c.pointMs);
  await page.selectOption(`#field-${field.id}`, value);
}

export async function typeForm(browser: PageSource, base: string, s: Scenario, c: ClerkSettings): Promise<number> {
  const page = await browser.newPage();
  const refusals = watchRefusals(page);
  await openForm(page, base, s, 'Manuāla ievade');
  for (const f of s.fields) {
    const text = s.typed.get(f.id);
    if (text === undefined) continue;
    if (isList(f)) await pick(page, f, text, c);
    else {
      await page.click(`#field-${f.id}`);
      await page.keyboard.type(text, { delay: 60_000 / c.cpm });
    }
  }
  await saveAndWaitForTiming(page);
  const id = await recordIdOf(page);
  await refusals.check(`record ${id}, typed`);
  await checkStored(page, base, id, s);
  await page.close();
  return id;
}

/** Every field's text as the page shows it. */
function shownValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll<HTMLElement>('#form-fields [data-field]').forEach((box) => {
      const input = box.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select');
      if (input) out[box.dataset['field']!] = input.value;
    });
    return out;
  });
}

/** Free text: point at each wrong stretch, select it, type over it; the last stretch first, so earlier ones stay put. */
async function fixText(page: Page, field: TemplateField, target: string, c: ClerkSettings): Promise<number> {
  const sel = `#field-${field.id}`;
  let typed = 0;
  for (let guard = 0; guard < 200; guard++) {
    const shown = await page.inputValue(sel);
    if (shown === target) return typed;
    const fixes = planFixes(shown, target);
    const fix = fixes.at(-1)!;
    await page.click(sel);
    await pause(c.pointMs);
    await page.locator(sel).evaluate((el, [start, end]) => (el as HTMLTextAreaElement).setSelectionRange(start!, end!), [fix.start, fix.end]);
    if (fix.insert === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(fix.insert, { delay: 60_000 / c.cpm });
    typed += typedChars([fix]);
  }
  throw new Error(`could not fix ${field.id}: still ${JSON.stringify(await page.inputValue(sel))}`);
}

async function review(page: Page, s: Scenario, c: ClerkSettings): Promise<Review> {
  const shown = await shownValues(page);
  const wrong: string[] = [];
  let typed = 0;
  let reopened = false;
  for (const f of s.fields) {
    const have = (shown[f.id] ?? '').trim();
    const want = s.target.get(f.id) ?? '';
    if (have === '' && want === '') continue;
    // reading the value against the papers, before deciding
    await pause((Math.max(words(have), 1) / c.readWpm) * 60_000);
    if (have === want) continue;
    wrong.push(f.id);
    // a form saved by voice is final: the page's "Labot" reopens it before the first fix
    if ((await page.getAttribute('#form-panel', 'data-status')) === 'saved') {
      await reopenForCorrection(page, c);
      reopened = true;
    }
    if (isList(f)) {
      await pick(page, f, want, c);
      continue;
    }
    const text = s.typed.get(f.id) ?? '';
    const fixes = planFixes(have, want);
    if (f.type === 'text' && have !== '' && want !== '' && typedChars(fixes) < [...want].length / 2) {
      typed += await fixText(page, f, want, c);
      continue;
    }
    await page.click(`#field-${f.id}`);
    await page.keyboard.press('Control+A');
    if (text === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(text, { delay: 60_000 / c.cpm });
    typed += [...text].length;
  }
  return { wrong, typedChars: typed, reopened };
}

/**
 * Where one dictated form's time went, in driver-side milliseconds (the page's
 * own timer is what the report uses; these only split it): from the form on
 * screen to recording, the recording until the voice save (the speech, the
 * endpointing pause and recognition of the last utterance), stopping, reading
 * and fixing, and the last save.
 */
export interface DictationPhases {
  /** form shown → the microphone is recording ("Diktēt" click, capture, socket) */
  readonly startMs: number;
  /** recording → the page shows the voice save (or the speech is surely over) */
  readonly recordingMs: number;
  /** of recordingMs: after the recording's speech ended (endpointing and recognising the last utterance) */
  readonly afterSpeechMs: number;
  /** "Apturēt" → "Diktēt" again (the last audio flushed, the socket closed) */
  readonly stopMs: number;
  /** reading every field against the papers and fixing the wrong ones by keyboard ("Labot" first when saved by voice) */
  readonly reviewMs: number;
  /** "Saglabāt" → the page's timing report stored */
  readonly saveMs: number;
}

export async function dictateForm(browser: PageSource, base: string, s: Scenario, c: ClerkSettings): Promise<{ id: number; review: Review; phases: DictationPhases }> {
  const page = await browser.newPage();
  const refusals = watchRefusals(page);
  await openForm(page, base, s, 'Diktēšana');
  const shown = Date.now();
  await page.getByRole('button', { name: 'Diktēt' }).click();
  await page.getByRole('button', { name: 'Apturēt' }).waitFor({ timeout: 10_000 });
  const since = Date.now();
  const id = await recordIdOf(page);
  // "saglabāt" ends the recording's speech; stop once saved, or when the speech is surely over
  const speechOver = since + s.speechEndSec * 1000 + STOP_AFTER_SPEECH_MS;
  await page
    .locator('#form-panel[data-status="saved"]')
    .waitFor({ timeout: Math.max(1, speechOver - Date.now()) })
    .catch(() => {});
  const heard = Date.now();
  await page.getByRole('button', { name: 'Apturēt' }).click();
  await page.getByRole('button', { name: 'Diktēt' }).waitFor({ timeout: 20_000 });
  const stopped = Date.now();
  const done = await review(page, s, c);
  const reviewed = Date.now();
  await refusals.check(`record ${id}, review`);
  // saved again even when nothing was wrong: the clerk's check is part of the entry, and the last save's timings count
  await saveAndWaitForTiming(page);
  const savedAt = Date.now();
  await refusals.check(`record ${id}, save`);
  await checkStored(page, base, id, s);
  const phases: DictationPhases = {
    startMs: since - shown,
    recordingMs: heard - since,
    afterSpeechMs: Math.max(0, heard - since - s.speechEndSec * 1000),
    stopMs: stopped - heard,
    reviewMs: reviewed - stopped,
    saveMs: savedAt - reviewed,
  };
  await page.close();
  return { id, review: done, phases };
}
