/**
 * A bounded queue that is fair across keys (streams, uploads, reports): one
 * FIFO per key, served round-robin, so a client that queues a hundred jobs
 * delays another client's next job by at most one job per active key.
 */
export class FairQueue<T> {
  private readonly byKey = new Map<string, T[]>();
  /** keys with waiting items, in service order */
  private readonly ring: string[] = [];
  private count = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  get keys(): number {
    return this.ring.length;
  }

  /** false when the queue is full (the caller refuses the job). */
  push(key: string, item: T): boolean {
    if (this.count >= this.capacity) return false;
    this.queueOf(key).push(item);
    this.count++;
    return true;
  }

  /** Puts an item back at the head of its key's queue (a retried job keeps its turn); ignores the capacity. */
  pushFront(key: string, item: T): void {
    this.queueOf(key).unshift(item);
    this.count++;
  }

  /** The next item: the head of the next key's queue in round-robin order. */
  shift(): T | undefined {
    const key = this.ring.shift();
    if (key === undefined) return undefined;
    const q = this.byKey.get(key)!;
    const item = q.shift()!;
    this.count--;
    if (q.length > 0) this.ring.push(key);
    else this.byKey.delete(key);
    return item;
  }

  /** Removes and returns every item (shutdown). */
  drain(): T[] {
    const all: T[] = [];
    for (const q of this.byKey.values()) all.push(...q);
    this.byKey.clear();
    this.ring.length = 0;
    this.count = 0;
    return all;
  }

  /** Removes one item wherever it is (a job whose caller gave up). */
  remove(key: string, item: T): boolean {
    const q = this.byKey.get(key);
    const i = q ? q.indexOf(item) : -1;
    if (!q || i < 0) return false;
    q.splice(i, 1);
    this.count--;
    if (q.length === 0) {
      this.byKey.delete(key);
      this.ring.splice(this.ring.indexOf(key), 1);
    }
    return true;
  }

  private queueOf(key: string): T[] {
    let q = this.byKey.get(key);
    if (!q) {
      q = [];
      this.byKey.set(key, q);
      this.ring.push(key);
    }
    return q;
  }
}
