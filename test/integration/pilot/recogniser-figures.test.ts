/**
 * The recogniser's figures of a dictated form, end to end: the committed WAV
 * streamed over the real /ws/asr socket (200 ms chunks, one reply awaited per
 * chunk) into an open form, saved, and read back from form_records with SQL.
 * A record reopened on a second connection adds to them; a manual record keeps
 * them null; the pilot report shows them per mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../../server/audio/pcm.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { VoskClient, pcmChunks } from '../../support/ws-client.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/audio');
const wav = decodeWav(new Uint8Array(fs.readFileSync(path.join(FIXTURE, 'stream-lv.wav'))));
const pcm16k = float32ToPcm16(wav.samples);
const DURATION_SEC = wav.samples.length / wav.sampleRate;
/** 200 ms of 16-bit mono at 16 kHz */
const CHUNK_BYTES = 6400;
/** audio_sec is the sum of the frames' lengths, stored to the millisecond */
const AUDIO_TOLERANCE_SEC = 0.002;

type Message = { type?: string; record?: number; text?: string; partial?: string };
interface Row {
  mode: string;
  status: string;
  audio_sec: number | null;
  processing_ms: number | null;
  latency_json: string | null;
}
interface Latency {
  n: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

const row = (id: number): Row =>
  server.app.storage.db.prepare('SELECT mode, status, audio_sec, processing_ms, latency_json FROM form_records WHERE id = ?').get(id) as Row;

/** Reads messages until the vosk reply (no `type`) to the frame just sent; form messages may come after a final's reply. */
async function sendFrame(client: VoskClient, chunk: Uint8Array): Promise<Message> {
  client.send(chunk);
  for (;;) {
    const m = (await client.next()) as Message;
    if (m.type === undefined) return m;
    if (m.type === 'error') throw new Error(JSON.stringify(m));
  }
}

/** The next typed message of `type`, skipping form.update messages that follow finals. */
async function nextOfType(client: VoskClient, type: string): Promise<Message> {
  for (;;) {
    const m = (await client.next()) as Message;
    if (m.type === type) return m;
    if (m.type === 'error') throw new Error(JSON.stringify(m));
  }
}

async function open(client: VoskClient, body: object): Promise<number> {
  client.send(JSON.stringify({ type: 'form.open', form: 'majokla-pabalsts', ...body }));
  return (await nextOfType(client, 'form.opened')).record!;
}

async function closeClient(client: VoskClient): Promise<void> {
  client.ws.close();
  await client.closed;
  // the server ends the connection after the close event; its last flush runs in its message chain
  await new Promise((r) => setTimeout(r, 200));
}

describe('recogniser figures of a form dictated over /ws/asr', () => {
  let id = 0;
  let first: Row;
  const chunks = pcmChunks(pcm16k, CHUNK_BYTES);

  it('stores audio seconds ≈ the WAV, processing time, and reply latency with n = one per frame', async () => {
    const client = await VoskClient.open(server.wsUrl);
    client.send(JSON.stringify({ config: { sample_rate: 16000 } }));
    id = await open(client, {});
    const replies: Message[] = [];
    for (const chunk of chunks) replies.push(await sendFrame(client, chunk));
    expect(replies.some((r) => (r.text ?? '').length > 0)).toBe(true); // it did recognise speech
    client.send(JSON.stringify({ type: 'form.save' }));
    await nextOfType(client, 'form.saved');

    first = row(id);
    expect(first).toMatchObject({ mode: 'dictation', status: 'saved' });
    expect(Math.abs(first.audio_sec! - DURATION_SEC)).toBeLessThanOrEqual(AUDIO_TOLERANCE_SEC);
    expect(first.processing_ms!).toBeGreaterThan(0);
    const latency = JSON.parse(first.latency_json!) as Latency;
    expect(latency.n).toBe(chunks.length);
    expect(latency.p50Ms).toBeGreaterThan(0);
    expect(latency.p50Ms).toBeLessThanOrEqual(latency.p95Ms);
    expect(latency.p95Ms).toBeLessThanOrEqual(latency.maxMs);
    expect(latency.minMs).toBeLessThanOrEqual(latency.p50Ms);
    console.log(`stored row ${id}: audio_sec ${first.audio_sec} (WAV ${DURATION_SEC.toFixed(3)} s), processing_ms ${first.processing_ms}, latency ${JSON.stringify({ ...latency, buckets: undefined })}`);

    // the API shows the summary without the histogram's buckets
    const api = (await server.inject({ method: 'GET', url: `/api/forms/records/${id}` })).json().record;
    expect(api.metrics.latency).toMatchObject({ n: chunks.length, p50Ms: latency.p50Ms, p95Ms: latency.p95Ms });
    expect(api.metrics.latency).not.toHaveProperty('buckets');
    await closeClient(client);
    // nothing streamed after the save: closing added nothing
    expect(row(id)).toEqual(first);
  });

  it('a record reopened on another connection adds to its figures', async () => {
    const part = chunks.slice(0, 10); // 2 s
    const client = await VoskClient.open(server.wsUrl);
    expect(await open(client, { record: id })).toBe(id);
    for (const chunk of part) await sendFrame(client, chunk);
    await closeClient(client); // no save: the connection's end stores them
    const again = row(id);
    expect(again.audio_sec!).toBeCloseTo(first.audio_sec! + part.length * 0.2, 3);
    expect(again.processing_ms!).toBeGreaterThan(first.processing_ms!);
    expect((JSON.parse(again.latency_json!) as Latency).n).toBe(chunks.length + part.length);
  });

  it('audio streamed while no form is open, or a manual one, is nobody\'s: a manual record keeps nulls', async () => {
    const client = await VoskClient.open(server.wsUrl);
    for (const chunk of chunks.slice(0, 5)) await sendFrame(client, chunk);
    const manual = await open(client, { mode: 'manual' });
    for (const chunk of chunks.slice(5, 15)) await sendFrame(client, chunk);
    client.send(JSON.stringify({ type: 'form.save' }));
    await nextOfType(client, 'form.saved');
    await closeClient(client);
    expect(row(manual)).toMatchObject({ mode: 'manual', status: 'saved', audio_sec: null, processing_ms: null, latency_json: null });
  });

  it('the pilot report shows them per mode, and "not measured" for manual entry', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/pilot/report' });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json().overall;
    const stored = row(id);
    expect(o.dictation.recogniser).toMatchObject({ measured: 1, audioSec: { median: stored.audio_sec }, processingMs: { median: stored.processing_ms } });
    const latency = JSON.parse(stored.latency_json!) as Latency;
    expect(o.dictation.recogniser.latency).toMatchObject({ n: latency.n, p50Ms: latency.p50Ms, p95Ms: latency.p95Ms });
    expect(o.manual.recogniser).toEqual({ measured: 0, audioSec: null, processingMs: null, rtf: null, latency: null });
    const csv = (await server.inject({ method: 'GET', url: '/api/pilot/report.csv?table=summary' })).body.split('\r\n');
    const header = csv[0]!.split(',');
    const overallManual = csv.find((l) => l.startsWith('overall,,manual,'))!.split(',');
    const overallDictation = csv.find((l) => l.startsWith('overall,,dictation,'))!.split(',');
    expect(Number(overallDictation[header.indexOf('audio_median_s')])).toBeCloseTo(stored.audio_sec!, 6);
    expect(Number(overallDictation[header.indexOf('latency_p95_ms')])).toBe(latency.p95Ms);
    // empty, not 0: nothing was measured
    expect(overallManual[header.indexOf('audio_median_s')]).toBe('');
    expect(overallManual[header.indexOf('latency_p50_ms')]).toBe('');
  });
});
