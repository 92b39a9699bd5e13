/**
 * Two-pass over the socket, with the bundled model as both passes (to exercise the
 * path): partials from the streaming model, every final from the final model's
 * worker pool, the LM applied to the finals because the final model's vocabulary
 * is the streaming model's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../server/audio/pcm.ts';
import { DEFAULT_MODEL_DIR } from '../../server/config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { VoskClient, pcmChunks, type Reply } from '../support/ws-client.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/audio');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'stream-lv.json'), 'utf8')) as { utterances: string[] };
const pcm = float32ToPcm16(decodeWav(new Uint8Array(fs.readFileSync(path.join(FIXTURE, 'stream-lv.wav')))).samples);

type TwoPassReply = Reply & { diktats?: { utterances: { pass?: number; flags?: string[] }[] } };

describe('two-pass recognition (DIKTATS_FINAL_MODEL = the bundled model)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_FINAL_MODEL: DEFAULT_MODEL_DIR, DIKTATS_LM: 'true' });
    const t0 = Date.now();
    while (server.app.asr.recogniser?.decoder !== 'beam' && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 200));
  }, 180_000);
  afterAll(async () => server?.close());

  it('loads the final model in its own worker pool', () => {
    expect(server.app.asr.recogniser?.finalPass?.family).toBe('ctc');
  });

  it('every final comes from the second pass; partials still stream', async () => {
    const client = await VoskClient.open(server.wsUrl);
    client.send(JSON.stringify({ config: { sample_rate: 16000 } }));
    const replies: TwoPassReply[] = [];
    for (const chunk of pcmChunks(pcm, 6400)) replies.push(await client.request(chunk));
    replies.push(await client.request(JSON.stringify({ eof: 1 })));
    await client.closed;
    const finals = replies.filter((r) => r.text !== undefined && r.text.length > 0);
    expect(finals).toHaveLength(reference.utterances.length);
    const utterances = finals.flatMap((f) => f.diktats?.utterances ?? []);
    expect(utterances).toHaveLength(reference.utterances.length);
    for (const u of utterances) {
      expect(u.pass).toBe(2);
      expect(u.flags).toContain('lm');
      expect(u.flags).not.toContain('final-pass-failed');
    }
    expect(replies.some((r) => r.partial && r.partial.length > 0)).toBe(true);
  });
});
