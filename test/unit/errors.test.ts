// Walks every coded error, like fastify's test/internals/errors.test.js: a new code
// cannot be added without a status, a code of the right shape and an actionable message.
import { describe, expect, it } from 'vitest';
import { DiktatsError, ERRORS, isDiktatsError, type ErrorCode } from '../../server/errors.ts';

const codes = Object.keys(ERRORS) as ErrorCode[];

describe('ERRORS', () => {
  it('has codes', () => {
    expect(codes.length).toBeGreaterThan(10);
  });

  describe.each(codes)('%s', (code) => {
    const spec = ERRORS[code];

    it('is named FAMILY_ERR_WHAT', () => {
      expect(code).toMatch(/^[A-Z]+_ERR_[A-Z0-9_]+$/);
    });

    it('has a 4xx or 5xx status', () => {
      expect(Number.isInteger(spec.status)).toBe(true);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
    });

    it('has a message that says what went wrong and then what to do ("problem; advice")', () => {
      const message = spec.message();
      expect(message.trim()).toBe(message);
      expect(message).toMatch(/^[A-Z]/);
      expect(message).not.toMatch(/[.:;]$/);
      const cut = message.indexOf('; ');
      expect(cut, `"${message}" gives no advice after "; "`).toBeGreaterThan(0);
      const advice = message.slice(cut + 2);
      expect(advice.split(/\s+/).length, `advice "${advice}"`).toBeGreaterThanOrEqual(2);
    });

    it('appends a detail after a colon', () => {
      expect(spec.message('PORT="abc"')).toBe(`${spec.message()}: PORT="abc"`);
      expect(spec.message('')).toBe(spec.message());
    });

    it('makes a DiktatsError carrying code, status, message and cause', () => {
      const cause = new Error('disk on fire');
      const e = new DiktatsError(code, 'detail here', { cause });
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(DiktatsError);
      expect(e.name).toBe('DiktatsError');
      expect(e.code).toBe(code);
      expect(e.status).toBe(spec.status);
      expect(e.message).toBe(spec.message('detail here'));
      expect(e.cause).toBe(cause);
      expect(e.stack).toContain('DiktatsError');
      expect(isDiktatsError(e)).toBe(true);
    });
  });

  it('client input errors (audio, websocket messages) are 4xx, never a 5xx that would page us', () => {
    const clientCodes = codes.filter((c) => c.startsWith('AUDIO_ERR_') || c.startsWith('WS_ERR_'));
    expect(clientCodes.length).toBeGreaterThan(3);
    for (const c of clientCodes) expect(ERRORS[c].status, c).toBeLessThan(500);
  });

  it('uses the statuses clients act on: 413 too large, 429 slow down, 503 try later', () => {
    expect(ERRORS.AUDIO_ERR_FRAME_TOO_LARGE.status).toBe(413);
    expect(ERRORS.ASR_ERR_BACKLOG.status).toBe(429);
    expect(ERRORS.ASR_ERR_NOT_READY.status).toBe(503);
  });
});

describe('DiktatsError', () => {
  it('without a detail or cause has the bare message and no cause', () => {
    const e = new DiktatsError('ASR_ERR_NOT_READY');
    expect(e.message).toBe(ERRORS.ASR_ERR_NOT_READY.message());
    expect(e.cause).toBeUndefined();
    expect('cause' in e).toBe(false);
  });

  it('isDiktatsError rejects plain errors and look-alike objects', () => {
    expect(isDiktatsError(new Error('x'))).toBe(false);
    expect(isDiktatsError({ name: 'DiktatsError', code: 'STORE_ERR_IO', status: 500, message: 'x' })).toBe(false);
    expect(isDiktatsError(null)).toBe(false);
    expect(isDiktatsError('STORE_ERR_IO')).toBe(false);
  });
});
