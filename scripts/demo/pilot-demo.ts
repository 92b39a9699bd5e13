/**
 * `npm run demo:pilot [-- --forms N --cpm C --read-wpm W --point-ms P --out FILE --json --db FILE
 *   --scenario labelled|label-free --words]`:
 * a reproducible pilot in miniature, SIMULATED. The real `diktats serve`
 * (temp database) and the real page in headless Chromium; for each of two
 * templates a simulated clerk (pilot-clerk.ts) fills the form N times in
 * "Manuāla ievade" mode by typing at C characters a minute, and N times in
 * "Diktēšana" mode by dictating the template's recording through the fake
 * microphone, then checking every field and fixing by keyboard what
 * recognition got wrong (the recording ends with "saglabāt", so a form saved
 * by voice is reopened with the page's "Labot" button before the first fix,
 * then saved again; a write the server refuses stops the demo). Then the pilot report (per template and pooled) and
 * the savings estimate are printed from /api/pilot/* and, with --out, saved
 * as JSON.
 *
 *   majokla-pabalsts   short structured fields   test/fixtures/e2e/pilot-majokla-pabalsts.{wav,json}
 *   gadijuma-piezime   a case note: short fields and a 419-character narrative
 *                                                test/fixtures/e2e/pilot-gadijuma-piezime.{wav,json}
 *
 * `--scenario label-free` dictates the *-label-free recordings instead: the
 * same target values said without the labels that the values' shapes make
 * unnecessary (issue 15). `--words` prints only the text part — dictated
 * words per form in both scenarios — without starting a server or a browser.
 *
 * Timing: the driver posts nothing. The page measures each form itself
 * (web/entry-timer.js) and posts it after the save; the driver only waits for
 * that request to succeed. Post-edit WER and the field correction rate come
 * from what dictation set against what was saved, so they count exactly the
 * recogniser's (and extraction's) mistakes that the clerk had to fix.
 *
 * The figures describe this simulation — espeak-ng voices the model was not
 * trained on, one recording per template replayed, a typist who never
 * mistypes and reads nothing while typing — not clerks. Needs Chromium
 * (DIKTATS_CHROMIUM, default /usr/bin/chromium) and the model folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { dictateForm, scenarioOf, typeForm, type ClerkSettings, type DictationPhases, type Fixture, type TemplateField } from './pilot-clerk.ts';
import { LABEL, printReport, type Report, type Savings } from './pilot-print.ts';
import { firstRun } from './first-run.ts';
import { parseScriptArgs } from '../script-args.ts';

const ROOT = resolve(import.meta.dirname, '../..');
type Recording = Fixture & { utterances: string[] };
/** labelled: every value after its label; label-free (issue 15): the same targets, labels only where shape cannot tell */
const SCENARIOS = ['labelled', 'label-free'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const recordingsOf = (scenario: ScenarioName) =>
  ['pilot-majokla-pabalsts', 'pilot-gadijuma-piezime'].map((base) => {
    const name = scenario === 'labelled' ? base : `${base}-label-free`;
    return {
      wav: join(ROOT, `test/fixtures/e2e/${name}.wav`),
      fixture: JSON.parse(readFileSync(join(ROOT, `test/fixtures/e2e/${name}.json`), 'utf8')) as Recording,
    };
  });
/** Words the clerk says for one form, "saglabāt" included. */
const wordsPerForm = (f: Recording): number => f.utterances.join(' ').split(/\s+/u).filter((w) => w !== '').length;

const args = parseScriptArgs({
  forms: { type: 'string', default: '3' },
  cpm: { type: 'string', default: '180' },
  /** reading speed while checking a dictated form */
  'read-wpm': { type: 'string', default: '250' },
  /** pointing at a word or an option list with the mouse */
  'point-ms': { type: 'string', default: '1000' },
  json: { type: 'boolean', default: false },
  /** also write the figures as JSON here (bench-results/ is ignored by git) */
  out: { type: 'string' },
  /** keep the database here (open it later with `diktats serve --db FILE` and /pilot/) */
  db: { type: 'string' },
  /** which recordings the clerk dictates: labelled (today's) or label-free */
  scenario: { type: 'string', default: 'labelled' },
  /** the text part only: dictated words per form in both scenarios, no server or browser */
  words: { type: 'boolean', default: false },
});
if (!SCENARIOS.includes(args.scenario as ScenarioName)) {
  console.error(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const SCENARIO = args.scenario as ScenarioName;
const FIXTURES = recordingsOf(SCENARIO);
const N = Number(args.forms);
const CLERK: ClerkSettings = { cpm: Number(args.cpm), readWpm: Number(args['read-wpm']), pointMs: Number(args['point-ms']) };
if (!Number.isInteger(N) || N < 1 || !(CLERK.cpm > 0) || !(CLERK.readWpm > 0) || !(CLERK.pointMs >= 0)) {
  console.error('usage: npm run demo:pilot -- [--forms N≥1] [--cpm characters-per-minute] [--read-wpm words-per-minute] [--point-ms ms] [--out FILE.json] [--json] [--db FILE] [--scenario labelled|label-free] [--words]');
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
      const h = (await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).json()) as {
        ready?: boolean;
        decoder?: string;
        languageModel?: { error: string | null };
      };
      // Clerks meet the service with its language model built (about 10 s after start):
      // finals decoded greedy before that would make the first forms look worse than the rest.
      if (h.ready && (h.decoder === 'beam' || h.languageModel?.error)) {
        if (h.decoder !== 'beam') log('the language model failed to build: finals are greedy');
        return { base, child, output: () => lines.join('\n') };
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGTERM');
  throw new Error(`the server was not ready within 180 s:\n${lines.join('\n')}`);
}

/** the admin's API token, from the first run (reports and any record) */
let adminToken = '';

async function api<T>(base: string, path: string, init?: RequestInit): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${adminToken}`, ...(init?.body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(base + path, { ...init, headers });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function launch(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['DIKTATS_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  });
}

/** What the figures rest on, printed with them. */
function assumptions(): string[] {
  return [
    `Clerk: types ${CLERK.cpm} characters/min without typos; reads a dictated field at ${CLERK.readWpm} words/min to check it; ${CLERK.pointMs} ms to point at a word or open an option list`,
    ...FIXTURES.map(
      ({ fixture: f }) =>
        `Speech (${f.form}, ${SCENARIO}): espeak-ng ${f.voice} (held out of training), ${f.gapSec} s pauses between utterances, ${f.speechEndSec} s of speech, ${wordsPerForm(f)} words dictated per form, the same recording every form`,
    ),
    `Forms: ${N} per mode per template, typed and dictated in turn; only recognition errors are corrected after dictation`,
  ];
}

/** The text part: dictated words per form, labelled against label-free, per template (no server, no browser). */
function wordsReport(): void {
  const labelled = recordingsOf('labelled');
  const free = recordingsOf('label-free');
  const rows = labelled.map(({ fixture: l }, i) => {
    const f = free[i]!.fixture;
    const a = wordsPerForm(l);
    const b = wordsPerForm(f);
    return { form: l.form, labelled: a, labelFree: b, reduction: (a - b) / a, speechSec: { labelled: l.speechEndSec, labelFree: f.speechEndSec } };
  });
  for (const r of rows) {
    console.log(
      `${r.form.padEnd(18)} dictated words per form: labelled ${r.labelled}, label-free ${r.labelFree} ` +
        `(${(r.reduction * 100).toFixed(1)} % fewer); speech ${r.speechSec.labelled} s -> ${r.speechSec.labelFree} s (espeak-ng, same voice and pauses)`,
    );
  }
  if (args.out) {
    const out = resolve(args.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ wordsPerForm: rows }, null, 2)}\n`);
    log(`figures written to ${out}`);
  }
}

/** The median of each phase over a template's dictated forms. */
function medianPhases(list: readonly DictationPhases[]): DictationPhases {
  const med = (k: keyof DictationPhases): number => {
    const xs = list.map((p) => p[k]).sort((a, b) => a - b);
    const mid = xs.length >> 1;
    return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  };
  return { startMs: med('startMs'), recordingMs: med('recordingMs'), afterSpeechMs: med('afterSpeechMs'), stopMs: med('stopMs'), reviewMs: med('reviewMs'), saveMs: med('saveMs') };
}

async function main(): Promise<void> {
  if (args.words) {
    wordsReport();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'diktats-pilot-demo-'));
  log('starting diktats serve (model load takes a while)…');
  const dbPath = args.db ? resolve(args.db) : join(dir, 'pilot.db');
  if (existsSync(dbPath)) throw new Error(`${dbPath} exists; the demo starts from an empty database`);
  const server = await startServer(dbPath);
  const accounts = await firstRun(server.base, server.output());
  adminToken = accounts.adminToken;
  const browsers: Browser[] = [];
  /** where each dictated form's time went (pilot-clerk.ts DictationPhases), per template */
  const phasesByForm = new Map<string, DictationPhases[]>();
  try {
    for (const { wav, fixture } of FIXTURES) {
      const template = await api<{ fields: TemplateField[] }>(server.base, `/api/forms/templates/${fixture.form}`);
      const scenario = scenarioOf(fixture, template.fields);
      // the fake microphone's file is fixed at launch: one browser per recording
      const chromiumBrowser = await launch(wav);
      browsers.push(chromiumBrowser);
      // the clerk, signed in: her pages come from this context
      const browser = await chromiumBrowser.newContext();
      await browser.addCookies([{ name: 'diktats_session', value: accounts.clerkCookie, url: server.base, httpOnly: true, sameSite: 'Strict' }]);
      for (let i = 1; i <= N; i++) {
        log(`${fixture.form} ${i}/${N}: typing…`);
        log(`  record ${await typeForm(browser, server.base, scenario, CLERK)} saved`);
        log(`${fixture.form} ${i}/${N}: dictating…`);
        const { id, review, phases } = await dictateForm(browser, server.base, scenario, CLERK);
        (phasesByForm.get(fixture.form) ?? phasesByForm.set(fixture.form, []).get(fixture.form)!).push(phases);
        log(`  phases (driver clock, s): ${Object.entries(phases).map(([k, v]) => `${k.replace(/Ms$/u, '')} ${(v / 1000).toFixed(2)}`).join(', ')}`);
        const rec = (await api<{ record: { fields: object; recognised: object | null } }>(server.base, `/api/forms/records/${id}`)).record;
        log(`  record ${id} saved; fixed by keyboard: ${review.wrong.join(', ') || 'nothing'} (${review.typedChars} characters typed${review.reopened ? '; saved by voice, reopened with "Labot" and saved again' : ''})`);
        log(`  recognised ${JSON.stringify(rec.recognised)}`);
      }
    }
    const report = await api<Report>(server.base, '/api/pilot/report');
    const wall = await api<Report>(server.base, '/api/pilot/report?basis=wall');
    // the worked case's 8 manual minutes at each template's measured speed-up (its own minutes are seconds of typing, not 8 min of handling)
    const savings = new Map<string, Savings>();
    for (const g of report.byTemplate) {
      if (!g.speedUp) continue;
      savings.set(g.template, await api<Savings>(server.base, `/api/pilot/savings?template=${g.template}&dictationMin=${8 / g.speedUp.factor}`));
    }
    const result = {
      simulated: true,
      label: `${LABEL}: synthetic voices, each recording replayed, a scripted clerk; not a measurement of clerks`,
      assumptions: assumptions(),
      formsPerModePerTemplate: N,
      clerk: CLERK,
      scenario: SCENARIO,
      recordings: FIXTURES.map(({ fixture: f }) => ({ form: f.form, voice: f.voice, gapSec: f.gapSec, speechEndSec: f.speechEndSec, wordsPerForm: wordsPerForm(f) })),
      report,
      wallClock: { overall: wall.overall.speedUp, byTemplate: wall.byTemplate.map((g) => ({ template: g.template, speedUp: g.speedUp })) },
      savings: Object.fromEntries(savings),
      dictationPhases: Object.fromEntries([...phasesByForm].map(([form, list]) => [form, medianPhases(list)])),
    };
    if (args.out) {
      const out = resolve(args.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      log(`figures written to ${out}`);
    }
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else printReport(assumptions(), report, wall, savings);
    for (const [form, list] of phasesByForm) {
      const m = medianPhases(list);
      console.log(
        `[${LABEL}] Dictated ${form}, median phases (driver clock): ` +
          `start ${(m.startMs / 1000).toFixed(1)} s, recording ${(m.recordingMs / 1000).toFixed(1)} s (of it after the speech ${(m.afterSpeechMs / 1000).toFixed(1)} s), ` +
          `stop ${(m.stopMs / 1000).toFixed(1)} s, review ${(m.reviewMs / 1000).toFixed(1)} s, save ${(m.saveMs / 1000).toFixed(1)} s`,
      );
    }
  } catch (e) {
    console.error(`[demo] failed: ${(e as Error).stack ?? (e as Error).message}\n--- server output ---\n${server.output()}`);
    process.exitCode = 1;
  } finally {
    for (const b of browsers) await b.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    if (args.db) log(`database kept: ${dbPath} (diktats serve --db ${dbPath}, then open /pilot/)`);
  }
}

await main();
