/** The REST calls the researcher page makes; errors carry the server's code and message. */

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** @param {string} path @param {Record<string, string|number|boolean|undefined|null>} [query] */
export function url(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** @param {string} path @param {Record<string, any>} [query] @param {RequestInit} [init] */
export async function getJson(path, query, init) {
  let res;
  try {
    res = await fetch(url(path, query), init);
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? res.statusText);
  }
  return res.status === 204 ? null : res.json();
}

export const api = {
  templates: () => getJson('/api/forms/templates'),
  report: (filter) => getJson('/api/pilot/report', filter),
  csvUrl: (filter, table) => url('/api/pilot/report.csv', { ...filter, table, delimiter: 'semicolon' }),
  reportUrl: (filter) => url('/api/pilot/report', filter),
  savings: (params) => getJson('/api/pilot/savings', params),
  runs: () => getJson('/api/eval/runs', { limit: 200 }),
  run: (id, query) => getJson(`/api/eval/runs/${id}`, query),
  compare: (a, b, query) => getJson('/api/eval/compare', { a, b, ...query }),
  deleteRun: (id) => getJson(`/api/eval/runs/${id}`, {}, { method: 'DELETE' }),
};
