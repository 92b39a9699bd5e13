/**
 * web/form-rest-writer.js on its own, with a scripted API: what the
 * controller tests cannot reach easily — a write that lands after another
 * form was opened, a failed write whose edits meet newer ones, and a retry
 * that comes due while a dictation owns the record.
 */
import { describe, expect, it } from 'vitest';
import { FormRestWriter, type RestWriterForm } from '../../web/form-rest-writer.js';
import type { RecordLike } from '../../web/form-controller.js';
import type { FieldValue } from '../../web/ws-client.js';

const record = (fields: Record<string, FieldValue>, id = 1, revision = 2): RecordLike => ({ id, form: 'f', status: 'draft', revision, fields, issues: [] });

function setup() {
  const form: RestWriterForm = { template: { id: 'f' }, record: { id: 1, revision: 1 }, values: { vards: 'Anna' }, mode: 'manual' };
  const puts: Record<string, FieldValue>[] = [];
  const landed: RecordLike[] = [];
  const errors: unknown[] = [];
  const sentOverSocket: [string, FieldValue | null][] = [];
  let failPuts = 0;
  let dictating = false;
  let release: () => void = () => {};
  let hold = false;
  const writer = new FormRestWriter({
    api: {
      getRecord: async () => record({}),
      createRecord: async (body) => record(body.fields ?? {}),
      updateRecord: async (_id, body) => {
        puts.push(body.fields!);
        if (hold) await new Promise<void>((r) => (release = r));
        if (failPuts > 0) {
          failPuts--;
          throw Object.assign(new Error('offline'), { code: 'NETWORK' });
        }
        return record(body.fields ?? {});
      },
    },
    form: () => form,
    dictating: () => dictating,
    sendEdit: (id, value) => {
      if (id === 'ire') return false; // the socket is full for this one
      sentOverSocket.push([id, value]);
      return true;
    },
    onRecord: (r) => void landed.push(r),
    onError: (e) => void errors.push(e),
    retryMs: 20,
  });
  return {
    writer, form, puts, landed, errors, sentOverSocket,
    failPuts: (n: number) => (failPuts = n),
    dictate: (on: boolean) => (dictating = on),
    holdPuts: () => (hold = true),
    release: () => release(),
  };
}

const until = async (what: string, condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('FormRestWriter', () => {
  it('drops a write that lands after another form was opened', async () => {
    const t = setup();
    t.holdPuts();
    t.writer.queue('vards', 'Jānis');
    const done = t.writer.schedule();
    await until('the PUT', () => t.puts.length === 1);
    t.form.template = { id: 'other' };
    t.release();
    await done;
    expect(t.landed).toEqual([]);
    expect(t.errors).toEqual([]);
  });

  it('keeps the edits of a failed write under newer ones and writes them all on the retry', async () => {
    const t = setup();
    t.failPuts(1);
    t.writer.queue('vards', 'Jānis');
    t.writer.queue('talrunis', '26');
    await t.writer.schedule();
    expect(t.errors).toHaveLength(1);
    expect(t.writer.pending).toBe(2);
    t.writer.queue('vards', 'Jānis Bērziņš'); // typed before the retry: the newer value wins
    await until('the retry', () => t.landed.length === 1);
    expect(t.puts.at(-1)).toEqual({ vards: 'Jānis Bērziņš', talrunis: '26' });
    expect(t.writer.pending).toBe(0);
  });

  it('hands a due write to the dictation socket and keeps what it did not take', async () => {
    const t = setup();
    t.dictate(true);
    t.writer.queue('vards', 'Jānis');
    t.writer.queue('ire', '180');
    await t.writer.schedule();
    expect(t.sentOverSocket).toEqual([['vards', 'Jānis']]);
    expect(t.puts).toEqual([]);
    expect(t.writer.pending).toBe(1);
    t.writer.writeOnUnload(); // the socket owns the record: no keepalive write either
    expect(t.puts).toEqual([]);
  });
});
