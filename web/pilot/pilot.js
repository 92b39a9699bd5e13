/**
 * The researcher page: pilot report (tables, SVG charts, exports), savings
 * calculator, stored evaluation runs with alignments and side-by-side
 * comparison. Wiring only: numbers come from the REST API, charts from
 * charts.js, formatting from format.js.
 */
import { api, ApiError } from './api.js';
import { boxPlot, forestPlot, histogram, timeTicks } from './charts.js';
import { fill, h, renderSvg } from './dom.js';
import { fmtDuration, fmtEuro, fmtFactor, fmtNumber, fmtPercent } from './format.js';
import { currentLang, setLang, t } from './i18n.js';

const PAGE = 100;
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
  );
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

// -------------------------------------------------------------- eval runs

const date = (iso) => new Date(iso).toLocaleString(L() === 'lv' ? 'lv-LV' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

function renderRuns() {
  if (state.runs.length === 0) {
    fill('runs', h('p', { class: 'note', text: t('eval.none') }));
    return;
  }
  const radio = (name, id) =>
    h('input', {
      type: 'radio',
      name,
      value: String(id),
      checked: state[name] === id,
      'aria-label': `${t(`eval.${name}`)} #${id}`,
      onchange: () => {
        state[name] = id;
        /** @type {HTMLButtonElement} */ (document.getElementById('compare')).disabled = !(state.a && state.b && state.a !== state.b);
      },
    });
  const cols = ['eval.a', 'eval.b', 'eval.when', 'eval.model', 'eval.decoder', 'eval.manifest', 'eval.utterances', 'eval.wer', 'eval.cer', 'eval.sdi', 'eval.rtf', ''];
  fill(
    'runs',
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...cols.map((k) => h('th', { scope: 'col', text: k ? t(k) : '' })))),
      h(
        'tbody',
        {},
        ...state.runs.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, radio('a', r.id)),
            h('td', {}, radio('b', r.id)),
            h('td', { text: `#${r.id} ${date(r.createdAt)}${r.label ? ` — ${r.label}` : ''}` }),
            h('td', { text: r.model, title: r.corporaSignature ? `corpora ${r.corporaSignature}` : undefined }),
            h('td', { text: r.decoder }),
            h('td', { class: 'path', text: r.manifest }),
            h('td', { class: 'num', text: fmtNumber(r.utterances, L()) }),
            h('td', { class: 'num', text: fmtPercent(r.wer, L(), 2) }),
            h('td', { class: 'num', text: fmtPercent(r.cer, L(), 2) }),
            h('td', { class: 'num', text: `${r.substitutions} / ${r.deletions} / ${r.insertions}` }),
            h('td', { class: 'num', text: fmtNumber(r.rtf, L(), 3) }),
            h('td', {}, h('button', { type: 'button', text: t('eval.view'), onclick: () => openRun(r.id) })),
          ),
        ),
      ),
    ),
  );
}

/** An alignment as sclite's pra shows it: REF / HYP / Eval rows, one column per aligned word. */
function alignmentTable(pairs, label = '') {
  const ref = [];
  const hyp = [];
  const ev = [];
  for (const [op, r, hw] of pairs) {
    const err = op !== 'C';
    const word = (w, other) => (w === null ? '*'.repeat(Math.max(3, Array.from(other ?? '').length)) : err ? w.toUpperCase() : w);
    ref.push(h('td', { class: `op-${op}`, text: word(r, hw) }));
    hyp.push(h('td', { class: `op-${op}`, text: word(hw, r) }));
    ev.push(h('td', { class: `op-${op}`, text: err ? op : '' }));
  }
  return h(
    'table',
    { class: 'pra' },
    h('tbody', {}, h('tr', {}, h('th', { text: 'REF:' }), ...ref), h('tr', {}, h('th', { text: `HYP${label}:` }), ...hyp), h('tr', {}, h('th', { text: 'Eval:' }), ...ev)),
  );
}

const scores = (u) => `WER ${fmtPercent(u.wer, L())} · (#C #S #D #I) ${u.hits} ${u.substitutions} ${u.deletions} ${u.insertions}`;

function utteranceBlock(u) {
  return h(
    'article',
    { class: 'utterance' },
    h('header', {}, h('code', { text: u.utteranceId }), h('span', { class: 'scores', text: scores(u) })),
    alignmentTable(u.alignment),
    u.corrected !== null ? h('p', { class: 'corrected' }, h('strong', { text: `${t('eval.corrected')}: ` }), u.corrected) : null,
  );
}

function moreButton(shown, total, onMore) {
  return h('p', {}, t('eval.shown', { n: shown, total }), ' ', shown < total ? h('button', { type: 'button', text: t('eval.more'), onclick: onMore }) : null);
}

async function openRun(id, keep = false) {
  const d = keep && state.detail?.kind === 'run' && state.detail.id === id ? state.detail : { kind: 'run', id, errors: false, order: 'seq', limit: PAGE };
  state.detail = d;
  try {
    const res = await api.run(id, { limit: d.limit, errors: d.errors, order: d.order });
    const run = res.run;
    const toggle = (key, labelKey, value) =>
      h('label', {}, h('input', { type: 'checkbox', checked: value, onchange: (e) => { d[key] = e.target.checked; d.limit = PAGE; if (key === 'order') d.order = e.target.checked ? 'wer' : 'seq'; openRun(id, true); } }), ` ${t(labelKey)}`);
    fill(
      'run-detail',
      h('h3', { text: `#${run.id} ${run.model} — ${run.manifest}` }),
      h('p', { class: 'note', text: `WER ${fmtPercent(run.wer, L(), 2)}, CER ${fmtPercent(run.cer, L(), 2)}, RTF ${fmtNumber(run.rtf, L(), 3)}, ${run.decoder}${run.corporaSignature ? `, corpora ${run.corporaSignature}` : ''}` }),
      h('p', { class: 'filter' }, toggle('errors', 'eval.errorsOnly', d.errors), toggle('order', 'eval.byWer', d.order === 'wer')),
      ...res.utterances.map(utteranceBlock),
      moreButton(res.utterances.length, res.total, () => {
        d.limit += PAGE;
        openRun(id, true);
      }),
    );
    showError(null);
  } catch (err) {
    showError(err);
  }
}

async function openCompare(keep = false) {
  if (!state.a || !state.b) return;
  const d = keep && state.detail?.kind === 'compare' ? state.detail : { kind: 'compare', only: 'all', limit: PAGE };
  state.detail = d;
  try {
    const c = await api.compare(state.a, state.b, { only: d.only, limit: d.limit });
    const s = c.shared;
    const select = h(
      'select',
      { onchange: (e) => { d.only = e.target.value; d.limit = PAGE; openCompare(true); } },
      ...['all', 'changed', 'improved', 'worsened'].map((k) => h('option', { value: k, selected: d.only === k, text: t(`eval.only.${k}`) })),
    );
    fill(
      'run-detail',
      h('h3', { text: `A #${c.a.id} ${c.a.model} ↔ B #${c.b.id} ${c.b.model}` }),
      h('p', { text: t('eval.shared', { n: s.utterances, a: fmtPercent(s.werA, L(), 2), b: fmtPercent(s.werB, L(), 2), up: s.improved, down: s.worsened, same: s.same }) }),
      c.onlyA.length || c.onlyB.length ? h('p', { class: 'note', text: t('eval.onlyOne', { a: c.onlyA.length, b: c.onlyB.length }) }) : null,
      h('p', {}, select),
      ...c.utterances.map((u) =>
        h(
          'article',
          { class: `utterance change-${u.change}` },
          h('header', {}, h('code', { text: u.utteranceId }), h('span', { class: 'badge', text: t(`eval.change.${u.change}`) }), u.referenceChanged ? h('span', { class: 'warning', text: t('eval.refChanged') }) : null),
          h('div', { class: 'side-by-side' }, h('div', {}, h('div', { class: 'scores', text: `A: ${scores(u.a)}` }), alignmentTable(u.a.alignment, ' A')), h('div', {}, h('div', { class: 'scores', text: `B: ${scores(u.b)}` }), alignmentTable(u.b.alignment, ' B'))),
        ),
      ),
      moreButton(c.utterances.length, c.total, () => {
        d.limit += PAGE;
        openCompare(true);
      }),
    );
    showError(null);
  } catch (err) {
    showError(err);
  }
}

async function loadRuns() {
  try {
    state.runs = (await api.runs()).runs;
    renderRuns();
  } catch (err) {
    showError(err);
  }
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

loadTemplates();
loadReport();
scheduleSavings();
loadRuns();
