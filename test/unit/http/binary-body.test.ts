import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBinaryBodyParser, collectBinaryBody } from '../../../server/http/binary-body.ts';

const bytes = (n: number, seed = 7): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

/** a stream that emits `body` in pieces of `size` bytes */
const piecewise = (body: Buffer, size: number): Readable =>
  Readable.from((function* () { for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size); })(), { objectMode: false });

describe('collectBinaryBody', () => {
  it('fills one buffer of the declared length chunk by chunk; the buffer owns its memory (movable to a worker)', async () => {
    const body = bytes(100_000);
    const got = await collectBinaryBody(piecewise(body, 4096), body.length, 1 << 20);
    expect(got.equals(body)).toBe(true);
    expect(got.byteOffset).toBe(0);
    expect(got.buffer.byteLength).toBe(body.length);
  });

  it('joins the chunks when no length was declared (chunked encoding)', async () => {
    const body = bytes(10_001, 3);
    const got = await collectBinaryBody(piecewise(body, 1000), undefined, 1 << 20);
    expect(got.equals(body)).toBe(true);
    expect(got.byteOffset).toBe(0);
    expect(got.buffer.byteLength).toBe(body.length);
  });

  it('refuses a declared length past the limit before reading, and a streamed body as it passes the limit', async () => {
    await expect(collectBinaryBody(piecewise(bytes(10), 4), 2000, 1000)).rejects.toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    await expect(collectBinaryBody(piecewise(bytes(2000), 100), undefined, 1000)).rejects.toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
  });

  it('refuses a body shorter or longer than its Content-Length', async () => {
    await expect(collectBinaryBody(piecewise(bytes(900), 100), 1000, 5000)).rejects.toMatchObject({ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', statusCode: 400 });
    await expect(collectBinaryBody(piecewise(bytes(1100), 100), 1000, 5000)).rejects.toMatchObject({ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' });
  });
});

describe('addBinaryBodyParser in a Fastify app', () => {
  const app = Fastify();
  beforeAll(async () => {
    addBinaryBodyParser(app, ['audio/wav'], 50_000);
    app.post('/echo', async (req) => {
      const body = req.body as Buffer;
      return { isBuffer: Buffer.isBuffer(body), length: body.length, sum: body.reduce((a, b) => a + b, 0) };
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('hands the route the whole body as a Buffer', async () => {
    const body = bytes(40_000);
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'audio/wav' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ isBuffer: true, length: 40_000, sum: body.reduce((a, b) => a + b, 0) });
  });

  it('answers 413 past the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'audio/wav' }, payload: bytes(60_000) });
    expect(res.statusCode).toBe(413);
  });
});
