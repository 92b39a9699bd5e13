/**
 * The post-correction context (lexicon from the active corpora + Latvian word
 * lists) as a Fastify decorator. It is rebuilt when the active corpora change
 * (their signature is cheap to read) and swapped in whole, so a final is always
 * corrected with one consistent lexicon.
 */
import fp from 'fastify-plugin';
import { buildLexicon, type LexiconEntry } from '../correction/domain-lexicon.ts';
import { loadAttestedWords, loadCommonWords } from '../correction/bundled-corpora.ts';
import { correctTranscript, type CorrectedTranscript, type CorrectionContext } from '../correction/pipeline.ts';

export interface CorrectionService {
  /** the current context; rebuilt first if the active corpora changed */
  context(): CorrectionContext;
  correct(spokenText: string): CorrectedTranscript;
  /** signature of the corpora the current context was built from */
  readonly signature: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    correction: CorrectionService;
  }
}

export default fp<{ corporaDir: string }>(
  async (app, opts) => {
    const commonWords = loadCommonWords(opts.corporaDir);
    const attestedWords = loadAttestedWords(opts.corporaDir);
    let signature = '';
    let ctx: CorrectionContext | null = null;
    const build = (): CorrectionContext => {
      const sig = app.storage.corpora.activeSignature();
      if (ctx && sig === signature) return ctx;
      const t0 = performance.now();
      const entries: LexiconEntry[] = app.storage.corpora
        .activeEntries()
        .filter((c) => c.kind === 'terms')
        .flatMap((c) => c.entries);
      const next: CorrectionContext = { lexicon: buildLexicon(entries), commonWords, attestedWords };
      // The fuzzy index is built lazily on first use (~0.2 s): pay it here, not in the first clerk's final.
      correctTranscript('klients saņem mājokļa pabalstu divdesmit eiro punkts', next);
      ctx = next;
      signature = sig;
      app.log.info({ entries: entries.length, ms: Math.round(performance.now() - t0) }, 'correction lexicon built');
      return ctx;
    };
    build();
    app.decorate('correction', {
      context: build,
      correct: (text: string) => correctTranscript(text, build()),
      get signature() {
        return signature;
      },
    });
  },
  { name: 'correction', dependencies: ['storage'] },
);
