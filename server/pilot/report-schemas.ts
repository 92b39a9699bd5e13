/**
 * TypeBox schemas of the pilot's REST answers. They are the response schemas
 * of http/pilot-routes.ts (Fastify serialises with them, so a field missing
 * here would silently vanish from the answer) and the API's documentation.
 */
import { Type } from '@sinclair/typebox';

const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const SummarySchema = Type.Object({
  n: Type.Integer(),
  min: Type.Number(),
  q1: Type.Number(),
  median: Type.Number(),
  q3: Type.Number(),
  max: Type.Number(),
  mean: Type.Number(),
});

export const LatencySummarySchema = Type.Object({
  n: Type.Integer(),
  p50Ms: Type.Number(),
  p95Ms: Type.Number(),
  minMs: Type.Number(),
  maxMs: Type.Number(),
  meanMs: Type.Number(),
});

const RecogniserFiguresSchema = Type.Object({
  measured: Type.Integer(),
  audioSec: Nullable(SummarySchema),
  processingMs: Nullable(SummarySchema),
  rtf: Nullable(Type.Number()),
  latency: Nullable(LatencySummarySchema),
});

const ModeFiguresSchema = Type.Object({
  records: Type.Integer(),
  timed: Type.Integer(),
  entryMs: Nullable(SummarySchema),
  firstInputMs: Nullable(SummarySchema),
  keystrokes: Nullable(SummarySchema),
  edits: Nullable(SummarySchema),
  recogniser: RecogniserFiguresSchema,
});

const WordErrorsSchema = Type.Object({
  fields: Type.Integer(),
  words: Type.Integer(),
  hits: Type.Integer(),
  substitutions: Type.Integer(),
  deletions: Type.Integer(),
  insertions: Type.Integer(),
  wer: Type.Number(),
});

const GroupFields = {
  records: Type.Integer(),
  dictation: ModeFiguresSchema,
  manual: ModeFiguresSchema,
  histogram: Type.Object({
    start: Type.Number(),
    width: Type.Number(),
    counts: Type.Record(Type.String(), Type.Array(Type.Integer())),
  }),
  speedUp: Nullable(
    Type.Object({
      factor: Type.Number(),
      lower: Nullable(Type.Number()),
      upper: Nullable(Type.Number()),
      confidence: Type.Number(),
      resamples: Type.Integer(),
      seed: Type.Integer(),
    }),
  ),
  postEdit: Type.Object({
    records: Type.Integer(),
    all: WordErrorsSchema,
    dictated: WordErrorsSchema,
    correctionRate: Type.Number(),
    dictatedFields: Type.Integer(),
    correctedFields: Type.Integer(),
    fields: Type.Array(
      Type.Object({
        field: Type.String(),
        dictated: Type.Integer(),
        corrected: Type.Integer(),
        rate: Type.Number(),
        typedOnly: Type.Integer(),
      }),
    ),
  }),
  recogniser: Type.Object({
    audioSec: Type.Number(),
    processingMs: Type.Number(),
    rtf: Nullable(Type.Number()),
    latencyP50Ms: Nullable(SummarySchema),
  }),
};

const Basis = Type.Union([Type.Literal('auto'), Type.Literal('active'), Type.Literal('wall')]);

export const PilotReportSchema = Type.Object({
  generatedAt: Type.String(),
  filter: Type.Object({
    template: Type.Optional(Type.String()),
    user: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
  }),
  basis: Basis,
  overall: Type.Object(GroupFields),
  byTemplate: Type.Array(Type.Object({ template: Type.String(), ...GroupFields })),
  byUser: Type.Array(Type.Object({ userId: Type.Integer(), userName: Type.String(), ...GroupFields })),
});

const Measured = Nullable(Type.Object({ medianMs: Type.Number(), forms: Type.Integer() }));

export const SavingsSchema = Type.Object({
  casesPerYear: Type.Number(),
  manualMinutes: Type.Number(),
  dictationMinutes: Type.Number(),
  salaryPerYear: Type.Number(),
  hoursPerYear: Type.Number(),
  costPerHour: Type.Number(),
  manualHoursPerYear: Type.Number(),
  manualCostPerYear: Type.Number(),
  dictationHoursPerYear: Type.Number(),
  dictationCostPerYear: Type.Number(),
  savedHoursPerYear: Type.Number(),
  savingsPerYear: Type.Number(),
  employeeYearsSaved: Type.Number(),
  speedUp: Type.Number(),
  dictationMinutesSource: Type.Union([Type.Literal('given'), Type.Literal('measured'), Type.Literal('assumed')]),
  measured: Nullable(Type.Object({ basis: Basis, dictation: Measured, manual: Measured })),
  note: Type.String(),
});

const NullableString = Nullable(Type.String());
const NullableCount = Nullable(Type.Integer({ minimum: 0 }));
const Instant = Type.String({ format: 'date-time', maxLength: 40 });

/** What a client measured while the form was open; each field optional, null clears it. */
export const TimingBodySchema = Type.Object(
  {
    openedAt: Type.Optional(Nullable(Instant)),
    firstInputAt: Type.Optional(Nullable(Instant)),
    /** time with the form in focus, idle gaps removed; at most a day */
    activeMs: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 86_400_000 }))),
    keystrokes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000_000 }))),
    edits: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  },
  // Fastify drops unknown properties before validating, so a body of only unknown ones must still fail here
  {
    additionalProperties: false,
    minProperties: 1,
    anyOf: ['openedAt', 'firstInputAt', 'activeMs', 'keystrokes', 'edits'].map((k) => ({ required: [k] })),
  },
);

export const TimingSchema = Type.Object({
  id: Type.Integer(),
  mode: Type.Union([Type.Literal('dictation'), Type.Literal('manual')]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('saved')]),
  openedAt: NullableString,
  firstInputAt: NullableString,
  savedAt: NullableString,
  activeMs: NullableCount,
  keystrokes: NullableCount,
  edits: NullableCount,
});

export const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
