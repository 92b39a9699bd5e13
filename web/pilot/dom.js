/**
 * Small DOM helpers: `h` builds HTML elements, `renderSvg` turns a chart node
 * tree (charts.js) into SVG elements. Text always goes in as text nodes, never
 * as markup, so template ids, user names and transcripts cannot inject HTML.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]  `class`, `text`, `on<event>` and plain attributes
 * @param {...(Node|string|null|undefined|false)} children
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    // Through the CSSOM: the Content-Security-Policy (no 'unsafe-inline') blocks style="…" attributes, not this.
    else if (k === 'style') node.style.cssText = String(v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else if (k in node && typeof v !== 'string') /** @type {any} */ (node)[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

/** @param {{tag: string, attrs?: Record<string, string|number>, children?: any[]}} tree */
export function renderSvg(tree) {
  const node = document.createElementNS(SVG_NS, tree.tag);
  for (const [k, v] of Object.entries(tree.attrs ?? {})) node.setAttribute(k, String(v));
  for (const c of tree.children ?? []) node.append(typeof c === 'string' ? document.createTextNode(c) : renderSvg(c));
  return node;
}

/** Replaces the children of the element with id `id`. */
export function fill(id, ...children) {
  const target = document.getElementById(id);
  if (!target) return;
  target.replaceChildren(...children.flat().filter(Boolean));
}
