/** POST /api/transcribe: a WAV file in, the transcript with word times out. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DiktatsError } from '../errors.ts';
import { decodeWavTo16kMono } from '../audio/wav.ts';
import { ALL_ROLES } from '../auth/roles.ts';

const Word = Type.Object({ word: Type.String(), start: Type.Number(), end: Type.Number(), conf: Type.Number() });

export async function transcribeRoute(app: FastifyInstance, opts: { maxUploadBytes: number }): Promise<void> {
  app.addContentTypeParser(['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: opts.maxUploadBytes }, (_req, body, done) =>
    done(null, body),
  );
  app.post<{ Body: Buffer }>(
    '/api/transcribe',
    {
      config: ALL_ROLES,
      bodyLimit: opts.maxUploadBytes,
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
      const samples = decodeWavTo16kMono(new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength));
      const t = await recogniser.transcribe(samples);
      app.metrics.fileDecoded(t.audioSec, t.processingMs);
      return { ...t, processingMs: Math.round(t.processingMs), model: recogniser.modelId };
    },
  );
}
