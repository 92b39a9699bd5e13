/**
 * A content-type parser for large binary uploads (WAV files, corpus files) that
 * copies each chunk into one buffer as it arrives.
 *
 * Fastify's own `parseAs: 'buffer'` keeps the chunks and joins them with one
 * Buffer.concat when the body ends: for a 50 MB WAV that single copy into fresh
 * memory blocked the event loop for 160–290 ms (measured: --cpu-prof of a 50 MB
 * /api/transcribe, `_copyActual` under `endReadableNT`), the only stall over
 * 200 ms left in the 30-minute soak. With a Content-Length the buffer is
 * allocated once at that size and filled chunk by chunk, so the cost is spread
 * over the upload; without one (chunked encoding) the chunks are joined at the
 * end as before. The buffer owns its memory (byteOffset 0), so it can be moved,
 * not copied, to a worker thread.
 *
 * Limits and errors are Fastify's own, so the app's error handler maps them as
 * for every other route: FST_ERR_CTP_BODY_TOO_LARGE (413 → HTTP_ERR_BODY_TOO_LARGE)
 * past `limit`, declared or streamed; FST_ERR_CTP_INVALID_CONTENT_LENGTH (400)
 * when fewer or more bytes arrive than declared.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';
import type { Readable } from 'node:stream';

const { FST_ERR_CTP_BODY_TOO_LARGE, FST_ERR_CTP_INVALID_CONTENT_LENGTH } = errorCodes;

/** Reads `payload` into one Buffer of its own; `declared` is the Content-Length if the request gave one. */
export function collectBinaryBody(payload: Readable, declared: number | undefined, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (declared !== undefined && declared > limit) {
      reject(new FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    const into = declared !== undefined ? Buffer.allocUnsafeSlow(declared) : null;
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (received + bytes.length > limit) {
        stop();
        reject(new FST_ERR_CTP_BODY_TOO_LARGE());
        return;
      }
      if (into) {
        if (received + bytes.length > into.length) {
          stop();
          reject(new FST_ERR_CTP_INVALID_CONTENT_LENGTH());
          return;
        }
        bytes.copy(into, received);
      } else chunks.push(bytes);
      received += bytes.length;
    };
    const onEnd = (): void => {
      stop();
      if (into && received !== into.length) {
        reject(new FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      if (into) resolve(into);
      else {
        // Chunked encoding: one join at the end, into memory of its own.
        const body = Buffer.allocUnsafeSlow(received);
        let at = 0;
        for (const c of chunks) at += c.copy(body, at);
        resolve(body);
      }
    };
    const onError = (err: Error & { statusCode?: number }): void => {
      stop();
      if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
      reject(err);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
}

function declaredLength(req: FastifyRequest): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Registers the parser for `types` in this plugin's scope; the body arrives as a Buffer. */
export function addBinaryBodyParser(app: FastifyInstance, types: readonly string[], limit: number): void {
  app.addContentTypeParser([...types], (req: FastifyRequest, payload: Readable) => collectBinaryBody(payload, declaredLength(req), limit));
}
