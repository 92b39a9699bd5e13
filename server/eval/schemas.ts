/** TypeBox schemas of the stored evaluation runs' REST answers (http/pilot-routes.ts). */
import { Type } from '@sinclair/typebox';

// [op, ref, hyp] with op C|S|D|I and null for a missing word. A plain array of string-or-null, not a TypeBox
// tuple: fast-json-stringify refuses to serialise tuples whose items are unions.
const AlignedPair = Type.Array(Type.Union([Type.String(), Type.Null()]), { minItems: 3, maxItems: 3 });

/** Counts, rates and time of a run or an utterance (storage/eval-run-repository.ts's Scored). */
const SCORED = {
  words: Type.Integer(),
  hits: Type.Integer(),
  substitutions: Type.Integer(),
  deletions: Type.Integer(),
  insertions: Type.Integer(),
  chars: Type.Integer(),
  charErrors: Type.Integer(),
  wer: Type.Number(),
  cer: Type.Number(),
  audioSec: Type.Number(),
  processingMs: Type.Number(),
};

export const EvalRunSchema = Type.Object({
  id: Type.Integer(),
  model: Type.String(),
  decoder: Type.String(),
  manifest: Type.String(),
  corporaSignature: Type.Union([Type.String(), Type.Null()]),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  utterances: Type.Integer(),
  ...SCORED,
  rtf: Type.Number(),
  /** per-group scores, language model, written-form scores, as the report had them */
  extra: Type.Record(Type.String(), Type.Unknown()),
});

export const EvalUtteranceSchema = Type.Object({
  seq: Type.Integer(),
  utteranceId: Type.String(),
  reference: Type.String(),
  hypothesis: Type.String(),
  corrected: Type.Union([Type.String(), Type.Null()]),
  ...SCORED,
  /** [op, ref, hyp] per aligned word, on the normalised texts */
  alignment: Type.Array(AlignedPair),
  /** the alignment as sclite's pra prints it */
  pra: Type.Object({ ref: Type.String(), hyp: Type.String(), eval: Type.String() }),
  labels: Type.Record(Type.String(), Type.Unknown()),
});

export const EvalRunListSchema = Type.Object({ runs: Type.Array(EvalRunSchema), total: Type.Integer() });

export const EvalRunDetailSchema = Type.Object({
  run: EvalRunSchema,
  utterances: Type.Array(EvalUtteranceSchema),
  /** utterances matching the query, before limit/offset */
  total: Type.Integer(),
});

export const EvalCompareSchema = Type.Object({
  a: EvalRunSchema,
  b: EvalRunSchema,
  shared: Type.Object({
    utterances: Type.Integer(),
    words: Type.Integer(),
    errorsA: Type.Integer(),
    errorsB: Type.Integer(),
    werA: Type.Number(),
    werB: Type.Number(),
    improved: Type.Integer(),
    worsened: Type.Integer(),
    same: Type.Integer(),
    referenceChanged: Type.Integer(),
  }),
  /** utterance ids only run a has, manifest order of a: the page idsLimit/idsOffset of onlyACount */
  onlyA: Type.Array(Type.String()),
  onlyB: Type.Array(Type.String()),
  onlyACount: Type.Integer(),
  onlyBCount: Type.Integer(),
  utterances: Type.Array(
    Type.Object({
      utteranceId: Type.String(),
      change: Type.Union([Type.Literal('improved'), Type.Literal('worsened'), Type.Literal('same')]),
      referenceChanged: Type.Boolean(),
      a: EvalUtteranceSchema,
      b: EvalUtteranceSchema,
    }),
  ),
  /** compared utterances matching the query, before limit/offset */
  total: Type.Integer(),
});
