/**
 * web/ws-client.js in Node against a scripted vosk-style server (the `ws`
 * package on port 0): protocol order, message parsing, reconnect with a
 * bounded audio buffer, and giving up. No browser needed.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { AsrClient, parseServerMessage, type AsrClientEvent, type AsrClientOptions } from '../../web/ws-client.js';
import { freePort } from './support/server-process.ts';

type Received = { kind: 'text'; json: Record<string, unknown> } | { kind: 'binary'; bytes: number; first: number };

interface ScriptedServer {
  url: string;
  /** Messages per connection, in arrival order. */
  connections: Received[][];
  sockets: WebSocket[];
  close(): Promise<void>;
}

/** A server that answers each binary frame like vosk: a partial, or a final for frames marked 0xff. */
async function scriptedServer(): Promise<ScriptedServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const connections: Received[][] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws) => {
    const log: Received[] = [];
    connections.push(log);
    sockets.push(ws);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = data as Buffer;
      if (!isBinary) {
        const json = JSON.parse(buf.toString()) as Record<string, unknown>;
        log.push({ kind: 'text', json });
        if (json.reset) ws.send(JSON.stringify({ result: [], text: 'atiestatīts' }));
        if (json.eof) {
          ws.send(JSON.stringify({ result: [{ word: 'beigas', start: 0, end: 0.5, conf: 0.9 }], text: 'beigas' }));
          ws.close(1000);
        }
        return;
      }
      log.push({ kind: 'binary', bytes: buf.length, first: buf[0]! });
      ws.send(
        buf[0] === 0xff
          ? JSON.stringify({ type: 'final', result: [], text: 'labdien', corrected: 'Labdien.' })
          : JSON.stringify({ partial: '' }),
      );
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws/asr`,
    connections,
    sockets,
    close: () => {
      for (const ws of sockets) ws.terminate();
      return new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

/** A 100 ms frame of 16 kHz PCM whose first byte tags it. */
const frame = (tag: number) => {
  const bytes = new Uint8Array(3200);
  bytes[0] = tag;
  return bytes.buffer;
};

const until = async (what: string, condition: () => boolean, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function newClient(url: string, tuning: Record<string, number> = {}) {
  const events: AsrClientEvent[] = [];
  // `ws` implements the WHATWG handlers the client uses; its typings are stricter about event shapes.
  const WebSocketImpl = WebSocket as unknown as AsrClientOptions['WebSocketImpl'];
  const client = new AsrClient({ url, onEvent: (e) => events.push(e), WebSocketImpl, ...tuning });
  return { client, events };
}

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('parseServerMessage', () => {
  it('reads partials, finals and errors and ignores extra keys', () => {
    expect(parseServerMessage('{"partial":"sociālais"}')).toEqual({ type: 'partial', text: 'sociālais' });
    expect(parseServerMessage('{"partial":""}')).toEqual({ type: 'partial', text: '' });
    const words = [{ word: 'labdien', start: 0.1, end: 0.6, conf: 0.93 }];
    expect(parseServerMessage(JSON.stringify({ type: 'final', result: words, text: 'labdien', corrected: 'Labdien.' }))).toEqual(
      { type: 'final', text: 'labdien', words },
    );
    expect(parseServerMessage('{"error":{"code":"ASR_ERR_BACKLOG","message":"slow down"}}')).toEqual({
      type: 'server-error',
      code: 'ASR_ERR_BACKLOG',
      message: 'slow down',
    });
    // form errors come in the same shape; the old {"type":"error",…} shape is gone from the protocol
    expect(parseServerMessage('{"error":{"code":"FORM_ERR_RECORD_NOT_FOUND","message":"no record"}}')).toEqual({
      type: 'server-error',
      code: 'FORM_ERR_RECORD_NOT_FOUND',
      message: 'no record',
    });
    expect(parseServerMessage('{"type":"error","code":"WS_ERR_BAD_JSON","message":"x"}')).toBeNull();
  });

  it('reads the Diktāts extensions: corrected text per utterance, and form messages as they are', () => {
    const final = {
      result: [],
      text: 'tālrunis divdesmit seši',
      diktats: { utterances: [{ seq: 1, start: 0, end: 1.2, reason: 'silence', raw: 'tālrunis divdesmit seši', corrected: 'Tālrunis 26.', corrections: [] }] },
    };
    expect(parseServerMessage(JSON.stringify(final))).toEqual({
      type: 'final',
      text: 'tālrunis divdesmit seši',
      words: [],
      utterances: [{ raw: 'tālrunis divdesmit seši', corrected: 'Tālrunis 26.' }],
    });
    const update = { type: 'form.update', form: 'majokla-pabalsts', record: 3, seq: 1, fields: { talrunis: '26' }, issues: [], focus: 'talrunis', saved: false, commands: [] };
    expect(parseServerMessage(JSON.stringify(update))).toEqual(update);
    expect(parseServerMessage('{"type":"form.saved","form":"f","record":3,"status":"saved","issues":[]}')).toMatchObject({ type: 'form.saved', record: 3 });
    expect(parseServerMessage('{"type":"form.open","form":"f"}')).toBeNull(); // a client message echoed back is not an event
  });

  it('returns null for what it does not use: bad JSON, unknown messages', () => {
    expect(parseServerMessage('not json')).toBeNull();
    expect(parseServerMessage('"text"')).toBeNull();
    expect(parseServerMessage('{"type":"session","id":"abc"}')).toBeNull();
  });
});

describe('AsrClient', () => {
  it('sends the config first, then audio, and reports partials and finals', async () => {
    server = await scriptedServer();
    const { client, events } = newClient(server.url);
    client.sendAudio(frame(1)); // before start: ignored, no dictation running
    client.start();
    client.sendAudio(frame(2)); // queued until the socket opens
    client.sendAudio(frame(0xff));
    await until('a final', () => events.some((e) => e.type === 'final'));
    const log = server.connections[0]!;
    expect(log[0]).toEqual({ kind: 'text', json: { config: { sample_rate: 16000 } } });
    expect(log.slice(1).map((m) => (m.kind === 'binary' ? m.first : 'text'))).toEqual([2, 0xff]);
    expect(events.filter((e) => e.type === 'partial')).toEqual([{ type: 'partial', text: '' }]);
    expect(events.find((e) => e.type === 'final')).toMatchObject({ text: 'labdien' });
    client.abort();
  });

  it('on end() sends {"eof":1}, reports the last final and resolves when the server closes', async () => {
    server = await scriptedServer();
    const { client, events } = newClient(server.url);
    client.start();
    client.sendAudio(frame(3));
    await until('open', () => client.state === 'open');
    await client.end();
    expect(server.connections[0]!.at(-1)).toEqual({ kind: 'text', json: { eof: 1 } });
    expect(events.filter((e) => e.type === 'final').map((e) => (e as { text: string }).text)).toEqual(['beigas']);
    expect(client.state).toBe('closed');
    expect(events.some((e) => e.type === 'failed')).toBe(false);
    expect(server.connections).toHaveLength(1); // no reconnect after a requested close
  });

  it('sends {"reset":1} for a forced final and keeps the session going', async () => {
    server = await scriptedServer();
    const { client, events } = newClient(server.url);
    client.start();
    await until('open', () => client.state === 'open');
    client.reset();
    await until('the forced final', () => events.some((e) => e.type === 'final'));
    client.sendAudio(frame(4));
    await until('a reply to the next frame', () => events.some((e) => e.type === 'partial'));
    expect(server.connections[0]!.slice(1).map((m) => (m.kind === 'text' ? m.json : m.first))).toEqual([{ reset: 1 }, 4]);
    expect(client.state).toBe('open');
    client.abort();
  });

  it('reconnects after a drop, resends the config and keeps only the newest audio meanwhile', async () => {
    server = await scriptedServer();
    const { client, events } = newClient(server.url, { initialDelayMs: 300, maxBufferMs: 300 });
    client.start();
    await until('open', () => client.state === 'open');
    server.sockets[0]!.terminate();
    await until('reconnecting', () => client.state === 'reconnecting');
    for (let tag = 10; tag < 15; tag++) client.sendAudio(frame(tag)); // 500 ms into a 300 ms buffer
    expect(events.filter((e) => e.type === 'dropped').at(-1)).toEqual({ type: 'dropped', droppedMs: 200 });
    await until('second connection', () => (server!.connections[1]?.length ?? 0) >= 4);
    const second = server.connections[1]!;
    expect(second[0]).toEqual({ kind: 'text', json: { config: { sample_rate: 16000 } } });
    expect(second.slice(1).map((m) => (m.kind === 'binary' ? m.first : 'text'))).toEqual([12, 13, 14]);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual([
      'connecting',
      'open',
      'reconnecting',
      'reconnecting',
      'open',
    ]);
    client.abort();
  });

  it('sends the greeting after the config on every connection, and form messages queued meanwhile after it', async () => {
    server = await scriptedServer();
    const events: AsrClientEvent[] = [];
    const WebSocketImpl = WebSocket as unknown as AsrClientOptions['WebSocketImpl'];
    let record: number | undefined;
    const client = new AsrClient({
      url: server.url,
      onEvent: (e) => events.push(e),
      WebSocketImpl,
      initialDelayMs: 300,
      greeting: () => [{ type: 'form.open', form: 'majokla-pabalsts', ...(record ? { record } : {}) }],
    });
    expect(client.sendMessage({ type: 'form.save' })).toBe(false); // not started: the caller uses REST
    client.start();
    await until('open', () => client.state === 'open');
    record = 7;
    server.sockets[0]!.terminate();
    await until('reconnecting', () => client.state === 'reconnecting');
    // While down: the newest edit of a field replaces an older one.
    expect(client.sendMessage({ type: 'form.edit', field: 'vards', value: 'Jān' }, 'edit:vards')).toBe(true);
    client.sendMessage({ type: 'form.edit', field: 'talrunis', value: '26' }, 'edit:talrunis');
    client.sendMessage({ type: 'form.edit', field: 'vards', value: 'Jānis' }, 'edit:vards');
    client.sendAudio(frame(20));
    await until('second connection', () => (server!.connections[1]?.length ?? 0) >= 5);
    const texts = (log: Received[]) => log.map((m) => (m.kind === 'text' ? m.json : m.first));
    expect(texts(server.connections[0]!)).toEqual([{ config: { sample_rate: 16000 } }, { type: 'form.open', form: 'majokla-pabalsts' }]);
    expect(texts(server.connections[1]!)).toEqual([
      { config: { sample_rate: 16000 } },
      { type: 'form.open', form: 'majokla-pabalsts', record: 7 },
      { type: 'form.edit', field: 'talrunis', value: '26' },
      { type: 'form.edit', field: 'vards', value: 'Jānis' },
      20,
    ]);
    client.sendMessage({ type: 'form.save' });
    await until('save sent', () => server!.connections[1]!.length >= 6);
    expect(texts(server.connections[1]!).at(-1)).toEqual({ type: 'form.save' });
    expect(client.takeUndelivered()).toEqual([]);
    client.abort();
  });

  it('hands back the form messages that never reached a socket when it gives up', async () => {
    const port = await freePort(); // nothing listens there
    const { client } = newClient(`ws://127.0.0.1:${port}/ws/asr`, { initialDelayMs: 20, maxInitialAttempts: 1 });
    client.start();
    client.sendMessage({ type: 'form.edit', field: 'ire', value: '180' }, 'edit:ire');
    await until('closed', () => client.state === 'closed');
    expect(client.sendMessage({ type: 'form.edit', field: 'ire', value: '190' }, 'edit:ire')).toBe(false);
    expect(client.takeUndelivered()).toEqual([{ type: 'form.edit', field: 'ire', value: '180' }]);
    expect(client.takeUndelivered()).toEqual([]);
  });

  it('gives up without reconnecting when the server closes with 1008 (unusable stream)', async () => {
    server = await scriptedServer();
    const { client, events } = newClient(server.url);
    client.start();
    await until('open', () => client.state === 'open');
    server.sockets[0]!.close(1008, 'bad stream');
    await until('failed', () => events.some((e) => e.type === 'failed'));
    expect(events.find((e) => e.type === 'failed')).toEqual({ type: 'failed', reason: 'rejected', closeCode: 1008 });
    expect(client.state).toBe('closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.connections).toHaveLength(1);
  });

  it('reports an unreachable server after the initial attempts instead of retrying forever', async () => {
    const port = await freePort(); // nothing listens there
    const { client, events } = newClient(`ws://127.0.0.1:${port}/ws/asr`, { initialDelayMs: 20, maxInitialAttempts: 2 });
    client.start();
    client.sendAudio(frame(1));
    await until('failed', () => events.some((e) => e.type === 'failed'));
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ type: 'failed', reason: 'unreachable' });
    expect(events.filter((e) => e.type === 'state' && e.state === 'reconnecting')).toHaveLength(4); // 2 waits + 2 tries
    expect(client.state).toBe('closed');
  });
});
