/**
 * Bounds: per-route body limits (413), capped stored strings, probes, and
 * under-pressure's 503 + Retry-After (never on /livez; a refused socket
 * upgrade does not hold shutdown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BODY_LIMITS } from '../../../server/http/body-limits.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

/** a small upload limit, so a body past it is cheap to send */
const UPLOAD_LIMIT = 200_000;

describe('body limits and probes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT) });
  }, 120_000);
  afterAll(async () => server?.close());

  it('answers 413 HTTP_ERR_BODY_TOO_LARGE past a JSON route’s limit, and stores nothing', async () => {
    const before = server.app.storage.db.prepare('SELECT COUNT(*) FROM form_records').pluck().get();
    const huge = { form: 'majokla-pabalsts', fields: { piezimes: 'x'.repeat(BODY_LIMITS.formRecord) } };
    const res = await server.inject({ method: 'POST', url: '/api/forms/records', payload: huge });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('HTTP_ERR_BODY_TOO_LARGE');
    expect(server.app.storage.db.prepare('SELECT COUNT(*) FROM form_records').pluck().get()).toBe(before);
    const fill = await server.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { text: 'a '.repeat(BODY_LIMITS.formFill) } });
    expect(fill.statusCode).toBe(413);
    const patch = await server.inject({ method: 'PATCH', url: '/api/corpora/x', payload: { active: true, pad: 'y'.repeat(BODY_LIMITS.default) } });
    expect(patch.statusCode).toBe(413);
  });

  it('answers 413 HTTP_ERR_BODY_TOO_LARGE past the upload limit (WAV and corpus files), declared or streamed', async () => {
    const past = Buffer.alloc(UPLOAD_LIMIT + 1);
    const wav = await server.inject({ method: 'POST', url: '/api/transcribe', headers: { 'content-type': 'audio/wav' }, payload: past });
    expect(wav.statusCode).toBe(413);
    expect(wav.json().error.code).toBe('HTTP_ERR_BODY_TOO_LARGE');
    const corpus = await server.inject({ method: 'POST', url: '/api/corpora/x?kind=sentences&format=txt', headers: { 'content-type': 'text/plain' }, payload: past });
    expect(corpus.statusCode).toBe(413);
    // no Content-Length (chunked): refused as the bytes pass the limit
    const streamed = await fetch(`${server.url}/api/transcribe`, {
      method: 'POST',
      headers: { 'content-type': 'audio/wav', authorization: `Bearer ${server.tokens.admin}` },
      body: new ReadableStream({ start(c) { for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(UPLOAD_LIMIT / 4)); c.close(); } }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('HTTP_ERR_BODY_TOO_LARGE');
  });

  it('refuses a stored timing string past its cap (1 MB openedAt was stored before)', async () => {
    const created = await server.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', metrics: { openedAt: 'x'.repeat(41) } } });
    expect(created.statusCode).toBe(400);
    const timing = await server.inject({ method: 'POST', url: '/api/forms/records/1/timing', payload: { openedAt: 'x'.repeat(BODY_LIMITS.timing) } });
    expect(timing.statusCode).toBe(413);
  });

  it('/livez and /readyz answer, /healthz still works', async () => {
    expect((await server.app.inject({ url: '/livez' })).json()).toMatchObject({ status: 'ok' });
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', reasons: [], workers: { live: 1, size: 1 }, database: 'ok', languageModel: { phase: 'off' } });
    expect((await server.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok', ready: true });
  });

  it('/readyz says no-live-worker while the only inference worker is down', async () => {
    const recogniser = server.app.asr.recogniser!;
    await recogniser.terminateWorker(0);
    const res = await server.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().reasons).toContain('no-live-worker');
    expect(res.headers['retry-after']).toBe('5');
    const t0 = Date.now();
    while (recogniser.workers.live === 0 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    expect((await server.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  }, 40_000);
});

describe('under pressure', () => {
  it('answers 503 HTTP_ERR_OVERLOADED with Retry-After past the event-loop delay, before authentication, never on /livez, and a refused socket does not hold shutdown', async () => {
    // short timers injected: no grace after start, a sample every 200 ms
    const server = await startTestServer({ DIKTATS_MAX_EVENT_LOOP_DELAY_MS: '5' }, { pressure: { graceMs: 0, sampleIntervalMs: 200 } });
    // under-pressure compares the mean delay of its last sample period: stall the loop as a main-thread WAV decode did
    const stall = async () => {
      const t = Date.now();
      while (Date.now() - t < 400);
      await new Promise((r) => setTimeout(r, 10));
    };
    await stall();
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.code).toBe('HTTP_ERR_OVERLOADED');
    expect(ready.headers['retry-after']).toBe('5');
    // before the access hook: no credentials still gets 503, not 401 (no session or token lookup is done)
    await stall();
    const anonymous = await server.app.inject({ url: '/api/forms/records' });
    expect(anonymous.statusCode).toBe(503);
    expect(anonymous.json().error.code).toBe('HTTP_ERR_OVERLOADED');
    await stall();
    expect((await server.app.inject({ url: '/livez' })).statusCode).toBe(200);
    await stall();
    const ws = new WebSocket(server.wsUrl);
    const refused = await new Promise<string>((resolve) => {
      ws.once('error', (e) => resolve(String(e)));
      ws.once('open', () => resolve('open'));
    });
    expect(refused).toMatch(/503/);
    // once the loop is quiet again, the same anonymous request is refused by the access hook
    await new Promise((r) => setTimeout(r, 500));
    expect((await server.app.inject({ url: '/api/forms/records' })).statusCode).toBe(401);
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 60_000);
});
