/** POST /api/transcribe: a WAV file in, the transcript with word times out. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DiktatsError } from '../errors.ts';
import { ALL_ROLES } from '../auth/roles.ts';
import { SHARED_CHUNK_SEC } from '../asr/recogniser.ts';
import { addBinaryBodyParser } from './binary-body.ts';

const Word = Type.Object({ word: Type.String(), start: Type.Number(), end: Type.Number(), conf: Type.Number() });

export async function transcribeRoute(app: FastifyInstance, opts: { maxUploadBytes: number }): Promise<void> {
  addBinaryBodyParser(app, ['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream'], opts.maxUploadBytes);
  app.post<{ Body: Buffer }>(
    '/api/transcribe',
    {
      config: ALL_ROLES,
      schema: {
        response: {
          200: Type.Object({ text: Type.String(), words: Type.Array(Word), audioSec: Type.Number(), processingMs: Type.Number(), model: Type.String() }),
        },
      },
    },
    async (req) => {
      const recogniser = app.asr.recogniser;
      if (!recogniser) throw new DiktatsError('ASR_ERR_NOT_READY');
      if (!Buffer.isBuffer(req.body)) throw new DiktatsError('AUDIO_ERR_FORMAT', 'send the WAV file as the request body with Content-Type audio/wav');
      // Decoding and resampling a large upload takes seconds: off the event loop.
      const samples = await app.compute.decodeWav(new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength), `upload-${req.id}`);
      // small windows: the upload shares the inference workers fairly with live streams
      const t = await recogniser.transcribe(samples, undefined, { chunkSec: SHARED_CHUNK_SEC });
      app.metrics.fileDecoded(t.audioSec, t.processingMs);
      return { ...t, processingMs: Math.round(t.processingMs), model: recogniser.modelId };
    },
  );
}
