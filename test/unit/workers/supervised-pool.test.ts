import { afterEach, describe, expect, it } from 'vitest';
import { SupervisedPool, type PoolOptions } from '../../../server/workers/supervised-pool.ts';
import { FairQueue } from '../../../server/workers/fair-queue.ts';
import type { EchoRequest } from '../../fixtures/workers/echo-worker.ts';

type Init = { failInit?: boolean; tag: string };
type Res = { value: number; tag: string; threadId: number };
const MODULE = new URL('../../fixtures/workers/echo-worker.ts', import.meta.url);
const pools: SupervisedPool<Init, EchoRequest, Res>[] = [];

async function start(extra: Partial<PoolOptions<Init>> = {}): Promise<SupervisedPool<Init, EchoRequest, Res>> {
  const pool = await SupervisedPool.start<Init, EchoRequest, Res>({
    name: 'echo', module: MODULE, init: { tag: 't' }, size: 1, maxQueued: 50, timeoutMs: 5000,
    restart: { initialMs: 20, maxMs: 200 }, ...extra,
  });
  pools.push(pool);
  return pool;
}
const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: { code?: string }) => e.code ?? String(e));
const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('FairQueue', () => {
  it('serves keys round-robin, bounded', () => {
    const q = new FairQueue<string>(5);
    for (const x of ['a1', 'a2', 'a3']) q.push('a', x);
    q.push('b', 'b1');
    q.push('c', 'c1');
    expect(q.push('c', 'c2')).toBe(false);
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
    expect(q.shift()).toBeUndefined();
  });
});

describe('SupervisedPool', () => {
  it('answers requests by id', async () => {
    const pool = await start();
    const out = await Promise.all([1, 2, 3].map((v) => pool.request({ type: 'echo', value: v })));
    expect(out.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(pool.stats.live).toBe(1);
  });

  it('fails the in-flight job of a dead worker fast with WORKER_ERR_EXITED, then respawns', async () => {
    const pool = await start();
    const t0 = Date.now();
    expect(await codeOf(pool.request({ type: 'die' }))).toBe('WORKER_ERR_EXITED');
    expect(Date.now() - t0).toBeLessThan(3000);
    const r = await pool.request({ type: 'echo', value: 7 });
    expect(r.value).toBe(7);
    expect(pool.stats.restarts).toBe(1);
  });

  it('runs a job of a killed worker again on the next worker when retries are allowed', async () => {
    const pool = await start({ size: 2, retries: 1 });
    const slow = pool.request({ type: 'sleep', ms: 400, value: 9 });
    await new Promise((r) => setTimeout(r, 100));
    await pool.terminateWorker(0);
    expect((await slow).value).toBe(9);
  });

  it('times a stuck job out with WORKER_ERR_TIMEOUT and replaces the worker', async () => {
    const pool = await start({ timeoutMs: 200, queueTimeoutMs: 5000 });
    expect(await codeOf(pool.request({ type: 'sleep', ms: 5000, value: 1 }))).toBe('WORKER_ERR_TIMEOUT');
    expect((await pool.request({ type: 'echo', value: 2 })).value).toBe(2);
    expect(pool.stats.restarts).toBe(1);
  });

  it('reports a job that threw as WORKER_ERR_FAILED and keeps the worker', async () => {
    const pool = await start();
    expect(await codeOf(pool.request({ type: 'throw' }))).toBe('WORKER_ERR_FAILED');
    expect((await pool.request({ type: 'echo', value: 3 })).value).toBe(3);
    expect(pool.stats.restarts).toBe(0);
  });

  it('refuses past maxQueued with WORKER_ERR_BUSY', async () => {
    const pool = await start({ maxQueued: 2 });
    const running = pool.request({ type: 'sleep', ms: 300, value: 0 });
    await until(() => pool.stats.inFlight === 1);
    const queued = [pool.request({ type: 'echo', value: 1 }), pool.request({ type: 'echo', value: 2 })];
    expect(await codeOf(pool.request({ type: 'echo', value: 3 }))).toBe('WORKER_ERR_BUSY');
    await Promise.all([running, ...queued]);
  });

  it('is fair: a key with many queued jobs does not delay another key by more than one job', async () => {
    const pool = await start();
    const order: string[] = [];
    const greedy = Array.from({ length: 10 }, (_, i) => pool.request({ type: 'sleep', ms: 20, value: i }, { key: 'greedy' }).then(() => order.push(`g${i}`)));
    await until(() => pool.stats.inFlight === 1);
    const polite = pool.request({ type: 'echo', value: 100 }, { key: 'polite' }).then(() => order.push('p'));
    await Promise.all([...greedy, polite]);
    expect(order.indexOf('p')).toBeLessThanOrEqual(2);
  });

  it('backs off exponentially while a worker keeps dying', async () => {
    const delays: number[] = [];
    const pool = await start({ onEvent: (e) => e.type === 'respawn-scheduled' && delays.push(e.delayMs) });
    for (let i = 0; i < 3; i++) {
      await codeOf(pool.request({ type: 'die' }));
      await until(() => pool.stats.live === 1);
    }
    expect(delays).toEqual([20, 40, 80]);
  });

  it('fails start with WORKER_ERR_INIT when the worker cannot initialise', async () => {
    expect(await codeOf(start({ init: { tag: 'x', failInit: true } }))).toBe('WORKER_ERR_INIT');
  });

  it('close rejects waiting jobs with WORKER_ERR_CLOSED and returns within its limit', async () => {
    const pool = await start();
    const running = codeOf(pool.request({ type: 'sleep', ms: 10_000, value: 0 }));
    const waiting = codeOf(pool.request({ type: 'echo', value: 1 }));
    const t0 = Date.now();
    await pool.close(500);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(await running).toBe('WORKER_ERR_CLOSED');
    expect(await waiting).toBe('WORKER_ERR_CLOSED');
    expect(await codeOf(pool.request({ type: 'echo', value: 2 }))).toBe('WORKER_ERR_CLOSED');
  });

  it('runOnce runs one job on a one-shot worker', async () => {
    const r = await SupervisedPool.runOnce<Init, EchoRequest, Res>(MODULE, 'echo', { tag: 'once' }, { type: 'echo', value: 5 }, { timeoutMs: 5000 });
    expect(r).toMatchObject({ value: 5, tag: 'once' });
  });
});
