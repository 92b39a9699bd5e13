/**
 * Beam-search worker: holds the domain decoder (LM, lexicon, term boosts) off
 * the event loop. `build` replaces the decoder once the new one is ready, so
 * decodes keep using the old one while a rebuild runs; `decode` turns one
 * utterance's log-probabilities into words. Served by the SupervisedPool
 * (../workers/); a respawned worker starts without a decoder (the client says so).
 */
import { buildDomainDecoder, type DomainCorpora } from './domain-decoder.ts';
import type { CtcBeamDecoder } from './ctc-beam.ts';
import type { TokenTable } from '../types.ts';
import { serveWorker } from '../../workers/worker-host.ts';

export type BeamRequest =
  | { readonly type: 'build'; readonly table: TokenTable; readonly corpora: DomainCorpora; readonly frameShiftSec: number }
  | { readonly type: 'decode'; readonly data: Float32Array; readonly frames: number; readonly vocab: number; readonly offsetSec: number };

export type BeamReply =
  | { readonly type: 'built'; readonly stats: Awaited<ReturnType<typeof buildDomainDecoder>>['stats'] }
  | { readonly type: 'words'; readonly words: { word: string; start: number; end: number; conf: number }[]; readonly ms: number };

serveWorker<null, BeamRequest, BeamReply>(() => {
  let decoder: CtcBeamDecoder | null = null;
  return async (req) => {
    if (req.type === 'build') {
      const built = await buildDomainDecoder(req.table, req.corpora, { frameShiftSec: req.frameShiftSec });
      decoder = built.decoder;
      return { body: { type: 'built', stats: built.stats } };
    }
    if (!decoder) throw new Error('no decoder built yet');
    const t0 = performance.now();
    const result = decoder.decode(req.data, req.frames, req.vocab, { timeOffsetSec: req.offsetSec });
    return { body: { type: 'words', words: [...result.words], ms: performance.now() - t0 } };
  };
}, { concurrent: true });
