/**
 * Logins, sessions and tokens; the cross-site rules (Origin on state-changing
 * requests and socket upgrades, refused body types, the Host allow-list, the
 * security headers); owners' records; the socket's credentials; the audit log.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDS, startTestServer, type TestServer } from '../../support/test-server.ts';
import { VoskClient } from '../../support/ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  // Trusts X-Forwarded-* from 127.0.0.1 (as from a local nginx); one more Host name and one more Origin allowed.
  server = await startTestServer({
    DIKTATS_TRUST_PROXY: '127.0.0.1',
    DIKTATS_ALLOWED_HOSTS: 'diktats.novads.lv',
    DIKTATS_ALLOWED_ORIGINS: 'https://dms.novads.lv',
  });
}, 180_000);
afterAll(async () => server?.close());

const ORIGIN = () => server.url; // http://127.0.0.1:PORT, the service's own origin

async function login(username: string, password: string) {
  return fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN() },
    body: JSON.stringify({ username, password }),
  });
}
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

/** Opens a socket; resolves 'open' or the refusal's HTTP status. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(0));
  });
}

describe('login', () => {
  it('right password: 200 and an httpOnly SameSite=Strict session cookie that works; wrong: 401', async () => {
    const ok = await login('clerk', PASSWORDS.clerk);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user: { name: 'clerk', role: 'clerk' } });
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^diktats_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here; see the https case below
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: cookieOf(ok) } });
    expect(await me.json()).toMatchObject({ user: { name: 'clerk', role: 'clerk' } });

    expect((await login('clerk', 'wrong-password')).status).toBe(401);
    expect((await login('nobody', 'wrong-password')).status).toBe(401);
  });

  it('marks the cookie Secure when the request came over TLS (X-Forwarded-Proto from a trusted proxy)', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.1.0.1', 'content-type': 'application/json' },
      payload: { username: 'clerk', password: PASSWORDS.clerk },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/i);
  });

  /** a login from another address (the per-address rate limit is tested on its own) */
  const loginFrom = (remoteAddress: string, username: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });

  it('locks a user name for a while after 5 failures, even with the right password then', async () => {
    for (let i = 0; i < 5; i++) expect((await loginFrom('10.0.0.5', 'researcher', `guess-${i}-wrong`)).statusCode).toBe(401);
    const locked = await loginFrom('10.0.0.5', 'researcher', PASSWORDS.researcher);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('AUTH_ERR_LOCKED');
    const audit = (await server.inject({ method: 'GET', url: '/api/admin/audit?action=login.failed' })).json();
    expect(audit.entries.filter((e: { target: string }) => e.target === 'researcher')).toHaveLength(5);
  });

  it('rate-limits login attempts per address (429 from @fastify/rate-limit)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await loginFrom('10.0.0.6', `x${i}`, 'whatever-password')).statusCode);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(codes.slice(10)).toEqual([429, 429]);
    // another address is not slowed by it
    expect((await loginFrom('10.0.0.7', 'x', 'whatever-password')).statusCode).toBe(401);
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const res = await loginFrom('10.0.0.8', 'admin', PASSWORDS.admin);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'http://localhost:80' } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/diktats_session=;/);
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('tokens', () => {
  it('a clerk token on an admin route: 403; a revoked token: 401', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/admin/users' }, 'clerk')).statusCode).toBe(403);
    const made = (await server.inject({ method: 'POST', url: '/api/admin/tokens', payload: { user: 'clerk', expiresDays: 1 } })).json();
    expect(made.token).toMatch(/^dkt_/);
    const auth = { authorization: `Bearer ${made.token}` };
    expect((await server.app.inject({ method: 'GET', url: '/api/forms/records', headers: auth })).statusCode).toBe(200);
    await server.inject({ method: 'DELETE', url: `/api/admin/tokens/${made.info.id}` });
    expect((await server.app.inject({ method: 'GET', url: '/api/forms/records', headers: auth })).statusCode).toBe(401);
    // stored hashed: the token itself is nowhere in the database
    const hits = server.app.storage.db.prepare('SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?').pluck().get(made.token);
    expect(hits).toBe(0);
  });
});

describe('cross-site requests', () => {
  it('a state-changing request with a session cookie needs the service\'s own Origin', async () => {
    const cookie = cookieOf(await login('admin', PASSWORDS.admin));
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/forms/records`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify({ form: 'gadijuma-piezime' }) });
    const foreign = await post({ origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe('HTTP_ERR_ORIGIN');
    expect((await post({})).status).toBe(403); // no Origin, no Sec-Fetch-Site: not provably our page
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin: ORIGIN() })).status).toBe(201);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    // reading is not state-changing: a same-site GET with the cookie is fine
    expect((await fetch(`${server.url}/api/forms/records`, { headers: { cookie } })).status).toBe(200);
  });

  it('a foreign Origin is refused even with a token (a page that stole one)', async () => {
    const res = await server.inject({ method: 'POST', url: '/api/forms/records', headers: { origin: 'https://evil.example' }, payload: { form: 'gadijuma-piezime' } });
    expect(res.statusCode).toBe(403);
  });

  it('refuses text/plain and form-encoded bodies where JSON is expected (415)', async () => {
    for (const [type, payload] of [
      ['text/plain', '{"form":"gadijuma-piezime"}'],
      ['application/x-www-form-urlencoded', 'form=gadijuma-piezime'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="form"\r\n\r\ngadijuma-piezime\r\n--x--\r\n'],
    ] as const) {
      const res = await server.inject({ method: 'POST', url: '/api/forms/records', headers: { 'content-type': type }, payload });
      expect(res.statusCode, type).toBe(415);
    }
    const login415 = await server.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.9', headers: { 'content-type': 'text/plain' }, payload: '{"username":"admin","password":"x"}' });
    expect(login415.statusCode).toBe(415);
  });

  it('answers only to allowed Host names (DNS rebinding)', async () => {
    const rebound = await server.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'attacker.example:8080' } });
    expect(rebound.statusCode).toBe(421);
    expect(rebound.json().error.code).toBe('HTTP_ERR_HOST');
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080']) {
      expect((await server.app.inject({ method: 'GET', url: '/healthz', headers: { host } })).statusCode, host).toBe(200);
    }
    // DIKTATS_ALLOWED_HOSTS adds names
    expect((await server.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'diktats.novads.lv' } })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'other.novads.lv' } })).statusCode).toBe(421);
  });

  it('sends a CSP without inline scripts, frame-ancestors none and no referrer', async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('/ws/asr credentials', () => {
  const ws = () => server.url.replace('http', 'ws') + '/ws/asr';

  it('refuses an upgrade without credentials (401) and a clerk-less role (403)', async () => {
    expect(await upgrade(ws())).toBe(401);
    expect(await upgrade(server.wsUrlAs('researcher'))).toBe(403);
    expect(await upgrade(`${ws()}?token=dkt_not-a-token`)).toBe(401);
  });

  it('vosk clients: ?token= works; so does Authorization: Bearer', async () => {
    expect(await upgrade(server.wsUrlAs('clerk'))).toBe('open');
    expect(await upgrade(ws(), { authorization: `Bearer ${server.tokens.clerk}` })).toBe('open');
  });

  it('refuses a foreign Origin, with a cookie or a token; a cookie needs our own Origin', async () => {
    const cookie = cookieOf(await login('clerk', PASSWORDS.clerk));
    expect(await upgrade(ws(), { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(server.wsUrlAs('clerk'), { origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(ws(), { cookie })).toBe(403); // no Origin: a browser always sends one, so this is no page of ours
    expect(await upgrade(ws(), { cookie, origin: ORIGIN() })).toBe('open');
  });

  it('an allow-listed origin may open it (DIKTATS_ALLOWED_ORIGINS)', async () => {
    const url = server.wsUrlAs('clerk');
    expect(await upgrade(url, { origin: 'https://dms.novads.lv' })).toBe('open');
    expect(await upgrade(url, { origin: 'https://evil.example' })).toBe(403);
  });

  it("form.open of another clerk's record is refused like a missing one", async () => {
    const mine = (await server.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime' } }, 'admin')).json().record.id;
    const client = await VoskClient.open(server.wsUrlAs('clerk'));
    const reply = await client.request(JSON.stringify({ type: 'form.open', form: 'gadijuma-piezime', record: mine }));
    expect(reply).toMatchObject({ error: { code: 'FORM_ERR_RECORD_NOT_FOUND' } });
    const own = await client.request(JSON.stringify({ type: 'form.open', form: 'gadijuma-piezime' }));
    expect(own).toMatchObject({ type: 'form.opened' });
    client.ws.close();
  });

  it('never writes the token of ?token= to the log', async () => {
    const { redactUrl } = await import('../../../server/app.ts');
    expect(redactUrl('/ws/asr?token=dkt_abc&x=1')).toBe('/ws/asr?token=[redacted]&x=1');
    expect(redactUrl('/ws/asr?a=1&TOKEN=dkt_abc')).toBe('/ws/asr?a=1&TOKEN=[redacted]');
  });
});

describe('records are their owners\'', () => {
  it('a clerk lists and opens only her own; researchers see no records', async () => {
    const adminRecord = (await server.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime' } })).json().record;
    const clerkRecord = (await server.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime' } }, 'clerk')).json().record;
    const clerkList = (await server.inject({ method: 'GET', url: '/api/forms/records?limit=500' }, 'clerk')).json().records as { id: number; userId: number }[];
    expect(clerkList.map((r) => r.id)).toContain(clerkRecord.id);
    expect(clerkList.every((r) => r.userId === clerkRecord.userId)).toBe(true);
    expect((await server.inject({ method: 'GET', url: `/api/forms/records/${adminRecord.id}` }, 'clerk')).statusCode).toBe(404);
    expect((await server.inject({ method: 'PUT', url: `/api/forms/records/${adminRecord.id}`, payload: { fields: {} } }, 'clerk')).statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: `/api/forms/records/${adminRecord.id}/export` }, 'clerk')).statusCode).toBe(404);
    expect((await server.inject({ method: 'POST', url: `/api/forms/records/${adminRecord.id}/timing`, payload: { activeMs: 5 } }, 'clerk')).statusCode).toBe(404);
    const exported = (await server.inject({ method: 'GET', url: '/api/forms/records/export?format=json' }, 'clerk')).json().records as { userId: number }[];
    expect(exported.every((r) => r.userId === clerkRecord.userId)).toBe(true);
    // the admin sees both
    const all = (await server.inject({ method: 'GET', url: '/api/forms/records?limit=500' })).json().records.map((r: { id: number }) => r.id);
    expect(all).toEqual(expect.arrayContaining([adminRecord.id, clerkRecord.id]));
    expect((await server.inject({ method: 'GET', url: '/api/forms/records' }, 'researcher')).statusCode).toBe(403);
  });

  it('a saved record is final until its owner reopens it (audited)', async () => {
    const created = (await server.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime', fields: { klients: 'Anna Liepa' } } }, 'clerk')).json().record;
    const saved = await server.inject({ method: 'PUT', url: `/api/forms/records/${created.id}`, payload: { status: 'saved', fields: { klients: 'Anna Liepa', apraksts: 'Ieradās.' } } }, 'clerk');
    expect(saved.statusCode).toBe(200);
    const change = await server.inject({ method: 'PUT', url: `/api/forms/records/${created.id}`, payload: { fields: { klients: 'Cits', apraksts: 'Ieradās.' } } }, 'clerk');
    expect(change.statusCode).toBe(409);
    expect(change.json().error.code).toBe('FORM_ERR_RECORD_FINAL');
    const reopened = await server.inject({ method: 'POST', url: `/api/forms/records/${created.id}/reopen` }, 'clerk');
    expect(reopened.json().record.status).toBe('draft');
    expect((await server.inject({ method: 'PUT', url: `/api/forms/records/${created.id}`, payload: { fields: { klients: 'Cits', apraksts: 'Ieradās.' } } }, 'clerk')).statusCode).toBe(200);
    const audit = (await server.inject({ method: 'GET', url: '/api/admin/audit?action=record.reopen' })).json().entries;
    expect(audit[0]).toMatchObject({ username: 'clerk', action: 'record.reopen', target: `record:${created.id}` });
  });
});

describe('audit log', () => {
  it('records logins with who and from where, and cannot be changed or deleted', async () => {
    await login('admin', PASSWORDS.admin);
    const entries = (await server.inject({ method: 'GET', url: '/api/admin/audit?action=login.ok' })).json().entries;
    expect(entries[0]).toMatchObject({ username: 'admin', action: 'login.ok', ip: '127.0.0.1' });
    const db = server.app.storage.db;
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    const csv = await server.inject({ method: 'GET', url: '/api/admin/audit.csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('id,at,user_id,username,action,target,ip,detail');
  });
});
