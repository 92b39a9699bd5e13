/**
 * Beam-search worker: holds the domain decoder (LM, lexicon, term boosts) off
 * the event loop. `build` replaces the decoder once the new one is ready, so
 * decodes keep using the old one while a rebuild runs; `decode` turns one
 * utterance's log-probabilities into words.
 */
import { parentPort } from 'node:worker_threads';
import { buildDomainDecoder, type DomainCorpora } from './domain-decoder.ts';
import type { CtcBeamDecoder } from './ctc-beam.ts';
import type { TokenTable } from '../types.ts';

export type BeamRequest =
  | { readonly type: 'build'; readonly id: number; readonly table: TokenTable; readonly corpora: DomainCorpora; readonly frameShiftSec: number }
  | { readonly type: 'decode'; readonly id: number; readonly data: Float32Array; readonly frames: number; readonly vocab: number; readonly offsetSec: number };

export type BeamReply =
  | { readonly type: 'built'; readonly id: number; readonly stats: Awaited<ReturnType<typeof buildDomainDecoder>>['stats'] }
  | { readonly type: 'words'; readonly id: number; readonly words: { word: string; start: number; end: number; conf: number }[]; readonly ms: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

const port = parentPort;
if (!port) throw new Error('beam-worker must run in a worker thread');

let decoder: CtcBeamDecoder | null = null;

port.on('message', (req: BeamRequest) => {
  void handle(req);
});

async function handle(req: BeamRequest): Promise<void> {
  try {
    if (req.type === 'build') {
      const built = await buildDomainDecoder(req.table, req.corpora, { frameShiftSec: req.frameShiftSec });
      decoder = built.decoder;
      port!.postMessage({ type: 'built', id: req.id, stats: built.stats } satisfies BeamReply);
      return;
    }
    if (!decoder) throw new Error('no decoder built yet');
    const t0 = performance.now();
    const result = decoder.decode(req.data, req.frames, req.vocab, { timeOffsetSec: req.offsetSec });
    port!.postMessage({ type: 'words', id: req.id, words: [...result.words], ms: performance.now() - t0 } satisfies BeamReply);
  } catch (err) {
    port!.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) } satisfies BeamReply);
  }
}
