/** Main-thread side of the beam-search worker: build a decoder, decode finals. */
import { Worker } from 'node:worker_threads';
import { DiktatsError } from '../../errors.ts';
import type { BeamReply, BeamRequest } from './beam-worker.ts';
import type { DomainCorpora, DomainDecoderStats } from './domain-decoder.ts';
import type { LogProbMatrix, TokenTable, WordResult } from '../types.ts';

const ENTRY = new URL('./beam-worker-entry.mjs', import.meta.url);
/** Finals waiting for the beam search; past this a final falls back to greedy. */
const MAX_PENDING = 64;

export class BeamClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: BeamReply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private ready = false;
  private closed = false;

  constructor() {
    this.worker = new Worker(ENTRY);
    this.worker.on('message', (reply: BeamReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.type === 'error') p.reject(new DiktatsError('ASR_ERR_INFERENCE', `beam search: ${reply.message}`));
      else p.resolve(reply);
    });
    const fail = (err: Error): void => {
      this.ready = false;
      for (const p of this.pending.values()) p.reject(new DiktatsError('ASR_ERR_INFERENCE', err.message, { cause: err }));
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`beam worker exited with code ${code}`));
    });
  }

  /** true once a decoder has been built */
  get hasDecoder(): boolean {
    return this.ready;
  }

  get busy(): boolean {
    return this.pending.size >= MAX_PENDING;
  }

  private request(make: (id: number) => BeamRequest, transfer: ArrayBuffer[] = []): Promise<BeamReply> {
    if (this.closed) return Promise.reject(new DiktatsError('ASR_ERR_NOT_READY', 'beam worker closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(make(id), transfer);
    });
  }

  async build(table: TokenTable, corpora: DomainCorpora, frameShiftSec: number): Promise<DomainDecoderStats> {
    const plainTable: TokenTable = {
      tokens: [...table.tokens],
      blankId: table.blankId,
      wordDelimiter: table.wordDelimiter,
      wordStartPrefix: table.wordStartPrefix,
      specialTokens: [...table.specialTokens],
    };
    const reply = await this.request((id) => ({ type: 'build', id, table: plainTable, corpora, frameShiftSec }));
    if (reply.type !== 'built') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    this.ready = true;
    return reply.stats;
  }

  async decode(logProbs: LogProbMatrix, offsetSec: number): Promise<WordResult[]> {
    const data = logProbs.data.slice();
    const reply = await this.request(
      (id) => ({ type: 'decode', id, data, frames: logProbs.frames, vocab: logProbs.vocab, offsetSec }),
      [data.buffer],
    );
    if (reply.type !== 'words') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply.words;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new DiktatsError('ASR_ERR_NOT_READY', 'shutting down'));
    this.pending.clear();
    await this.worker.terminate();
  }
}
