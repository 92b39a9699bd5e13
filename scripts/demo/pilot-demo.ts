/**
 * `npm run demo:pilot [-- --forms N --cpm C --out FILE --json --db FILE]`: a
 * reproducible pilot in miniature, SIMULATED. The real `diktats serve` (temp
 * database) and the real page in headless Chromium; a simulated clerk fills
 * `majokla-pabalsts` N times in "Manuāla ievade" mode by typing at C characters
 * a minute, and N times in "Diktēšana" mode by dictating
 * test/fixtures/e2e/form-dictation.wav through the fake microphone and then
 * fixing by keyboard what dictation got wrong; then the pilot report and the
 * savings estimate are printed from /api/pilot/* and, with --out, saved as JSON.
 *
 * Timing: the driver posts nothing. The page measures each form itself
 * (web/entry-timer.js: opened, first input, active time, keystrokes, edits)
 * and posts it to /api/forms/records/:id/timing after the save; the driver
 * only waits for that request to succeed.
 *
 * The figures describe this simulation — espeak-ng audio, one recording
 * replayed, a typist with no paper to read — not clerks. Needs Chromium
 * (DIKTATS_CHROMIUM, default /usr/bin/chromium) and the model folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const WAV = join(ROOT, 'test/fixtures/e2e/form-dictation.wav');
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/e2e/form-dictation.json'), 'utf8')) as {
  form: string;
  speechEndSec: number;
  expected: { fields: Record<string, string | number> };
};
/** What the typist types: the values the recording says, as a clerk writes them. */
const TYPED: readonly [string, string][] = [
  ['vards', 'Jānis'],
  ['uzvards', 'Bērziņš'],
  ['talrunis', '26123456'],
  ['ire', '180'],
  ['pakalpojuma_sniedzejs', 'Latvenergo'],
];
const STOP_AFTER_SPEECH_MS = 3000;

const { values: args } = parseArgs({
  options: {
    forms: { type: 'string', default: '3' },
    cpm: { type: 'string', default: '180' },
    json: { type: 'boolean', default: false },
    /** also write the figures as JSON here (bench-results/ is ignored by git) */
    out: { type: 'string' },
    /** keep the database here (open it later with `diktats serve --db FILE` and /pilot/) */
    db: { type: 'string' },
  },
});
const N = Number(args.forms);
const CPM = Number(args.cpm);
if (!Number.isInteger(N) || N < 1 || !(CPM > 0)) {
  console.error('usage: npm run demo:pilot -- [--forms N≥1] [--cpm characters-per-minute] [--out FILE.json] [--json] [--db FILE]');
  process.exit(2);
}
const log = (s: string) => console.error(`[demo] ${s}`);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      probe.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startServer(dbPath: string): Promise<{ base: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const lines: string[] = [];
  const child = spawn(process.execPath, ['bin/diktats.mjs', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, DIKTATS_DB: dbPath, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => lines.push(...b.toString('utf8').split('\n').filter(Boolean).slice(-40));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`diktats serve exited (${child.exitCode}):\n${lines.join('\n')}`);
    try {
      const h = (await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).json()) as { ready?: boolean };
      if (h.ready) return { base, child, output: () => lines.join('\n') };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGTERM');
  throw new Error(`the server was not ready within 180 s:\n${lines.join('\n')}`);
}

async function api<T>(base: string, path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(base + path, { ...init, headers: init?.body ? { 'content-type': 'application/json' } : undefined });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function recordIdOf(page: Page): Promise<number> {
  await page.waitForURL(/[#&]record=\d+/, { timeout: 15_000 });
  return Number(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('record'));
}

/** Opens the page with the entry mode chosen, then the form. */
async function openForm(page: Page, base: string, mode: 'Diktēšana' | 'Manuāla ievade'): Promise<void> {
  await page.goto(base);
  await page.getByRole('radio', { name: mode }).check();
  await page.selectOption('#form-template', FIXTURE.form);
  await page.locator('#field-vards').waitFor();
}

/** Clicks "Saglabāt" and waits for the save and for the page's own timing report that follows it. */
async function saveAndWaitForTiming(page: Page): Promise<void> {
  const timing = page.waitForResponse((r) => /\/api\/forms\/records\/\d+\/timing$/.test(r.url()) && r.request().method() === 'POST', { timeout: 15_000 });
  await page.click('#form-save');
  const res = await timing;
  if (!res.ok()) throw new Error(`the page's timing report failed: ${res.status()} ${await res.text()}`);
}

async function typeForm(browser: Browser, base: string): Promise<number> {
  const page = await browser.newPage();
  await openForm(page, base, 'Manuāla ievade');
  const delay = 60_000 / CPM;
  for (const [field, text] of TYPED) {
    await page.click(`#field-${field}`);
    await page.keyboard.type(text, { delay });
  }
  await saveAndWaitForTiming(page);
  const id = await recordIdOf(page);
  await page.close();
  return id;
}

/** Every field as the typist would have it: intended values typed over wrong ones, stray values cleared. */
async function correctFields(page: Page): Promise<void> {
  const want = new Map(TYPED);
  const shown = await page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll<HTMLElement>('#form-fields [data-field]').forEach((box) => {
      const input = box.querySelector<HTMLInputElement>('input, textarea');
      if (input) out[box.dataset['field']!] = input.value;
    });
    return out;
  });
  for (const [field, value] of Object.entries(shown)) {
    const target = want.get(field) ?? '';
    if (value.trim() === target) continue;
    await page.click(`#field-${field}`);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    if (target !== '') await page.keyboard.type(target, { delay: 60_000 / CPM });
  }
}

async function dictateForm(browser: Browser, base: string): Promise<number> {
  const page = await browser.newPage();
  await openForm(page, base, 'Diktēšana');
  await page.getByRole('button', { name: 'Diktēt' }).click();
  await page.getByRole('button', { name: 'Apturēt' }).waitFor({ timeout: 10_000 });
  const since = Date.now();
  const id = await recordIdOf(page);
  // "saglabāt" ends the recording's speech; stop once saved, or when the speech is surely over
  const speechOver = since + FIXTURE.speechEndSec * 1000 + STOP_AFTER_SPEECH_MS;
  await page
    .locator('#form-panel[data-status="saved"]')
    .waitFor({ timeout: Math.max(1, speechOver - Date.now()) })
    .catch(() => {});
  await page.getByRole('button', { name: 'Apturēt' }).click();
  await page.getByRole('button', { name: 'Diktēt' }).waitFor({ timeout: 20_000 });
  // The clerk checks the form against the papers and fixes what dictation got wrong, by keyboard, then saves
  // (again, if "saglabāt" was heard: the last save's stamp and timings are the ones that count).
  await correctFields(page);
  await saveAndWaitForTiming(page);
  await page.close();
  return id;
}

interface Summary {
  median: number;
  q1: number;
  q3: number;
  n: number;
}
interface ModeFigures {
  records: number;
  timed: number;
  entryMs: Summary | null;
  firstInputMs: Summary | null;
  keystrokes: Summary | null;
  edits: Summary | null;
}
interface Report {
  basis: string;
  overall: {
    dictation: ModeFigures;
    manual: ModeFigures;
    speedUp: { factor: number; lower: number | null; upper: number | null; confidence: number; resamples: number } | null;
    postEdit: {
      records: number;
      all: { wer: number; words: number };
      dictated: { wer: number; words: number };
      correctionRate: number;
      dictatedFields: number;
      correctedFields: number;
      fields: { field: string; dictated: number; corrected: number; rate: number; typedOnly: number }[];
    };
  };
}

const LABEL = 'SIMULATED';
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const sec = (m: Summary | null) => (m ? `${(m.median / 1000).toFixed(1)} s (IQR ${(m.q1 / 1000).toFixed(1)}–${(m.q3 / 1000).toFixed(1)} s, n=${m.n})` : '—');
const speedUpText = (su: Report['overall']['speedUp']) =>
  !su ? '—' : `${su.factor.toFixed(2)}x` + (su.lower !== null ? `  (${Math.round(su.confidence * 100)} % bootstrap CI ${su.lower.toFixed(2)}–${su.upper!.toFixed(2)}x, ${su.resamples} resamples)` : '  (no CI below 3 forms per mode)');

/** Every figure line carries the label: these numbers describe a script, not clerks. */
function printReport(r: Report, wall: Report, s: Record<string, number | string>): void {
  const o = r.overall;
  const pe = o.postEdit;
  const median = (m: Summary | null) => (m ? String(m.median) : '—');
  const lines = [
    `PILOT DEMO — ${LABEL}: espeak-ng voice, one recording replayed, a scripted typist at ${CPM} characters/min; not a measurement of clerks`,
    `Forms saved                      ${o.dictation.records} dictated, ${o.manual.records} typed (timed by the page itself)`,
    `Median active time, dictation    ${sec(o.dictation.entryMs)}`,
    `Median active time, manual       ${sec(o.manual.entryMs)}`,
    `Speed-up (manual / dictation)    ${speedUpText(o.speedUp)}`,
    `  same on wall-clock time        ${speedUpText(wall.overall.speedUp)}`,
    `Keystrokes (median)              dictation ${median(o.dictation.keystrokes)}, manual ${median(o.manual.keystrokes)}; edits: dictation ${median(o.dictation.edits)}, manual ${median(o.manual.edits)}`,
    `Post-edit WER                    ${pct(pe.all.wer)} of ${pe.all.words} saved words (dictated fields only: ${pct(pe.dictated.wer)} of ${pe.dictated.words})`,
    `Field correction rate            ${pct(pe.correctionRate)} (${pe.correctedFields} of ${pe.dictatedFields} dictated fields changed before saving)`,
    ...pe.fields.map((f) => `  ${f.field.padEnd(30)} ${pct(f.rate)} (${f.corrected}/${f.dictated})${f.typedOnly ? `, typed without dictation ${f.typedOnly}×` : ''}`),
    `Savings at that speed-up         8 min manual -> ${Number(s['dictationMinutes']).toFixed(2)} min (${s['dictationMinutesSource']}): ` +
      `EUR ${Math.round(Number(s['savingsPerYear'])).toLocaleString('en-US')} a year on the worked case (860 000 cases, EUR 2.2 M manual)`,
  ];
  console.log(lines.map((l, i) => (i === 0 ? l : `[${LABEL}] ${l}`)).join('\n'));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'diktats-pilot-demo-'));
  log('starting diktats serve (model load takes a while)…');
  const dbPath = args.db ? resolve(args.db) : join(dir, 'pilot.db');
  if (existsSync(dbPath)) throw new Error(`${dbPath} exists; the demo starts from an empty database`);
  const server = await startServer(dbPath);
  const browser = await chromium.launch({
    executablePath: process.env['DIKTATS_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${WAV}`],
  });
  try {
    for (let i = 1; i <= N; i++) {
      log(`form ${i}/${N}: typing…`);
      log(`  record ${await typeForm(browser, server.base)} saved`);
      log(`form ${i}/${N}: dictating…`);
      const id = await dictateForm(browser, server.base);
      const rec = (await api<{ record: { fields: object; recognised: object | null } }>(server.base, `/api/forms/records/${id}`)).record;
      log(`  record ${id} saved: recognised ${JSON.stringify(rec.recognised)}, saved ${JSON.stringify(rec.fields)}`);
    }
    const report = await api<Report>(server.base, `/api/pilot/report?template=${FIXTURE.form}`);
    const wall = await api<Report>(server.base, `/api/pilot/report?template=${FIXTURE.form}&basis=wall`);
    // the worked case's 8 manual minutes at the demo's measured speed-up (its own minutes are seconds of typing, not 8 min of handling)
    const factor = report.overall.speedUp?.factor;
    const savings = await api<Record<string, number | string>>(
      server.base,
      `/api/pilot/savings?template=${FIXTURE.form}${factor ? `&dictationMin=${8 / factor}` : ''}`,
    );
    const result = {
      simulated: true,
      label: `${LABEL}: espeak-ng voice, one recording replayed, scripted typist; not a measurement of clerks`,
      formsPerMode: N,
      charactersPerMinute: CPM,
      template: FIXTURE.form,
      report,
      wallClockSpeedUp: wall.overall.speedUp,
      savings,
    };
    if (args.out) {
      const out = resolve(args.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      log(`figures written to ${out}`);
    }
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else printReport(report, wall, savings);
  } catch (e) {
    console.error(`[demo] failed: ${(e as Error).message}\n--- server output ---\n${server.output()}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    if (args.db) log(`database kept: ${dbPath} (diktats serve --db ${dbPath}, then open /pilot/)`);
  }
}

await main();
