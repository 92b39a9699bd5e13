/**
 * The researcher page: pilot report (tables, SVG charts, exports), savings
 * calculator, stored evaluation runs with alignments and side-by-side
 * comparison. Wiring only: numbers come from the REST API, charts from
 * charts.js, formatting from format.js.
 */
import { api, ApiError } from './api.js';
import { boxPlot, forestPlot, histogram, timeTicks } from './charts.js';
import { fill, h, renderSvg } from './dom.js';
import { initEvalRuns, loadRuns, openCompare, openRun, renderRuns } from './eval-runs.js';
import { fmtDuration, fmtEuro, fmtFactor, fmtNumber, fmtPercent } from './format.js';
import { currentLang, setLang, t } from './i18n.js';

const state = {
  filter: /** @type {Record<string, string>} */ ({}),
  report: /** @type {any} */ (null),
  runs: /** @type {any[]} */ ([]),
  a: /** @type {number|null} */ (null),
  b: /** @type {number|null} */ (null),
  detail: /** @type {null | {kind: 'run', id: number, errors: boolean, order: string, limit: number} | {kind: 'compare', only: string, limit: number}} */ (null),
};

const L = () => currentLang();

function showError(err) {
  const box = document.getElementById('error');
  if (!box) return;
  if (!err) {
    box.hidden = true;
    return;
  }
  const message = err instanceof ApiError && err.status === 0 ? t('error.network') : t('error.load', { message: err.message });
  box.textContent = message;
  box.hidden = false;
}

// ------------------------------------------------------------------ report

function readFilter() {
  const form = /** @type {HTMLFormElement} */ (document.getElementById('filter'));
  const data = new FormData(form);
  /** @type {Record<string, string>} */
  const f = {};
  for (const key of ['template', 'user', 'from', 'to', 'basis']) {
    const v = String(data.get(key) ?? '').trim();
    if (v) f[key] = v;
  }
  if (f.basis === 'auto') delete f.basis;
  return f;
}

const card = (label, value, detail) =>
  h('div', { class: 'card' }, h('div', { class: 'card-label', text: label }), h('div', { class: 'card-value', text: value }), detail ? h('div', { class: 'card-detail', text: detail }) : null);

function speedUpDetail(s) {
  if (!s) return '';
  if (s.lower === null || s.upper === null) return t('summary.noCi');
  return t('summary.ci', { p: fmtNumber(s.confidence * 100, L()), lo: fmtFactor(s.lower, L()), hi: fmtFactor(s.upper, L()) });
}

function renderSummary(o) {
  const pe = o.postEdit;
  const ks = (m) => (o[m].keystrokes ? fmtNumber(o[m].keystrokes.median, L()) : '—');
  fill(
    'summary',
    card(t('summary.forms'), fmtNumber(o.records, L()), t('summary.formsValue', { d: o.dictation.records, m: o.manual.records })),
    card(t('summary.medianD'), fmtDuration(o.dictation.entryMs?.median), o.dictation.entryMs ? `IQR ${fmtDuration(o.dictation.entryMs.q1)}–${fmtDuration(o.dictation.entryMs.q3)}` : ''),
    card(t('summary.medianM'), fmtDuration(o.manual.entryMs?.median), o.manual.entryMs ? `IQR ${fmtDuration(o.manual.entryMs.q1)}–${fmtDuration(o.manual.entryMs.q3)}` : ''),
    card(t('summary.speedup'), fmtFactor(o.speedUp?.factor, L()), speedUpDetail(o.speedUp)),
    card(t('summary.wer'), pe.records ? fmtPercent(pe.all.wer, L()) : '—', pe.records ? t('summary.werDictated', { v: fmtPercent(pe.dictated.wer, L()) }) : ''),
    card(t('summary.correction'), pe.dictatedFields ? fmtPercent(pe.correctionRate, L()) : '—', t('summary.correctionValue', { c: pe.correctedFields, n: pe.dictatedFields })),
    card(t('summary.keystrokes'), '', t('summary.ksValue', { d: ks('dictation'), m: ks('manual') })),
    card(t('summary.rtf'), o.recogniser.rtf === null ? '—' : fmtNumber(o.recogniser.rtf, L(), 3), ''),
    ...recogniserCards(o.dictation.recogniser),
  );
}

/** Dictated forms only: manual entry has no recogniser figures (null = not measured, not 0). */
function recogniserCards(r) {
  if (!r || r.measured === 0) {
    return [card(t('summary.audio'), '—', t('summary.notMeasured')), card(t('summary.latency'), '—', t('summary.notMeasured'))];
  }
  const lat = r.latency;
  return [
    card(
      t('summary.audio'),
      `${fmtNumber(r.audioSec?.median, L(), 1)} s`,
      t('summary.audioValue', { p: fmtNumber(r.processingMs ? r.processingMs.median / 1000 : null, L(), 1), n: r.measured }),
    ),
    card(
      t('summary.latency'),
      lat ? `${fmtNumber(lat.p50Ms, L())} / ${fmtNumber(lat.p95Ms, L())} ms` : '—',
      lat ? t('summary.latencyValue', { n: lat.n, max: fmtNumber(lat.maxMs, L()) }) : t('summary.notMeasured'),
    ),
  ];
}

function renderCharts(r) {
  const o = r.overall;
  const fmt = (ms) => fmtDuration(ms);
  fill(
    'chart-box',
    renderSvg(
      boxPlot(
        [
          { label: t('mode.dictation'), cls: 'dictation', summary: o.dictation.entryMs },
          { label: t('mode.manual'), cls: 'manual', summary: o.manual.entryMs },
        ],
        { axisLabel: t('chart.time'), format: fmt, title: t('chart.box'), medianLabel: t('chart.median'), ticks: timeTicks },
      ),
    ),
  );
  fill(
    'chart-hist',
    renderSvg(
      histogram(
        o.histogram,
        [
          { key: 'dictation', label: t('mode.dictation'), cls: 'dictation' },
          { key: 'manual', label: t('mode.manual'), cls: 'manual' },
        ],
        { axisLabel: t('chart.time'), format: fmt, title: t('chart.hist'), countLabel: t('chart.count'), ticks: timeTicks },
      ),
    ),
    h('p', { class: 'legend' }, h('span', { class: 'swatch dictation' }), t('mode.dictation'), ' ', h('span', { class: 'swatch manual' }), t('mode.manual')),
  );
  const row = (label, g) => ({
    label,
    factor: g.speedUp?.factor ?? null,
    lower: g.speedUp?.lower ?? null,
    upper: g.speedUp?.upper ?? null,
    n: `n = ${g.dictation.timed} / ${g.manual.timed}`,
  });
  const rows = [row(t('groups.overall'), o), ...r.byTemplate.map((g) => row(g.template, g)), ...r.byUser.map((g) => row(g.userName, g))];
  fill(
    'chart-forest',
    renderSvg(
      forestPlot(rows, {
        title: t('chart.forest'),
        format: (v) => fmtFactor(v, L()),
        axisLabel: t('chart.factor'),
        parityLabel: t('chart.parity'),
        targetLabel: t('chart.target'),
      }),
    ),
  );
}

function groupRow(label, g) {
  const s = g.speedUp;
  const iqr = (m) => (g[m].entryMs ? `${fmtDuration(g[m].entryMs.q1)}–${fmtDuration(g[m].entryMs.q3)}` : '—');
  return h(
    'tr',
    {},
    h('th', { scope: 'row', text: label }),
    h('td', { class: 'num', text: `${g.dictation.records} / ${g.manual.records}` }),
    h('td', { class: 'num', text: fmtDuration(g.dictation.entryMs?.median) }),
    h('td', { class: 'num', text: iqr('dictation') }),
    h('td', { class: 'num', text: fmtDuration(g.manual.entryMs?.median) }),
    h('td', { class: 'num', text: iqr('manual') }),
    h('td', { class: 'num', text: fmtFactor(s?.factor, L()) }),
    h('td', { class: 'num', text: s && s.lower !== null ? `${fmtFactor(s.lower, L())}–${fmtFactor(s.upper, L())}` : '—' }),
    h('td', { class: 'num', text: g.postEdit.records ? fmtPercent(g.postEdit.all.wer, L()) : '—' }),
    h('td', { class: 'num', text: g.postEdit.dictatedFields ? fmtPercent(g.postEdit.correctionRate, L()) : '—' }),
  );
}

function renderGroups(r) {
  const head = (first) =>
    h('thead', {}, h('tr', {}, ...[first, 'col.forms', 'col.medianD', 'col.iqrD', 'col.medianM', 'col.iqrM', 'col.speedup', 'col.ci', 'col.wer', 'col.correction'].map((k) => h('th', { scope: 'col', text: t(k) }))));
  fill(
    'groups',
    h('table', {}, head('groups.template'), h('tbody', {}, groupRow(t('groups.overall'), r.overall), ...r.byTemplate.map((g) => groupRow(g.template, g)))),
    h('table', {}, head('groups.user'), h('tbody', {}, ...r.byUser.map((g) => groupRow(`${g.userName} (${g.userId})`, g)))),
  );
  const fields = r.overall.postEdit.fields;
  fill(
    'fields',
    fields.length === 0
      ? h('p', { class: 'note', text: t('fields.none') })
      : h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ...['fields.field', 'fields.dictated', 'fields.corrected', 'fields.rate', 'fields.typedOnly'].map((k) => h('th', { scope: 'col', text: t(k) })))),
          h(
            'tbody',
            {},
            ...fields.map((f) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row', text: f.field }),
                h('td', { class: 'num', text: String(f.dictated) }),
                h('td', { class: 'num', text: String(f.corrected) }),
                h('td', { class: 'num' }, f.dictated ? h('span', { class: 'rate-bar', style: `--rate:${f.rate}` }) : null, f.dictated ? fmtPercent(f.rate, L()) : '—'),
                h('td', { class: 'num', text: String(f.typedOnly) }),
              ),
            ),
          ),
        ),
  );
  const link = (href, key) => h('a', { href, download: '', text: t(key) });
  fill(
    'exports',
    link(api.reportUrl(state.filter), 'export.json'),
    ' · ',
    link(api.csvUrl(state.filter, 'summary'), 'export.summary'),
    ' · ',
    link(api.csvUrl(state.filter, 'fields'), 'export.fields'),
    ' · ',
    link(api.csvUrl(state.filter, 'records'), 'export.records'),
  );
}

function renderReport() {
  const r = state.report;
  if (!r) return;
  if (r.overall.records === 0) fill('summary', h('p', { class: 'note', text: t('noData') }));
  else renderSummary(r.overall);
  renderCharts(r);
  renderGroups(r);
}

async function loadReport() {
  state.filter = readFilter();
  try {
    state.report = await api.report(state.filter);
    showError(null);
    renderReport();
  } catch (err) {
    showError(err);
  }
}

// ----------------------------------------------------------------- savings

let savingsTimer = 0;
let lastSavings = null;

function readSavings() {
  const data = new FormData(/** @type {HTMLFormElement} */ (document.getElementById('savings-form')));
  /** @type {Record<string, string>} */
  const q = {};
  for (const key of ['cases', 'manualMin', 'dictationMin', 'salary', 'hours']) {
    const v = String(data.get(key) ?? '').trim();
    if (v !== '' && Number(v) > 0) q[key] = v;
  }
  if (state.filter.template) q.template = state.filter.template;
  return q;
}

function renderSavings() {
  const s = lastSavings;
  if (!s) return;
  const source =
    s.dictationMinutesSource === 'measured'
      ? t('savings.source.measured', { n: s.measured?.dictation?.forms ?? 0 })
      : t(`savings.source.${s.dictationMinutesSource}`);
  const row = (key, value, strong = false) => h('tr', { class: strong ? 'strong' : undefined }, h('th', { scope: 'row', text: t(key) }), h('td', { class: 'num', text: value }));
  fill(
    'savings',
    h(
      'table',
      { class: 'savings' },
      h(
        'tbody',
        {},
        row('savings.dictationMin', `${fmtNumber(s.dictationMinutes, L(), 2)} min`),
        row('savings.speedup', fmtFactor(s.speedUp, L())),
        row('savings.manualHours', fmtNumber(s.manualHoursPerYear, L())),
        row('savings.manualCost', fmtEuro(s.manualCostPerYear, L()), true),
        row('savings.dictationHours', fmtNumber(s.dictationHoursPerYear, L())),
        row('savings.dictationCost', fmtEuro(s.dictationCostPerYear, L())),
        row('savings.saved', fmtEuro(s.savingsPerYear, L()), true),
        row('savings.fte', fmtNumber(s.employeeYearsSaved, L(), 1)),
      ),
    ),
    h('p', { class: s.dictationMinutesSource === 'assumed' ? 'warning' : 'note', text: source }),
  );
}

function scheduleSavings() {
  clearTimeout(savingsTimer);
  savingsTimer = window.setTimeout(async () => {
    try {
      lastSavings = await api.savings(readSavings());
      renderSavings();
    } catch (err) {
      showError(err);
    }
  }, 250);
}

// -------------------------------------------------------------------- boot

async function loadTemplates() {
  try {
    const { templates } = await api.templates();
    const select = /** @type {HTMLSelectElement} */ (document.querySelector('#filter select[name=template]'));
    for (const tpl of templates) select.append(h('option', { value: tpl.id, text: tpl.title }));
  } catch (err) {
    showError(err);
  }
}

function rerender() {
  renderReport();
  renderSavings();
  renderRuns();
  if (state.detail?.kind === 'run') openRun(state.detail.id, true);
  else if (state.detail?.kind === 'compare') openCompare(true);
}

document.getElementById('filter')?.addEventListener('submit', (e) => {
  e.preventDefault();
  loadReport();
  scheduleSavings();
});
const savingsForm = document.getElementById('savings-form');
savingsForm?.addEventListener('input', scheduleSavings);
savingsForm?.addEventListener('reset', () => setTimeout(scheduleSavings, 0));
document.getElementById('compare')?.addEventListener('click', () => openCompare());
document.getElementById('lang-toggle')?.addEventListener('click', () => {
  setLang(L() === 'lv' ? 'en' : 'lv');
  rerender();
});

initEvalRuns(state, showError);
loadTemplates();
loadReport();
scheduleSavings();
loadRuns();
