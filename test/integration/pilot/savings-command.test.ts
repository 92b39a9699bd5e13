/** `diktats savings` in-process: the worked case, a measured median from a temp database, flags. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../server/cli.ts';
import { EXIT_OK, EXIT_USAGE } from '../../../server/cli/command-io.ts';
import { savingsCommand } from '../../../server/cli/savings-command.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { captureIo } from '../../unit/cli/capture-io.ts';
import { insertRecords } from './insert-records.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-savings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = captureIo();
  const code = await savingsCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('diktats savings', () => {
  it('gives the worked case with dictation assumed at a third when there is no database', async () => {
    const missing = path.join(dir, 'none', 'nothing.db');
    const r = await run(['--json', '--db', missing]);
    expect(r.code).toBe(EXIT_OK);
    const s = JSON.parse(r.out);
    expect(s.manualHoursPerYear).toBeCloseTo(114_666.667, 2);
    expect(s.manualCostPerYear).toBeCloseTo(2_205_128.21, 1);
    expect(s.dictationMinutes).toBeCloseTo(8 / 3, 12);
    expect(s.dictationMinutesSource).toBe('assumed');
    expect(s.dictationCostPerYear).toBeCloseTo(735_042.74, 1);
    expect(s.savingsPerYear).toBeCloseTo(1_470_085.47, 1);
    expect(s.measured).toBeNull();
    expect(s.note).toMatch(/ASSUMED/);
  });

  it('uses the median of saved dictation-mode forms in the database', async () => {
    const dbPath = path.join(dir, 'measured.db');
    const db = openDatabase(dbPath);
    insertRecords(db, [
      { mode: 'dictation', activeMs: 60_000 },
      { mode: 'dictation', activeMs: 150_000 },
      { mode: 'dictation', activeMs: 90_000 },
      { mode: 'dictation', activeMs: 10_000, status: 'draft' }, // drafts are not measured
      { mode: 'dictation', activeMs: 30_000, template: 'gadijuma-piezime' },
      { mode: 'manual', activeMs: 400_000 },
    ]);
    db.close();
    const all = JSON.parse((await run(['--json', '--db', dbPath])).out);
    // saved dictation times 30, 60, 90, 150 s → median 75 s = 1.25 min
    expect(all.dictationMinutesSource).toBe('measured');
    expect(all.dictationMinutes).toBeCloseTo(1.25, 12);
    expect(all.measured).toEqual({ basis: 'auto', dictation: { medianMs: 75_000, forms: 4 }, manual: { medianMs: 400_000, forms: 1 } });
    const one = JSON.parse((await run(['--json', '--db', dbPath, '--template', 'majokla-pabalsts'])).out);
    expect(one.dictationMinutes).toBeCloseTo(1.5, 12);
    // 860 000 × 1.5 / 60 = 21 500 h; × 40 000 / 2 080 = €413 461.54
    expect(one.dictationHoursPerYear).toBeCloseTo(21_500, 6);
    expect(one.dictationCostPerYear).toBeCloseTo(413_461.54, 1);
    const given = JSON.parse((await run(['--json', '--db', dbPath, '--dictation-min', '2'])).out);
    expect(given).toMatchObject({ dictationMinutes: 2, dictationMinutesSource: 'given', speedUp: 4 });
  });

  it('takes every parameter as a flag', async () => {
    const r = await run(['--json', '--db', path.join(dir, 'x', 'none.db'), '--cases', '1 000', '--manual-min', '6', '--dictation-min', '3', '--salary', '52000', '--hours', '1600']);
    const s = JSON.parse(r.out);
    // 1000 × 6 / 60 = 100 h at €32.50 = €3 250; dictation €1 625
    expect(s).toMatchObject({ casesPerYear: 1000, manualHoursPerYear: 100, costPerHour: 32.5, manualCostPerYear: 3250, dictationCostPerYear: 1625, savingsPerYear: 1625 });
  });

  it('prints a readable summary through `diktats savings`', async () => {
    const io = captureIo();
    const code = await main(['savings', '--db', path.join(dir, 'y', 'none.db')], io);
    expect(code).toBe(EXIT_OK);
    expect(io.out()).toMatch(/Manual cost a year\s+EUR 2 205 128/);
    expect(io.out()).toMatch(/Dictation minutes \/ case\s+2\.67 {2}\(assumed\)/);
  });

  it('refuses bad numbers and unknown flags with the usage (exit 2)', async () => {
    for (const args of [['--cases', '-5'], ['--hours', 'abc'], ['--salry', '1'], ['extra']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(EXIT_USAGE);
      expect(r.err).toMatch(/Usage: diktats savings/);
    }
  });
});
