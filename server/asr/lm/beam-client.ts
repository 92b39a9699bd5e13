/**
 * Main-thread side of the beam-search worker: build a decoder, decode finals.
 * The worker is supervised (../workers/): when it dies it is respawned with
 * backoff, the jobs it held fail at once with a coded error (a final falls back
 * to its greedy words), and `onDecoderLost` tells the owner to build again.
 */
import { DiktatsError } from '../../errors.ts';
import { SupervisedPool, type PoolEvent, type PoolStats } from '../../workers/supervised-pool.ts';
import type { BeamReply, BeamRequest } from './beam-worker.ts';
import type { DomainCorpora, DomainDecoderStats } from './domain-decoder.ts';
import type { LogProbMatrix, TokenTable, WordResult } from '../types.ts';

const MODULE = new URL('./beam-worker.ts', import.meta.url);
/** Finals waiting for the beam search; past this a final falls back to greedy. */
const MAX_PENDING = 64;

export interface BeamClientOptions {
  /** longest LM build (it also builds the n-gram model) */
  readonly buildTimeoutMs?: number;
  /** longest beam search of one final; past it the final stays greedy and the worker restarts */
  readonly decodeTimeoutMs?: number;
  /** the worker died: its decoder is gone until the next build */
  readonly onDecoderLost?: () => void;
  readonly onEvent?: (event: PoolEvent) => void;
}

export class BeamClient {
  private readonly pool: SupervisedPool<null, BeamRequest, BeamReply>;
  private ready = false;
  private pending = 0;

  constructor(private readonly options: BeamClientOptions = {}) {
    this.pool = new SupervisedPool<null, BeamRequest, BeamReply>({
      name: 'beam',
      module: MODULE,
      init: null,
      size: 1,
      maxQueued: MAX_PENDING,
      // Decodes run while a rebuild waits on its n-gram worker (the worker overlaps them).
      concurrency: MAX_PENDING,
      timeoutMs: options.decodeTimeoutMs ?? 10_000,
      queueTimeoutMs: options.buildTimeoutMs ?? 300_000,
      onEvent: (e) => {
        if (e.type === 'exit' && this.ready) {
          this.ready = false;
          options.onDecoderLost?.();
        }
        options.onEvent?.(e);
      },
    });
  }

  /** true once a decoder has been built (and its worker is still the one that built it) */
  get hasDecoder(): boolean {
    return this.ready;
  }

  get busy(): boolean {
    return this.pending >= MAX_PENDING;
  }

  get stats(): PoolStats {
    return this.pool.stats;
  }

  /** Stops the beam worker as a crash would (fault tests). */
  terminateWorker(): Promise<number> {
    return this.pool.terminateWorker(0);
  }

  private async request(body: BeamRequest, timeoutMs: number, transfer: ArrayBuffer[] = []): Promise<BeamReply> {
    this.pending++;
    try {
      return await this.pool.request(body, { transfer, timeoutMs });
    } finally {
      this.pending--;
    }
  }

  async build(table: TokenTable, corpora: DomainCorpora, frameShiftSec: number): Promise<DomainDecoderStats> {
    const plainTable: TokenTable = {
      tokens: [...table.tokens],
      blankId: table.blankId,
      wordDelimiter: table.wordDelimiter,
      wordStartPrefix: table.wordStartPrefix,
      specialTokens: [...table.specialTokens],
    };
    const reply = await this.request({ type: 'build', table: plainTable, corpora, frameShiftSec }, this.options.buildTimeoutMs ?? 300_000);
    if (reply.type !== 'built') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    this.ready = true;
    return reply.stats;
  }

  async decode(logProbs: LogProbMatrix, offsetSec: number): Promise<WordResult[]> {
    const data = logProbs.data.slice();
    const reply = await this.request(
      { type: 'decode', data, frames: logProbs.frames, vocab: logProbs.vocab, offsetSec },
      this.options.decodeTimeoutMs ?? 10_000,
      [data.buffer],
    );
    if (reply.type !== 'words') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply.words;
  }

  close(limitMs?: number): Promise<void> {
    this.ready = false;
    return this.pool.close(limitMs);
  }
}
