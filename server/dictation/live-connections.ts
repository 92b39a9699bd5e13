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
  private readonly sockets = new Map<number, number>();
  private readonly streams = new Map<number, number>();
  private readonly open = new Set<Drainable>();
  private socketCount = 0;
  private streamCount = 0;

  constructor(readonly caps: ConnectionCaps) {}

  get stats(): { sockets: number; streams: number } {
    return { sockets: this.socketCount, streams: this.streamCount };
  }

  /** A socket opens; throws ASR_ERR_TOO_MANY_STREAMS past a cap. Returns its release. */
  admitSocket(userId: number): () => void {
    const mine = this.sockets.get(userId) ?? 0;
    if (this.socketCount >= this.caps.maxSockets) throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', `${this.socketCount} connections open (limit ${this.caps.maxSockets})`);
    if (mine >= this.caps.maxSocketsPerUser) throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', `this user has ${mine} connections open (limit ${this.caps.maxSocketsPerUser})`);
    this.sockets.set(userId, mine + 1);
    this.socketCount++;
    return once(() => {
      this.socketCount--;
      decrement(this.sockets, userId);
    });
  }

  /** A socket starts its first stream (audio arrives); throws past a cap. Returns its release. */
  admitStream(userId: number): () => void {
    const mine = this.streams.get(userId) ?? 0;
    if (this.streamCount >= this.caps.maxStreams) throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', `${this.streamCount} live streams (limit ${this.caps.maxStreams})`);
    if (mine >= this.caps.maxStreamsPerUser) throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', `this user has ${mine} live streams (limit ${this.caps.maxStreamsPerUser})`);
    this.streams.set(userId, mine + 1);
    this.streamCount++;
    return once(() => {
      this.streamCount--;
      decrement(this.streams, userId);
    });
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
