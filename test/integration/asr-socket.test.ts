/**
 * /ws/asr end to end on the bundled model: a committed Latvian WAV streamed in
 * 200 ms chunks, one reply awaited per chunk (as vosk file clients do), plus
 * the protocol's bad-input cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav16 } from '../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../server/audio/pcm.ts';
import { resample } from '../../server/audio/resample.ts';
import { scoreCorpus } from '../../server/metrics/error-rates.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { VoskClient, pcmChunks, type Reply } from '../support/ws-client.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/audio');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'stream-lv.json'), 'utf8')) as { utterances: string[] };
const wav = decodeWav(new Uint8Array(fs.readFileSync(path.join(FIXTURE, 'stream-lv.wav'))));
const pcm16k = float32ToPcm16(wav.samples);
/** 200 ms of 16-bit mono at 16 kHz */
const CHUNK_BYTES = 6400;

/**
 * Honest bound for this synthetic-speech model on unseen voices: the held-out
 * figures are in models/diktats-lv-synth-v2/README.md; the stream adds chunking.
 */
const MAX_STREAM_WER = 0.25;

async function streamAll(client: VoskClient, pcm: Uint8Array, chunkBytes: number): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const chunk of pcmChunks(pcm, chunkBytes)) replies.push(await client.request(chunk));
  return replies;
}

describe('/ws/asr with the bundled model', () => {
  let server: TestServer;
  beforeAll(async () => {
    // As clerks meet it: finals decoded by beam search with the bundled corpora's language model.
    server = await startTestServer({ DIKTATS_MAX_BACKLOG_SEC: '5', DIKTATS_LM: 'true' });
    const t0 = Date.now();
    while (server.app.asr.recogniser?.decoder !== 'beam' && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 200));
    expect(server.app.asr.recogniser?.decoder).toBe('beam');
  }, 180_000);
  afterAll(async () => server?.close());

  it('streams a Latvian WAV in 200 ms chunks: one reply per chunk, three finals, stored', async () => {
    const client = await VoskClient.open(server.wsUrl);
    client.send(JSON.stringify({ config: { sample_rate: 16000 } }));
    const chunks = pcmChunks(pcm16k, CHUNK_BYTES);
    const replies = await streamAll(client, pcm16k, CHUNK_BYTES);
    expect(replies).toHaveLength(chunks.length);
    const last = await client.request(JSON.stringify({ eof: 1 }));
    expect(last.text).toBeDefined();
    const closed = await client.closed;
    expect(closed.code).toBe(1000);

    const finals = [...replies, last].filter((r) => r.text !== undefined && r.text.length > 0);
    expect(replies.some((r) => r.partial && r.partial.length > 0)).toBe(true);
    expect(finals).toHaveLength(reference.utterances.length);
    for (const f of finals) {
      for (const w of f.result ?? []) {
        expect(w.end).toBeGreaterThanOrEqual(w.start);
        expect(w.conf).toBeGreaterThan(0);
        expect(w.conf).toBeLessThanOrEqual(1);
      }
    }
    const score = scoreCorpus(reference.utterances.map((ref, i) => ({ id: String(i), reference: ref, hypothesis: finals[i]!.text ?? '' })));
    expect(score.wer).toBeLessThanOrEqual(MAX_STREAM_WER);

    // Words come in time order across the whole stream.
    const starts = finals.flatMap((f) => (f.result ?? []).map((w) => w.start));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);

    const list = await server.inject({ method: 'GET', url: '/api/sessions' });
    const session = list.json().sessions[0];
    const detail = (await server.inject({ method: 'GET', url: `/api/sessions/${session.id}` })).json();
    expect(detail.session.endReason).toBe('eof');
    expect(detail.utterances.map((u: { text: string }) => u.text)).toEqual(finals.map((f) => f.text));
    expect(detail.session.audioSec).toBeCloseTo(wav.samples.length / 16000, 1);
  });

  it('resamples 48 kHz clients server-side without losing accuracy', async () => {
    const pcm48k = float32ToPcm16(resample(wav.samples, 16000, 48000));
    const client = await VoskClient.open(server.wsUrl);
    client.send(JSON.stringify({ config: { sample_rate: 48000 } }));
    const replies = await streamAll(client, pcm48k, 19200);
    const last = await client.request(JSON.stringify({ eof: 1 }));
    const text = [...replies, last].map((r) => r.text ?? '').filter(Boolean).join(' ');
    const score = scoreCorpus([{ id: 'a', reference: reference.utterances.join(' '), hypothesis: text }]);
    expect(score.wer).toBeLessThanOrEqual(MAX_STREAM_WER);
  });

  it('resamples 8 kHz clients: the same text as the same narrow-band audio sent at 16 kHz', async () => {
    // The model never heard telephone-band audio, so accuracy drops with the lost 4-8 kHz band;
    // what the server must get right is the resampling, so compare with the band-limited audio itself.
    const narrow8k = resample(wav.samples, 16000, 8000);
    const narrow16k = resample(narrow8k, 8000, 16000);
    const transcript = async (pcm: Uint8Array, rate: number, chunk: number): Promise<string> => {
      const client = await VoskClient.open(server.wsUrl);
      client.send(JSON.stringify({ config: { sample_rate: rate } }));
      const replies = await streamAll(client, pcm, chunk);
      const last = await client.request(JSON.stringify({ eof: 1 }));
      return [...replies, last].map((r) => r.text ?? '').filter(Boolean).join(' ');
    };
    const via8k = await transcript(float32ToPcm16(narrow8k), 8000, 3200);
    const via16k = await transcript(float32ToPcm16(narrow16k), 16000, CHUNK_BYTES);
    expect(via8k.length).toBeGreaterThan(0);
    // Not 0: on narrow-band audio the model is unsure, so the last-bit differences between the server's
    // streaming resampler and the test's one-shot resampler flip a few words (unit tests show the two
    // resamplers agree to 1e-4); a broken 8 kHz path gives near 100 %.
    expect(scoreCorpus([{ id: 'a', reference: via16k, hypothesis: via8k }]).wer).toBeLessThanOrEqual(0.3);
  });

  it('answers bad input with coded errors and keeps the connection', async () => {
    const client = await VoskClient.open(server.wsUrl);
    expect((await client.request('not json')).error?.code).toBe('WS_ERR_BAD_JSON');
    expect((await client.request(JSON.stringify({ hello: 1 }))).error?.code).toBe('WS_ERR_UNKNOWN_MESSAGE');
    expect((await client.request(JSON.stringify({ config: { sample_rate: 4000 } }))).error?.code).toBe('AUDIO_ERR_SAMPLE_RATE');
    expect((await client.request(new Uint8Array(3))).error?.code).toBe('AUDIO_ERR_ODD_BYTES');
    // Still usable afterwards.
    const ok = await client.request(pcm16k.subarray(0, CHUNK_BYTES));
    expect(ok.partial).toBeDefined();
    const reset = await client.request(JSON.stringify({ reset: 1 }));
    expect(reset.text).toBeDefined();
    const after = await client.request(pcm16k.subarray(0, CHUNK_BYTES));
    expect(after.partial).toBeDefined();
    client.ws.close();
    await client.closed;
  });

  it('refuses audio past the backlog with one error reply per frame, never unbounded', async () => {
    const client = await VoskClient.open(server.wsUrl);
    const chunks = pcmChunks(pcm16k, 32000); // 1 s frames, sent all at once
    for (const c of chunks) client.send(c);
    const replies: Reply[] = [];
    for (let i = 0; i < chunks.length; i++) replies.push(await client.next(60_000));
    expect(replies).toHaveLength(chunks.length);
    const refused = replies.filter((r) => r.error?.code === 'ASR_ERR_BACKLOG');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(chunks.length);
    client.ws.close();
    await client.closed;
  });

  it('closes with 1009 on a frame over the size limit', async () => {
    const client = await VoskClient.open(server.wsUrl);
    client.send(new Uint8Array(2 * 1024 * 1024));
    const closed = await client.closed;
    expect(closed.code).toBe(1009);
  });

  it('keeps what was recognised when the client disconnects mid-utterance', async () => {
    const client = await VoskClient.open(server.wsUrl);
    // The first utterance without its trailing silence: no endpoint yet.
    const cut = Math.floor(3.2 * 16000) * 2;
    await streamAll(client, pcm16k.subarray(0, cut), CHUNK_BYTES);
    client.ws.terminate();
    await client.closed;
    // The final is decoded after the close; poll storage briefly.
    let utterances: { text: string; endReason: string }[] = [];
    for (let i = 0; i < 100 && utterances.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const sessions = (await server.inject({ method: 'GET', url: '/api/sessions' })).json().sessions;
      const id = sessions.find((s: { endReason: string | null }) => s.endReason === 'disconnect')?.id;
      if (id) utterances = (await server.inject({ method: 'GET', url: `/api/sessions/${id}` })).json().utterances;
    }
    expect(utterances).toHaveLength(1);
    expect(utterances[0]!.endReason).toBe('disconnect');
    expect(utterances[0]!.text.split(' ').length).toBeGreaterThanOrEqual(2);
  });

  it('transcribes an uploaded WAV over REST and rejects non-WAV bodies', async () => {
    const body = Buffer.from(encodeWav16(wav.samples.subarray(0, 16000 * 5), 16000));
    const res = await server.inject({ method: 'POST', url: '/api/transcribe', headers: { 'content-type': 'audio/wav' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json().text.length).toBeGreaterThan(0);
    const bad = await server.inject({ method: 'POST', url: '/api/transcribe', headers: { 'content-type': 'audio/wav' }, payload: Buffer.from('hello world, not a wav') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('AUDIO_ERR_FORMAT');
  });

  it('carries corrected text with each final and fills an open form live (typed extension messages)', async () => {
    const client = await VoskClient.open(server.wsUrl);
    client.send(JSON.stringify({ type: 'form.open', form: 'majokla-pabalsts' }));
    const opened = await client.next();
    expect(opened).toMatchObject({ type: 'form.opened', form: 'majokla-pabalsts', status: 'draft' });
    const record = (opened as unknown as { record: number }).record;
    const updates: { type: string; fields: Record<string, unknown> }[] = [];
    const finals: Reply[] = [];
    for (const chunk of pcmChunks(pcm16k, CHUNK_BYTES)) {
      const reply = await client.request(chunk);
      if (reply.text !== undefined) {
        finals.push(reply);
        // The form update follows the final as a separate typed message.
        updates.push((await client.next()) as unknown as { type: string; fields: Record<string, unknown> });
      }
    }
    expect(finals.length).toBeGreaterThanOrEqual(2);
    for (const f of finals) {
      const u = f.diktats!.utterances[0] as unknown as { raw: string; corrected: string; corrections: unknown[] };
      expect(u.raw).toBe(f.text);
      expect(typeof u.corrected).toBe('string');
      expect(Array.isArray(u.corrections)).toBe(true);
    }
    // The second utterance dictates the address ("adrese dzintaru prospekts …").
    const address = updates.find((u) => u.type === 'form.update' && 'adrese' in u.fields);
    expect(address, JSON.stringify(updates)).toBeDefined();
    expect(String(address!.fields.adrese)).toMatch(/prospekts/i);
    client.ws.close();
    await client.closed;
    const stored = await server.inject({ method: 'GET', url: `/api/forms/records/${record}` });
    expect(stored.statusCode).toBe(200);
    expect(JSON.stringify(stored.json())).toMatch(/prospekts/i);
  });

  it('reports readiness on /healthz', async () => {
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', ready: true, model: 'diktats-lv-synth-v2' });
  });
});
