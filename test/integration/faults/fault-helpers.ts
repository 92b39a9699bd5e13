/** Shared pieces of the fault suite: the speech fixture as PCM chunks, waiting, and streaming helpers. */
import fs from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../../server/audio/pcm.ts';
import { VoskClient, pcmChunks, type Reply } from '../../support/ws-client.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/audio/stream-lv.wav');
/** 19 s of Latvian speech: three utterances with pauses between them */
export const SPEECH_PCM = float32ToPcm16(decodeWav(new Uint8Array(fs.readFileSync(FIXTURE))).samples);
/** 200 ms of 16-bit mono at 16 kHz */
export const CHUNK_BYTES = 6400;
export const SPEECH_CHUNKS = pcmChunks(SPEECH_PCM, CHUNK_BYTES);

export async function until(cond: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends chunks one reply at a time (as vosk file clients do); `during(i)` runs before chunk i. */
export async function streamChunks(client: VoskClient, chunks: readonly Uint8Array[], during?: (i: number) => Promise<void> | void): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let i = 0; i < chunks.length; i++) {
    await during?.(i);
    replies.push(await client.request(chunks[i]!));
  }
  return replies;
}

export const finalsOf = (replies: readonly Reply[]): Reply[] => replies.filter((r) => r.text !== undefined);
