/** A vosk-style test client: one reply awaited per message, like vosk's file clients. */
import WebSocket from 'ws';

export interface Reply {
  readonly partial?: string;
  readonly text?: string;
  readonly result?: { word: string; start: number; end: number; conf: number }[];
  readonly error?: { code: string; message: string };
  readonly diktats?: { utterances: { seq: number; start: number; end: number; reason: string }[] };
}

export class VoskClient {
  private readonly queue: Reply[] = [];
  private waiters: ((r: Reply) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const reply = JSON.parse(data.toString()) as Reply;
      const w = this.waiters.shift();
      if (w) w(reply);
      else this.queue.push(reply);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(url: string): Promise<VoskClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new VoskClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  next(timeoutMs = 20_000): Promise<Reply> {
    const r = this.queue.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within ' + timeoutMs + ' ms')), timeoutMs);
      this.waiters.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  send(data: string | Uint8Array): void {
    this.ws.send(data);
  }

  async request(data: string | Uint8Array): Promise<Reply> {
    this.send(data);
    return this.next();
  }
}

/** 16-bit PCM bytes of a WAV fixture (after its 44-byte header). */
export function pcmChunks(pcm: Uint8Array, bytesPerChunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += bytesPerChunk) out.push(pcm.subarray(i, Math.min(pcm.length, i + bytesPerChunk)));
  return out;
}
