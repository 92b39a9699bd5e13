/**
 * The live dictation sessions: caps on sockets and streams (per user and in
 * all), and the shutdown drain that stores every open stream's last final
 * before the sockets close, within a time limit.
 */
import { DiktatsError } from '../errors.ts';

export interface ConnectionCaps {
  readonly maxSockets: number;
  readonly maxSocketsPerUser: number;
  readonly maxStreams: number;
  readonly maxStreamsPerUser: number;
}

export interface Drainable {
  /** ends the session's stream and stores its final; resolves when done */
  close(): Promise<void>;
}

export class LiveConnections {
  private readonly sockets = new Tally('connections open');
  private readonly streams = new Tally('live streams');
  private readonly open = new Set<Drainable>();

  constructor(readonly caps: ConnectionCaps) {}

  get stats(): { sockets: number; streams: number } {
    return { sockets: this.sockets.total, streams: this.streams.total };
  }

  /** A socket opens; throws ASR_ERR_TOO_MANY_STREAMS past a cap. Returns its release. */
  admitSocket(userId: number): () => void {
    return this.sockets.admit(userId, this.caps.maxSockets, this.caps.maxSocketsPerUser);
  }

  /** A socket starts its first stream (audio arrives); throws past a cap. Returns its release. */
  admitStream(userId: number): () => void {
    return this.streams.admit(userId, this.caps.maxStreams, this.caps.maxStreamsPerUser);
  }

  track(conn: Drainable): () => void {
    this.open.add(conn);
    return () => this.open.delete(conn);
  }

  /**
   * Shutdown: every open connection stores its last final. Resolves when all
   * have, or after `limitMs` (then reports how many were still running).
   */
  async drain(limitMs: number): Promise<{ drained: number; unfinished: number }> {
    const conns = [...this.open];
    let done = 0;
    const all = Promise.all(conns.map((c) => c.close().then(() => void done++, () => void done++)));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limitMs);
    });
    await Promise.race([all, limit]);
    clearTimeout(timer);
    return { drained: done, unfinished: conns.length - done };
  }
}

/** Open things counted per user and in all, admitted under both caps. */
class Tally {
  private readonly byUser = new Map<number, number>();
  total = 0;

  constructor(private readonly noun: string) {}

  /** Counts one more for `userId`; throws ASR_ERR_TOO_MANY_STREAMS past a cap. Returns its release (once). */
  admit(userId: number, max: number, maxPerUser: number): () => void {
    const mine = this.byUser.get(userId) ?? 0;
    if (this.total >= max) throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', `${this.total} ${this.noun} (limit ${max})`);
    if (mine >= maxPerUser) throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', `this user has ${mine} ${this.noun} (limit ${maxPerUser})`);
    this.byUser.set(userId, mine + 1);
    this.total++;
    return once(() => {
      this.total--;
      decrement(this.byUser, userId);
    });
  }
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}

function decrement(map: Map<number, number>, key: number): void {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
