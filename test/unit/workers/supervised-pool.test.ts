import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SupervisedPool, type PoolOptions } from '../../../server/workers/supervised-pool.ts';
import { FairQueue } from '../../../server/workers/fair-queue.ts';
import type { Isolation } from '../../../server/workers/worker-handle.ts';
import type { EchoReply, EchoRequest } from '../../fixtures/workers/echo-worker.ts';

type Init = { failInit?: boolean; tag: string };
type Res = EchoReply;
const MODULE = new URL('../../fixtures/workers/echo-worker.ts', import.meta.url);
const pools: SupervisedPool<Init, EchoRequest, Res>[] = [];

async function startPool(extra: Partial<PoolOptions<Init>> = {}): Promise<SupervisedPool<Init, EchoRequest, Res>> {
  const pool = await SupervisedPool.start<Init, EchoRequest, Res>({
    name: 'echo', module: MODULE, init: { tag: 't' }, size: 1, maxQueued: 50, timeoutMs: 5000,
    restart: { initialMs: 20, maxMs: 200 }, ...extra,
  });
  pools.push(pool);
  return pool;
}
/** whether process `pid` exists (a reaped child no longer does) */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};
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

describe.each<Isolation>(['thread', 'process'])('SupervisedPool, workers as a %s', (isolation) => {
  const start = (extra: Partial<PoolOptions<Init>> = {}) => startPool({ isolation, ...extra });

  it('answers requests by id', async () => {
    const pool = await start();
    const out = await Promise.all([1, 2, 3].map((v) => pool.request({ type: 'echo', value: v })));
    expect(out.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(pool.stats.live).toBe(1);
    // a thread runs in this process, a worker process in its own, whose pid the stats name
    if (isolation === 'thread') expect(out[0]!.pid).toBe(process.pid);
    else expect(out[0]!.pid).toBe(pool.stats.pids[0]);
    expect(out[0]!.pid === process.pid).toBe(isolation === 'thread');
  });

  it('carries a Float32Array both ways intact (transferred to a thread, copied to a process)', async () => {
    const pool = await start();
    const samples = Float32Array.from({ length: 16_000 }, (_, i) => Math.sin(i / 7));
    const expected = samples.slice();
    const r = await pool.request({ type: 'samples', samples }, { transfer: [samples.buffer] });
    expect(r.samples).toBeInstanceOf(Float32Array);
    expect(r.samples).toEqual(expected);
    // transferred away from a thread's caller; a copy over IPC leaves the caller's buffer
    expect(samples.length).toBe(isolation === 'thread' ? 0 : 16_000);
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

});

describe('SupervisedPool, one-shot', () => {
  it('runOnce runs one job on a one-shot worker', async () => {
    const r = await SupervisedPool.runOnce<Init, EchoRequest, Res>(MODULE, 'echo', { tag: 'once' }, { type: 'echo', value: 5 }, { timeoutMs: 5000 });
    expect(r).toMatchObject({ value: 5, tag: 'once' });
  });
});

describe('SupervisedPool, worker processes', () => {
  const start = (extra: Partial<PoolOptions<Init>> = {}) => startPool({ isolation: 'process', ...extra });

  it('a worker SIGKILLed mid-job: the job fails with WORKER_ERR_EXITED and the slot respawns with a new process', async () => {
    const pool = await start();
    const pid = pool.stats.pids[0]!;
    expect(alive(pid)).toBe(true);
    const job = codeOf(pool.request({ type: 'sleep', ms: 10_000, value: 1 }));
    await until(() => pool.stats.inFlight === 1);
    process.kill(pid, 'SIGKILL');
    expect(await job).toBe('WORKER_ERR_EXITED');
    expect(pool.stats.lastExit).toMatch(/killed by SIGKILL/);
    await until(() => pool.stats.live === 1);
    const next = pool.stats.pids[0]!;
    expect(next).not.toBe(pid);
    expect((await pool.request({ type: 'echo', value: 4 })).pid).toBe(next);
    expect(pool.stats.restarts).toBe(1);
  });

  it('a worker blocked past its timeout is killed at once (no grace for a process)', async () => {
    const pool = await start({ timeoutMs: 200, queueTimeoutMs: 5000 });
    const pid = pool.stats.pids[0]!;
    // 'spin' blocks the worker's event loop, as a native call would: it could not even read a 'stop'
    expect(await codeOf(pool.request({ type: 'spin', ms: 30_000 }))).toBe('WORKER_ERR_TIMEOUT');
    await until(() => !alive(pid), 3000);
    expect((await pool.request({ type: 'echo', value: 2 })).value).toBe(2);
  });

  it('close() leaves no worker process behind, even one blocked in a job', async () => {
    const pool = await start({ size: 2 });
    const pids = pool.stats.pids as number[];
    expect(pids.every((p) => typeof p === 'number' && alive(p))).toBe(true);
    const blocked = codeOf(pool.request({ type: 'spin', ms: 30_000 }));
    await until(() => pool.stats.inFlight === 1);
    const t0 = Date.now();
    await pool.close(500);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(await blocked).toBe('WORKER_ERR_CLOSED');
    await until(() => pids.every((p) => !alive(p)), 3000);
  });

  it('worker processes end when their parent is killed (no orphans)', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const parent = spawn(process.execPath, ['bin/run-ts.mjs', 'test/fixtures/workers/pool-parent.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await until(() => /pids \[.*\]\n/.test(out), 20_000);
      const pids = JSON.parse(/pids (\[.*\])/.exec(out)![1]!) as number[];
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      parent.kill('SIGKILL');
      await until(() => pids.every((p) => !alive(p)), 5000);
    } finally {
      parent.kill('SIGKILL');
    }
  }, 30_000);
});
