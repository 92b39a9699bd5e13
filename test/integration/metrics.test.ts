/**
 * /metrics on the real app: streaming a WAV over /ws/asr and uploading one
 * moves the counters and histograms by what was sent; HTTP responses are
 * counted by route template.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav16 } from '../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../server/audio/pcm.ts';
import { sample } from '../support/prometheus-text.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { VoskClient, pcmChunks } from '../support/ws-client.ts';

const wav = decodeWav(new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/audio/stream-lv.wav'))));
const audioSec = wav.samples.length / 16000;

const SCRAPER = 'scraper-token-0123456789abcdef0123456789abcdef';

describe('/metrics', () => {
  let server: TestServer;
  const scrape = async (): Promise<string> => {
    const res = await server.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  };
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_METRICS_TOKEN: SCRAPER });
  }, 120_000);
  afterAll(async () => server?.close());

  it('moves with a streamed WAV: audio seconds, decode time, partial and final latency, live streams', async () => {
    const before = await scrape();
    expect(sample(before, 'diktats_live_workers')).toBe(1);
    expect(sample(before, 'diktats_language_model_state', { state: 'none' })).toBe(1);
    expect(sample(before, 'diktats_inference_queue_depth')).toBe(0);
    const audioBefore = sample(before, 'diktats_audio_seconds_total', { source: 'stream' }) ?? 0;

    const client = await VoskClient.open(server.wsUrl);
    client.send(JSON.stringify({ config: { sample_rate: 16000 } }));
    const chunks = pcmChunks(float32ToPcm16(wav.samples), 6400);
    for (const chunk of chunks) await client.request(chunk);
    expect(sample(await scrape(), 'diktats_live_streams')).toBe(1);
    await client.request(JSON.stringify({ eof: 1 }));
    await client.closed;
    // The server sees the close after the client does.
    for (let i = 0; i < 50 && sample(await scrape(), 'diktats_live_streams') !== 0; i++) await new Promise((r) => setTimeout(r, 20));

    const after = await scrape();
    expect(sample(after, 'diktats_live_streams')).toBe(0);
    expect(sample(after, 'diktats_audio_seconds_total', { source: 'stream' })! - audioBefore).toBeCloseTo(audioSec, 3);
    // One decode call per frame, plus the eof's.
    expect(sample(after, 'diktats_decode_seconds_count', { source: 'stream' })).toBe(chunks.length + 1);
    expect(sample(after, 'diktats_decode_seconds_sum', { source: 'stream' })).toBeGreaterThan(0);
    const partials = sample(after, 'diktats_partial_latency_seconds_count')!;
    const finals = sample(after, 'diktats_final_latency_seconds_count')!;
    // Every frame got a partial or a final, each timed; the fixture's first two utterances end on silence.
    expect(partials + finals).toBe(chunks.length);
    expect(finals).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'diktats_partial_latency_seconds_sum')).toBeGreaterThan(0);
  });

  it('counts an uploaded file under source="upload"', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/transcribe',
      headers: { 'content-type': 'audio/wav' },
      payload: Buffer.from(encodeWav16(wav.samples, 16000)),
    });
    expect(res.statusCode).toBe(200);
    const text = await scrape();
    expect(sample(text, 'diktats_audio_seconds_total', { source: 'upload' })).toBeCloseTo(audioSec, 3);
    expect(sample(text, 'diktats_decode_seconds_count', { source: 'upload' })).toBe(1);
  });

  it('counts HTTP responses by route template, not by URL', async () => {
    await server.inject({ method: 'GET', url: '/api/sessions/no-such-id' });
    await server.inject({ method: 'GET', url: '/api/sessions/other-id' });
    await server.inject({ method: 'GET', url: '/no/such/api/route' });
    const text = await scrape();
    expect(sample(text, 'diktats_http_requests_total', { method: 'GET', route: '/api/sessions/:id', status_code: '404' })).toBe(2);
    expect(sample(text, 'diktats_http_requests_total', { method: 'POST', route: '/api/transcribe', status_code: '200' })).toBe(1);
    expect(text).not.toContain('no-such-id');
    expect(text).not.toContain('/no/such/api/route');
  });
});

describe('the metrics token (DIKTATS_METRICS_TOKEN)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_METRICS_TOKEN: SCRAPER });
  }, 120_000);
  afterAll(async () => server?.close());
  const as = (token: string, url: string) => server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('reads GET /metrics and nothing else; other tokens are judged by their role as before', async () => {
    const res = await as(SCRAPER, '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/diktats_live_workers/);
    for (const url of ['/api/sessions', '/api/forms/records', '/api/pilot/report', '/api/admin/users']) {
      const refused = await as(SCRAPER, url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('AUTH_ERR_FORBIDDEN');
    }
    expect((await server.app.inject({ method: 'POST', url: '/api/forms/records', headers: { authorization: `Bearer ${SCRAPER}` }, payload: { form: 'majokla-pabalsts' } })).statusCode).toBe(403);
    // a near miss is no token at all; a clerk still may not read /metrics; an admin still may
    expect((await as(`${SCRAPER.slice(0, -1)}0`, '/metrics')).statusCode).toBe(401);
    expect((await as(server.tokens.clerk, '/metrics')).statusCode).toBe(403);
    expect((await as(server.tokens.admin, '/metrics')).statusCode).toBe(200);
  });
});
