/**
 * The forms REST routes (server/http/form-routes.ts) as plain functions. No
 * DOM: takes a base URL and a fetch, so Node tests can use it too.
 */

export class FormApiError extends Error {
  /**
   * @param {number} status  HTTP status, 0 when the server was not reached
   * @param {string} code    the server's error code (FORM_ERR_…), or NETWORK / HTTP_<status>
   */
  constructor(status, code, message, options) {
    super(message, options);
    this.name = 'FormApiError';
    this.status = status;
    this.code = code;
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * @param {{ baseUrl: string, fetch?: typeof fetch }} options
 */
export function createFormApi({ baseUrl, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }) {
  const url = (path, query = {}) => {
    const u = new URL(path, baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.href;
  };

  async function request(method, path, { query, body, keepalive = false } = {}) {
    let res;
    try {
      res = await fetchImpl(url(path, query), {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        keepalive,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new FormApiError(0, 'NETWORK', `${method} ${path}: ${error?.message ?? error}`, { cause: error });
    }
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const code = json?.error?.code ?? `HTTP_${res.status}`;
      throw new FormApiError(res.status, code, json?.error?.message ?? `${method} ${path}: HTTP ${res.status}`);
    }
    return json;
  }

  return {
    /** @returns {Promise<{id, title, version, fields: number}[]>} */
    listTemplates: async () => (await request('GET', 'api/forms/templates')).templates,
    getTemplate: (id) => request('GET', `api/forms/templates/${encodeURIComponent(id)}`),
    listRecords: async ({ form, status, limit = 20 } = {}) => (await request('GET', 'api/forms/records', { query: { form, status, limit } })).records,
    getRecord: async (id) => (await request('GET', `api/forms/records/${id}`)).record,
    /** @param {{ form: string, status?: string, mode?: string, fields?: object }} body */
    createRecord: async (body) => (await request('POST', 'api/forms/records', { body })).record,
    /** @param {{ status?: string, fields?: object, revision?: number }} body */
    updateRecord: async (id, body, { keepalive = false } = {}) => (await request('PUT', `api/forms/records/${id}`, { body, keepalive })).record,
    /** A saved record back to draft so it can be corrected (owner or admin; audited). */
    reopenRecord: async (id) => (await request('POST', `api/forms/records/${id}/reopen`)).record,
    /**
     * The pilot's entry timings of one record (POST /api/forms/records/:id/timing).
     * @param {{ openedAt?: string, firstInputAt?: string | null, activeMs?: number, keystrokes?: number, edits?: number }} body
     */
    postTiming: async (id, body, { keepalive = false } = {}) => (await request('POST', `api/forms/records/${id}/timing`, { body, keepalive })).timing,
    /** The download address of one record (the server sends it as an attachment). */
    exportUrl: (id, format) => url(`api/forms/records/${id}/export`, format === 'csv' ? { format, delimiter: 'semicolon' } : { format }),
  };
}
