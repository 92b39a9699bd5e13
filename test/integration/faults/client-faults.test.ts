/**
 * Fault suite, clients: faster than real time, never reading, 1 000 bad
 * frames, too many streams. The service must stay up for everyone else.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { VoskClient, type Reply } from '../../support/ws-client.ts';
import { SPEECH_CHUNKS, streamChunks, until } from './fault-helpers.ts';

describe('misbehaving clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_MAX_BACKLOG_SEC: '5', DIKTATS_MAX_STREAMS: '3', DIKTATS_MAX_STREAMS_PER_USER: '2' });
  }, 120_000);
  afterAll(async () => server?.close());
  // each test starts with no live stream: the earlier tests' sessions release their slots once their last finals are stored
  beforeEach(async () => until(() => server.app.dictation.stats.streams === 0, 30_000, 'earlier streams released'), 35_000);

  it('a client sending faster than real time gets one reply per frame (refusals past its backlog), is not closed, while another client is served', async () => {
    const flooder = await VoskClient.open(server.wsUrlAs('clerk'));
    const polite = await VoskClient.open(server.wsUrlAs('admin'));
    const flood = [...SPEECH_CHUNKS, ...SPEECH_CHUNKS]; // 38 s of audio at once
    for (const chunk of flood) flooder.send(chunk);
    const politeReplies = await streamChunks(polite, SPEECH_CHUNKS.slice(0, 30));
    const flooded: Reply[] = [];
    for (let i = 0; i < flood.length; i++) {
      const r = await flooder.next(30_000).catch(() => null);
      if (!r) break;
      flooded.push(r);
    }
    expect(politeReplies.filter((r) => r.error)).toEqual([]);
    const refused = flooded.filter((r) => r.error?.code === 'ASR_ERR_BACKLOG');
    // Backlog refusals are our overload, not bad input: far more than 20 of them, and still no 1008 — every frame got its reply.
    expect(refused.length).toBeGreaterThan(20);
    expect(flooded).toHaveLength(flood.length);
    expect(flooder.ws.readyState).toBe(WebSocket.OPEN);
    const live = await fetch(`${server.url}/livez`);
    expect(live.status).toBe(200);
    polite.ws.close();
    flooder.ws.close();
  }, 60_000);

  it('a client that never reads its replies does not stop the others, and what it said is stored when it goes', async () => {
    const silent = new WebSocket(server.wsUrlAs('clerk'));
    await new Promise((r) => silent.once('open', r));
    (silent as unknown as { _socket: { pause(): void } })._socket.pause(); // never reads
    for (const chunk of SPEECH_CHUNKS.slice(0, 20)) silent.send(chunk);
    const other = await VoskClient.open(server.wsUrlAs('admin'));
    const replies = await streamChunks(other, SPEECH_CHUNKS.slice(0, 20));
    expect(replies).toHaveLength(20);
    expect(replies.filter((r) => r.error)).toEqual([]);
    const before = server.app.storage.asrSessions.list(10, 0).length;
    silent.terminate();
    other.ws.close();
    await new Promise((r) => setTimeout(r, 1500));
    const sessions = server.app.storage.asrSessions.list(10, 0);
    expect(sessions.length).toBe(before);
    expect(sessions.every((s) => s.endedAt !== null)).toBe(true);
  }, 60_000);

  it('1 000 bad frames: error replies until the limit, then close 1008; the server stays up', async () => {
    const bad = await VoskClient.open(server.wsUrlAs('clerk'));
    for (let i = 0; i < 1000; i++) bad.send(i % 2 === 0 ? new Uint8Array(3) : '{not json');
    const closed = await bad.closed;
    expect(closed.code).toBe(1008);
    const errors: Reply[] = [];
    for (;;) {
      const r = await bad.next(200).catch(() => null);
      if (!r) break;
      errors.push(r);
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(22);
    expect(errors.every((r) => r.error !== undefined)).toBe(true);
    const good = await VoskClient.open(server.wsUrl);
    const replies = await streamChunks(good, SPEECH_CHUNKS.slice(0, 5));
    expect(replies.filter((r) => r.partial !== undefined || r.text !== undefined)).toHaveLength(5);
    good.ws.close();
  }, 30_000);

  it('past DIKTATS_MAX_STREAMS_PER_USER (per signed-in user) or DIKTATS_MAX_STREAMS (in all) a new stream is refused with ASR_ERR_TOO_MANY_STREAMS and close 1013; a freed slot is reused', async () => {
    const refusedWith1013 = async (c: VoskClient) => {
      expect((await c.request(SPEECH_CHUNKS[0]!)).error?.code).toBe('ASR_ERR_TOO_MANY_STREAMS');
      expect((await c.closed).code).toBe(1013);
    };
    const served = async (c: VoskClient) => expect((await c.request(SPEECH_CHUNKS[0]!)).error).toBeUndefined();
    // the clerk's two streams are her own allowance: a third is refused, while the admin is still served
    const clerks = await Promise.all([0, 1, 2].map(() => VoskClient.open(server.wsUrlAs('clerk'))));
    await Promise.all(clerks.slice(0, 2).map(served));
    await refusedWith1013(clerks[2]!);
    const admins = await Promise.all([0, 1].map(() => VoskClient.open(server.wsUrlAs('admin'))));
    await served(admins[0]!);
    // three live streams in all: the admin's second is refused by the global cap, though under her own
    await refusedWith1013(admins[1]!);
    clerks[0]!.ws.close();
    await clerks[0]!.closed;
    await until(() => server.app.dictation.stats.streams === 2, 10_000, 'the closed stream released');
    const next = await VoskClient.open(server.wsUrlAs('clerk'));
    await served(next);
    for (const c of [next, clerks[1]!, admins[0]!]) c.ws.close();
  }, 30_000);
});
