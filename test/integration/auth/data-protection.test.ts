/**
 * Personal data: researchers get transcripts pseudonymised; an admin exports
 * and erases everything about one client by personal code (audited, the audit
 * holding only the code's pseudonym); old transcripts go by the retention job;
 * the first admin comes from the one-time set-up link, on this machine only.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { createClientDataRepository } from '../../../server/storage/client-data-repository.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => server?.close());

const CODE = '210385-12347';

/** A clerk's dictation session with one utterance naming the client, and her saved record from it. */
async function clientSession(): Promise<{ sessionId: string; recordId: number }> {
  const clerk = server.app.auth.accounts.byName('clerk')!;
  const sessions = server.app.storage.asrSessions;
  const sessionId = sessions.start({ userId: clerk.id, modelId: 'm', client: 'ws', sampleRate: 16000 });
  sessions.addUtterance(sessionId, {
    startSec: 0, endSec: 3, audioSec: 3, processingMs: 10, endReason: 'silence', words: [{ word: 'jānis', start: 0, end: 1, conf: 0.9 }],
    text: 'vārds jānis bērziņš personas kods divi viens nulle trīs astoņi pieci', correctedText: `Vārds Jānis Bērziņš, personas kods ${CODE}.`,
  });
  const created = await server.inject(
    { method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', asrSessionId: sessionId, fields: { vards: 'Jānis', uzvards: 'Bērziņš', personas_kods: CODE } } },
    'clerk',
  );
  expect(created.statusCode).toBe(201);
  return { sessionId, recordId: created.json().record.id };
}

describe('researchers see pseudonyms', () => {
  it('a session\'s transcript is masked for a researcher, raw for its clerk and the admin', async () => {
    const { sessionId } = await clientSession();
    const asResearcher = (await server.inject({ method: 'GET', url: `/api/sessions/${sessionId}` }, 'researcher')).json();
    const shown = JSON.stringify(asResearcher.utterances);
    for (const secret of ['Jānis', 'jānis', 'Bērziņš', CODE, 'divi viens nulle']) expect(shown).not.toContain(secret);
    expect(asResearcher.utterances[0].correctedText).toMatch(/^Vārds VARDS-[a-p]{8} VARDS-[a-p]{8}, personas kods PK-[a-p]{8}\.$/);
    expect(asResearcher.utterances[0].words).toEqual([]);
    const asClerk = (await server.inject({ method: 'GET', url: `/api/sessions/${sessionId}` }, 'clerk')).json();
    expect(asClerk.utterances[0].correctedText).toContain(CODE);
    // another clerk's session: the admin made this one
    const adminSession = server.app.storage.asrSessions.start({ userId: server.app.auth.accounts.byName('admin')!.id, modelId: 'm', client: 'ws', sampleRate: 16000 });
    expect((await server.inject({ method: 'GET', url: `/api/sessions/${adminSession}` }, 'clerk')).statusCode).toBe(404);
    const clerkList = (await server.inject({ method: 'GET', url: '/api/sessions' }, 'clerk')).json().sessions.map((s: { id: string }) => s.id);
    expect(clerkList).toContain(sessionId);
    expect(clerkList).not.toContain(adminSession);
  });
});

describe('GDPR export and erasure', () => {
  it('exports everything about a client as JSON, then erases it; both audited without the code', async () => {
    const { sessionId, recordId } = await clientSession();
    expect((await server.inject({ method: 'POST', url: '/api/admin/gdpr/export', payload: { personalCode: CODE } }, 'clerk')).statusCode).toBe(403);
    const exported = await server.inject({ method: 'POST', url: '/api/admin/gdpr/export', payload: { personalCode: CODE } });
    expect(exported.statusCode).toBe(200);
    const data = exported.json();
    expect(data.records.map((r: { id: number }) => r.id)).toContain(recordId);
    expect(data.sessions.map((s: { id: string }) => s.id)).toContain(sessionId);
    expect(data.utterances.length).toBeGreaterThan(0);

    const erased = (await server.inject({ method: 'POST', url: '/api/admin/gdpr/erase', payload: { personalCode: '21038512347' } })).json();
    expect(erased.records).toBeGreaterThanOrEqual(1);
    expect(erased.sessions).toBeGreaterThanOrEqual(1);
    expect((await server.inject({ method: 'GET', url: `/api/forms/records/${recordId}` })).statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: `/api/sessions/${sessionId}` })).statusCode).toBe(404);
    const after = (await server.inject({ method: 'POST', url: '/api/admin/gdpr/export', payload: { personalCode: CODE } })).json();
    expect([after.records, after.sessions, after.utterances]).toEqual([[], [], []]);

    const audit = (await server.inject({ method: 'GET', url: '/api/admin/audit?limit=1000' })).json().entries as { action: string; target: string }[];
    const gdpr = audit.filter((e) => e.action.startsWith('gdpr.'));
    expect(gdpr.map((e) => e.action)).toEqual(['gdpr.export', 'gdpr.erase', 'gdpr.export']);
    expect(gdpr.every((e) => /^PK-[a-p]{8}$/.test(e.target))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('12347');
  });

  it('refuses a malformed code (400)', async () => {
    expect((await server.inject({ method: 'POST', url: '/api/admin/gdpr/erase', payload: { personalCode: '%' } })).statusCode).toBe(400);
  });

  it('the database is owner-only and deletes securely', () => {
    const db = server.app.storage.db;
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(fs.statSync(db.name).mode & 0o777).toBe(0o600);
  });
});

describe('retention', () => {
  it('deletes transcripts older than the cut-off, keeps newer ones', async () => {
    const { sessionId } = await clientSession();
    const db = server.app.storage.db;
    db.prepare("UPDATE utterances SET created_at = '2020-01-01T00:00:00.000Z' WHERE session_id = ?").run(sessionId);
    const fresh = await clientSession();
    const deleted = createClientDataRepository(db).purgeTranscriptsBefore(new Date(Date.now() - 365 * 86_400_000).toISOString());
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(server.app.storage.asrSessions.utterances(sessionId)).toEqual([]);
    expect(server.app.storage.asrSessions.utterances(fresh.sessionId)).toHaveLength(1);
  });
});

describe('first run', () => {
  it('no set-up once an admin exists; a wrong token is refused', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/setup' })).json()).toEqual({ open: false });
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token: 'x'.repeat(43), username: 'eve', password: 'eve-password-1' } });
    expect(res.statusCode).toBe(403);
  });

  it('with no admin: the link\'s token creates the first admin once, and only from this machine', async () => {
    const fresh = await startTestServer();
    try {
      // The test server has users already; this gate behaves as on a first start (no admin yet).
      const { createSetupGate } = await import('../../../server/auth/setup-gate.ts');
      const gate = createSetupGate(true, 60_000, Date.now, () => true);
      Object.defineProperty(fresh.app.auth, 'setup', { value: gate });
      const body = { token: gate.token!, username: 'first', password: 'first-admin-pw' };
      const remote = await fresh.app.inject({ method: 'POST', url: '/api/auth/setup', remoteAddress: '192.168.1.20', payload: body });
      expect(remote.statusCode).toBe(403);
      const weak = await fresh.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, password: 'short' } });
      expect(weak.json().error.code).toBe('AUTH_ERR_PASSWORD'); // and the token is not spent
      const ok = await fresh.app.inject({ method: 'POST', url: '/api/auth/setup', payload: body });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().user).toMatchObject({ name: 'first', role: 'admin' });
      expect(String(ok.headers['set-cookie'])).toMatch(/diktats_session=/);
      expect((await fresh.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, username: 'second' } })).statusCode).toBe(403);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
