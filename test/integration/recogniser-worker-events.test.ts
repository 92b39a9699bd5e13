/**
 * The recogniser reports its workers' exits and respawns (the app logs them:
 * a killed worker must leave a trace), naming the pool, for the inference and
 * the final-pass workers alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recogniser } from '../../server/asr/recogniser.ts';
import { DEFAULT_MODEL_DIR } from '../../server/config.ts';
import type { PoolEvent } from '../../server/workers/supervised-pool.ts';
import { until } from './faults/fault-helpers.ts';

describe('Recogniser worker events', () => {
  const events: { pool: string; event: PoolEvent }[] = [];
  let rec: Recogniser;
  beforeAll(async () => {
    rec = await Recogniser.load(DEFAULT_MODEL_DIR, {
      workers: 1,
      finalModelDir: DEFAULT_MODEL_DIR,
      finalWorkers: 1,
      onWorkerEvent: (pool, event) => events.push({ pool, event }),
    });
  }, 60_000);
  afterAll(async () => rec?.close());

  it('names the pool of a worker that exited and of its respawn', async () => {
    await until(() => events.some((e) => e.event.type === 'ready'), 10_000, 'first ready events');
    events.length = 0;
    await rec.terminateWorker(0);
    await until(() => events.some((e) => e.pool === 'inference' && e.event.type === 'ready' && e.event.restart), 20_000, 'inference worker respawned');
    const exit = events.find((e) => e.event.type === 'exit');
    expect(exit?.pool).toBe('inference');
    expect(events.some((e) => e.pool === 'final-pass')).toBe(false);
    await rec.finalPass!.terminateWorker(0);
    await until(() => events.some((e) => e.pool === 'final-pass' && e.event.type === 'ready' && e.event.restart), 20_000, 'final-pass worker respawned');
    expect(events.some((e) => e.pool === 'final-pass' && e.event.type === 'exit')).toBe(true);
  }, 60_000);
});
