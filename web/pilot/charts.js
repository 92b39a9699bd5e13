/**
 * SVG charts of the pilot report, drawn by the app itself (no chart library,
 * no CDN). Pure: each function returns a node tree `{tag, attrs, children}`
 * (text nodes are strings) that dom.js turns into elements, so layouts are
 * tested in Node without a browser.
 *
 *   boxPlot      time per form by mode: whiskers min–max, box q1–q3, median line
 *   histogram    time per form distribution, both modes over shared bins
 *   forestPlot   speed-up per group with its confidence interval, lines at 1× and the 3× target
 */

/** @typedef {{tag: string, attrs?: Record<string, string|number>, children?: (Node|string)[]}} Node */

const el = (tag, attrs = {}, children = []) => ({ tag, attrs, children });

/** 1-2-5 ticks from 0 to at least `max`, about `count` of them. */
export function ticks(max, count = 5) {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out = [];
  for (let v = 0; v < max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

const TIME_STEPS_SEC = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Ticks for a time axis in ms at steps people count in (15 s, 30 s, 1 min, 2 min, 5 min…). */
export function timeTicks(maxMs, count = 5) {
  if (!(maxMs > 0) || !Number.isFinite(maxMs)) return [0, 1000];
  const raw = maxMs / count;
  const step = (TIME_STEPS_SEC.find((s) => s * 1000 >= raw) ?? Math.ceil(raw / 3_600_000) * 3600) * 1000;
  const out = [];
  for (let v = 0; v < maxMs + step * 1e-9; v += step) out.push(v);
  if (out[out.length - 1] < maxMs) out.push(out[out.length - 1] + step);
  return out;
}

/** linear scale from [0, domainMax] to [x0, x1] */
export const scale = (domainMax, x0, x1) => (v) => x0 + (domainMax > 0 ? (v / domainMax) * (x1 - x0) : 0);

const WIDTH = 640;
const LEFT = 110;
const RIGHT = 20;

function axis(x, axisTicks, y, label, format) {
  const nodes = [el('line', { x1: x(0), x2: x(axisTicks[axisTicks.length - 1]), y1: y, y2: y, class: 'axis' })];
  for (const t of axisTicks) {
    nodes.push(el('line', { x1: x(t), x2: x(t), y1: y, y2: y + 4, class: 'axis' }));
    nodes.push(el('text', { x: x(t), y: y + 16, 'text-anchor': 'middle', class: 'tick' }, [format(t)]));
  }
  if (label) nodes.push(el('text', { x: (x(0) + x(axisTicks[axisTicks.length - 1])) / 2, y: y + 32, 'text-anchor': 'middle', class: 'axis-label' }, [label]));
  return nodes;
}

/**
 * @param {{label: string, cls: string, summary: {min:number,q1:number,median:number,q3:number,max:number,n:number}|null}[]} rows
 * @param {{axisLabel: string, format: (v:number)=>string, title: string, medianLabel: string, ticks?: (max:number, count?:number)=>number[]}} o
 */
export function boxPlot(rows, o) {
  const rowH = 44;
  const top = 10;
  const height = top + rows.length * rowH + 44;
  const max = Math.max(1, ...rows.map((r) => (r.summary ? r.summary.max : 0)));
  const axisTicks = (o.ticks ?? ticks)(max);
  const x = scale(axisTicks[axisTicks.length - 1], LEFT, WIDTH - RIGHT);
  const children = [el('title', {}, [o.title])];
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    children.push(el('text', { x: LEFT - 8, y: cy + 4, 'text-anchor': 'end', class: 'row-label' }, [r.label]));
    const s = r.summary;
    if (!s) {
      children.push(el('text', { x: LEFT + 4, y: cy + 4, class: 'no-data' }, ['—']));
      return;
    }
    const g = [
      el('line', { x1: x(s.min), x2: x(s.q1), y1: cy, y2: cy, class: 'whisker' }),
      el('line', { x1: x(s.q3), x2: x(s.max), y1: cy, y2: cy, class: 'whisker' }),
      el('line', { x1: x(s.min), x2: x(s.min), y1: cy - 8, y2: cy + 8, class: 'whisker' }),
      el('line', { x1: x(s.max), x2: x(s.max), y1: cy - 8, y2: cy + 8, class: 'whisker' }),
      el('rect', { x: x(s.q1), y: cy - 14, width: Math.max(1, x(s.q3) - x(s.q1)), height: 28, class: 'box' }),
      el('line', { x1: x(s.median), x2: x(s.median), y1: cy - 14, y2: cy + 14, class: 'median' }),
      el('title', {}, [`${r.label}: n=${s.n}, min ${o.format(s.min)}, Q1 ${o.format(s.q1)}, ${o.medianLabel} ${o.format(s.median)}, Q3 ${o.format(s.q3)}, max ${o.format(s.max)}`]),
    ];
    children.push(el('g', { class: `series ${r.cls}` }, g));
  });
  children.push(...axis(x, axisTicks, top + rows.length * rowH + 4, o.axisLabel, o.format));
  return el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': o.title, class: 'chart box-plot' }, children);
}

/**
 * @param {{start:number, width:number, counts: Record<string, number[]>}} h
 * @param {{key: string, label: string, cls: string}[]} series
 * @param {{axisLabel: string, format: (v:number)=>string, title: string, countLabel: string, ticks?: (max:number, count?:number)=>number[]}} o
 */
export function histogram(h, series, o) {
  const height = 200;
  const top = 10;
  const bottom = height - 44;
  const bins = Math.max(1, ...series.map((s) => (h.counts[s.key] ?? []).length));
  const maxCount = Math.max(1, ...series.flatMap((s) => h.counts[s.key] ?? []));
  const countTicks = ticks(maxCount, 4).filter((t) => Number.isInteger(t));
  const yMax = countTicks[countTicks.length - 1];
  const y = (c) => bottom - (c / yMax) * (bottom - top);
  const xEnd = h.start + bins * h.width;
  const x = scale(xEnd, LEFT, WIDTH - RIGHT);
  const slot = (x(h.width) - x(0)) / series.length;
  const children = [el('title', {}, [o.title])];
  for (const t of countTicks) {
    children.push(el('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(t), y2: y(t), class: 'grid' }));
    children.push(el('text', { x: LEFT - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, [String(t)]));
  }
  children.push(el('text', { x: 14, y: (top + bottom) / 2, transform: `rotate(-90 14 ${(top + bottom) / 2})`, 'text-anchor': 'middle', class: 'axis-label' }, [o.countLabel]));
  series.forEach((s, si) => {
    const bars = (h.counts[s.key] ?? []).map((c, i) => {
      const from = h.start + i * h.width;
      return el('rect', { x: x(from) + si * slot + 0.5, y: y(c), width: Math.max(0.5, slot - 1), height: bottom - y(c), class: 'bar' }, [
        el('title', {}, [`${s.label}: ${o.format(from)}–${o.format(from + h.width)}: ${c}`]),
      ]);
    });
    children.push(el('g', { class: `series ${s.cls}` }, bars));
  });
  const edgeTicks = (o.ticks ?? ticks)(xEnd, 6).filter((t) => t <= xEnd);
  children.push(...axis(x, edgeTicks, bottom, o.axisLabel, o.format));
  return el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': o.title, class: 'chart histogram' }, children);
}

/**
 * @param {{label: string, factor: number|null, lower: number|null, upper: number|null, n: string}[]} rows
 * @param {{title: string, format: (v:number)=>string, axisLabel: string, target?: number, parityLabel: string, targetLabel: string}} o
 */
export function forestPlot(rows, o) {
  const rowH = 28;
  const top = 24;
  const height = top + rows.length * rowH + 44;
  const target = o.target ?? 3;
  const max = Math.max(target * 1.2, ...rows.flatMap((r) => [r.factor ?? 0, r.upper ?? 0]));
  const axisTicks = ticks(max);
  const x = scale(axisTicks[axisTicks.length - 1], LEFT + 60, WIDTH - RIGHT);
  const bottom = top + rows.length * rowH;
  const children = [
    el('title', {}, [o.title]),
    el('line', { x1: x(1), x2: x(1), y1: top - 6, y2: bottom, class: 'ref-line' }),
    el('text', { x: x(1), y: top - 10, 'text-anchor': 'middle', class: 'ref-label' }, [o.parityLabel]),
    el('line', { x1: x(target), x2: x(target), y1: top - 6, y2: bottom, class: 'target-line' }),
    el('text', { x: x(target), y: top - 10, 'text-anchor': 'middle', class: 'ref-label' }, [o.targetLabel]),
  ];
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    children.push(el('text', { x: LEFT + 52, y: cy + 4, 'text-anchor': 'end', class: 'row-label' }, [r.label]));
    if (r.factor === null) {
      children.push(el('text', { x: x(0) + 4, y: cy + 4, class: 'no-data' }, ['—']));
      return;
    }
    const g = [];
    if (r.lower !== null && r.upper !== null) {
      g.push(el('line', { x1: x(r.lower), x2: x(r.upper), y1: cy, y2: cy, class: 'ci' }));
      g.push(el('line', { x1: x(r.lower), x2: x(r.lower), y1: cy - 5, y2: cy + 5, class: 'ci' }));
      g.push(el('line', { x1: x(r.upper), x2: x(r.upper), y1: cy - 5, y2: cy + 5, class: 'ci' }));
    }
    g.push(el('circle', { cx: x(r.factor), cy, r: 5, class: 'point' }));
    const ci = r.lower !== null && r.upper !== null ? ` [${o.format(r.lower)}; ${o.format(r.upper)}]` : '';
    g.push(el('title', {}, [`${r.label}: ${o.format(r.factor)}${ci} (${r.n})`]));
    children.push(el('g', { class: 'speedup' }, g));
  });
  children.push(...axis(x, axisTicks, bottom + 4, o.axisLabel, o.format));
  return el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': o.title, class: 'chart forest-plot' }, children);
}
