/**
 * The /ws/asr protocol as documented in server/http/asr-protocol.schema.json:
 * a real socket on the bundled model carries every kind of message both ways
 * (vosk config, PCM, reset, eof, partials, results with the diktats extension,
 * errors, and the form.* extension), and each text frame sent and received is
 * validated against the schema. The invalid inputs the server refuses are
 * refused by the schema too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { Value } from '@sinclair/typebox/value';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../server/audio/pcm.ts';
import { FormCloseSchema, FormEditSchema, FormFocusSchema, FormOpenSchema, FormSaveSchema } from '../../server/forms/form-messages.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { pcmChunks } from '../support/ws-client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/http/asr-protocol.schema.json'), 'utf8')) as { $id: string };
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addSchema(schema);
const validator = (def: string): ValidateFunction => ajv.getSchema(`${schema.$id}#/$defs/${def}`)!;
const clientText = validator('clientText');
const serverText = validator('serverText');

const wav = decodeWav(new Uint8Array(fs.readFileSync(path.join(ROOT, 'test/fixtures/audio/stream-lv.wav'))));
const pcm = float32ToPcm16(wav.samples);

type Json = Record<string, unknown>;

/** A socket that keeps every frame it sent and received, in order. */
class RecordingSocket {
  readonly sent: (string | Uint8Array)[] = [];
  readonly received: Json[] = [];
  private wake: (() => void) | null = null;
  readonly closed: Promise<number>;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Json);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  static open(url: string): Promise<RecordingSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new RecordingSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  send(frame: string | Json | Uint8Array): void {
    const data = typeof frame === 'string' || frame instanceof Uint8Array ? frame : JSON.stringify(frame);
    this.sent.push(data);
    this.ws.send(data);
  }

  /** Waits until `count(received)` reaches `n`. */
  async until(what: string, done: (received: readonly Json[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const t0 = Date.now();
    while (!done(this.received)) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.received.slice(-3))}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  }
}

/** Which definition describes a server message, by its `type` or its first key. */
const SERVER_DEFS: Readonly<Record<string, string>> = {
  partial: 'partial', result: 'result', error: 'error',
  'form.opened': 'formOpened', 'form.update': 'formUpdate', 'form.saved': 'formSaved',
};

/** Replies to audio, eof and reset (vosk messages), as opposed to form.* messages. */
const voskReplies = (received: readonly Json[]): number => received.filter((m) => !('type' in m)).length;
const errorsText = (v: ValidateFunction): string => ajv.errorsText(v.errors);

describe('/ws/asr traffic against asr-protocol.schema.json', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(async () => server?.close());

  it('every text frame both ways of a dictated, edited and saved form validates', async () => {
    const socket = await RecordingSocket.open(server.wsUrl);
    let expectedReplies = 0;
    const request = async (frame: string | Json | Uint8Array): Promise<void> => {
      socket.send(frame);
      expectedReplies++;
      await socket.until(`reply ${expectedReplies}`, (r) => voskReplies(r) >= expectedReplies);
    };

    socket.send({ config: { sample_rate: 16000, words: true } });
    // Form errors have the one error shape too: an unknown template, a malformed form message.
    await request({ type: 'form.open', form: 'no-such-form' });
    await request({ type: 'form.edit', field: '' });
    socket.send({ type: 'form.open', form: 'gadijuma-piezime' });
    await socket.until('form.opened', (r) => r.some((m) => m.type === 'form.opened'));
    socket.send({ type: 'form.focus', field: 'apraksts' });
    socket.send({ type: 'form.edit', field: 'lemumi', value: 'Pārbaudīt mājokli' });
    await socket.until('form.update', (r) => r.some((m) => m.type === 'form.update'));

    const chunks = pcmChunks(pcm, 6400);
    const half = Math.floor(chunks.length / 2);
    for (const chunk of chunks.slice(0, half)) await request(chunk);
    await request({ reset: 1 });
    for (const chunk of chunks.slice(half)) await request(chunk);
    // Bad input: refused with the error shape, and the socket stays open.
    await request('not json');
    await request({ hello: 1 });
    await request({ config: { sample_rate: 4000 } });
    await request(new Uint8Array(3));

    socket.send({ type: 'form.save' });
    await socket.until('form.saved', (r) => r.some((m) => m.type === 'form.saved'));
    socket.send({ type: 'form.close' });
    await request({ eof: 1 });
    expect(await socket.closed).toBe(1000);

    // Client → server: every text frame the server accepted is in the schema; what it refused is not.
    const refused = new Set(['not json', { hello: 1 }, { config: { sample_rate: 4000 } }, { type: 'form.edit', field: '' }].map((m) => (typeof m === 'string' ? m : JSON.stringify(m))));
    for (const frame of socket.sent) {
      if (frame instanceof Uint8Array) {
        expect(frame.length % 2 === 0, 'binary frames are 16-bit PCM').toBe(frame.length !== 3);
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(frame);
      } catch {
        json = frame; // not JSON: no schema accepts a bare string
      }
      expect(clientText(json), `${frame}: ${errorsText(clientText)}`).toBe(!refused.has(frame));
    }

    // Server → client: every message validates, and every kind was seen.
    for (const message of socket.received) {
      // The message's own definition first, for a readable error; then the union a client would use.
      const own = validator(SERVER_DEFS[typeof message.type === 'string' ? message.type : Object.keys(message)[0]!] ?? 'serverText');
      expect(own(message), `${JSON.stringify(message)}: ${errorsText(own)}`).toBe(true);
      expect(serverText(message)).toBe(true);
    }
    const kinds = new Set(socket.received.map((m) => (typeof m.type === 'string' ? m.type : Object.keys(m)[0])));
    expect([...kinds].sort()).toEqual(['error', 'form.opened', 'form.saved', 'form.update', 'partial', 'result']);
    const errorCodes = socket.received.flatMap((m) => ('error' in m ? [(m.error as { code: string }).code] : []));
    expect(errorCodes).toEqual([
      'FORM_ERR_TEMPLATE_NOT_FOUND', 'FORM_ERR_MESSAGE',
      'WS_ERR_BAD_JSON', 'WS_ERR_UNKNOWN_MESSAGE', 'AUDIO_ERR_SAMPLE_RATE', 'AUDIO_ERR_ODD_BYTES',
    ]);
    const utterances = socket.received.flatMap((m) => ((m.diktats as { utterances?: Json[] } | undefined)?.utterances ?? []));
    expect(utterances.length).toBeGreaterThanOrEqual(3);
    expect(socket.received.filter((m) => m.type === 'form.update').length).toBeGreaterThanOrEqual(2);
  });
});

describe('asr-protocol.schema.json and the server-side form message schemas agree', () => {
  const cases: [string, { check: object; def: string }, Json][] = [];
  const add = (name: string, check: object, def: string, ...messages: Json[]): void => {
    for (const m of messages) cases.push([name, { check, def }, m]);
  };
  add('form.open', FormOpenSchema, 'formOpen',
    { type: 'form.open', form: 'x' }, { type: 'form.open', form: 'x', record: 3, mode: 'manual' },
    { type: 'form.open', form: '' }, { type: 'form.open', form: 'x', record: 0 }, { type: 'form.open', form: 'x', mode: 'typing' },
    { type: 'form.open', form: 'x'.repeat(65) }, { type: 'form.open', form: 'x', extra: 1 }, { type: 'form.open' });
  add('form.focus', FormFocusSchema, 'formFocus', { type: 'form.focus', field: 'a' }, { type: 'form.focus', field: '' }, { type: 'form.focus' });
  add('form.edit', FormEditSchema, 'formEdit',
    { type: 'form.edit', field: 'a', value: 'x' }, { type: 'form.edit', field: 'a', value: 12.5 }, { type: 'form.edit', field: 'a', value: null },
    { type: 'form.edit', field: 'a', value: 'x'.repeat(20_001) }, { type: 'form.edit', field: 'a', value: true }, { type: 'form.edit', field: 'a' });
  add('form.save', FormSaveSchema, 'formSave', { type: 'form.save' }, { type: 'form.save', now: true });
  add('form.close', FormCloseSchema, 'formClose', { type: 'form.close' }, { type: 'form.close', x: 1 });

  it.each(cases)('%s: the same verdict for %j', (_name, { check, def }, message) => {
    expect(validator(def)(message)).toBe(Value.Check(check as never, message));
  });
});
