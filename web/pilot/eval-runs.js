/**
 * Stored evaluation runs on the researcher page: the list, one run's
 * utterances with their REF/HYP/Eval alignments, and two runs side by side.
 * Wiring only; the server aligns and counts.
 */
import { api } from './api.js';
import { fill, h } from './dom.js';
import { fmtNumber, fmtPercent } from './format.js';
import { currentLang, t } from './i18n.js';

const PAGE = 100;
const L = () => currentLang();

/** What this view shares with pilot.js: the page state and its error box. */
let state = /** @type {any} */ (null);
let showError = /** @type {(err: unknown) => void} */ (() => {});

/** @param {any} pageState @param {(err: unknown) => void} onError */
export function initEvalRuns(pageState, onError) {
  state = pageState;
  showError = onError;
}

const date = (iso) => new Date(iso).toLocaleString(L() === 'lv' ? 'lv-LV' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

export function renderRuns() {
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

export async function openRun(id, keep = false) {
  const d = keep && state.detail?.kind === 'run' && state.detail.id === id ? state.detail : { kind: 'run', id, errors: false, order: 'seq', limit: PAGE };
  state.detail = d;
  try {
    const res = await api.run(id, { limit: d.limit, errors: d.errors, order: d.order });
    const run = res.run;
    const toggle = (labelKey, checked, apply) =>
      h('label', {}, h('input', { type: 'checkbox', checked, onchange: (e) => { apply(e.target.checked); d.limit = PAGE; openRun(id, true); } }), ` ${t(labelKey)}`);
    fill(
      'run-detail',
      h('h3', { text: `#${run.id} ${run.model} — ${run.manifest}` }),
      h('p', { class: 'note', text: `WER ${fmtPercent(run.wer, L(), 2)}, CER ${fmtPercent(run.cer, L(), 2)}, RTF ${fmtNumber(run.rtf, L(), 3)}, ${run.decoder}${run.corporaSignature ? `, corpora ${run.corporaSignature}` : ''}` }),
      h('p', { class: 'filter' }, toggle('eval.errorsOnly', d.errors, (on) => (d.errors = on)), toggle('eval.byWer', d.order === 'wer', (on) => (d.order = on ? 'wer' : 'seq'))),
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

export async function openCompare(keep = false) {
  if (!state.a || !state.b) return;
  const d = keep && state.detail?.kind === 'compare' ? state.detail : { kind: 'compare', only: 'all', limit: PAGE };
  state.detail = d;
  try {
    // the page shows how many utterances only one run has, not which (idsLimit 0)
    const c = await api.compare(state.a, state.b, { only: d.only, limit: d.limit, idsLimit: 0 });
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
      c.onlyACount || c.onlyBCount ? h('p', { class: 'note', text: t('eval.onlyOne', { a: c.onlyACount, b: c.onlyBCount }) }) : null,
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

export async function loadRuns() {
  try {
    state.runs = (await api.runs()).runs;
    renderRuns();
  } catch (err) {
    showError(err);
  }
}
