/**
 * The pilot's measurements over REST: reports of dictation against manual
 * entry, the savings calculator, the timings a form page reports, and stored
 * evaluation runs.
 *
 *   GET  /api/pilot/report?template&user&from&to&basis&seed&resamples&confidence
 *   GET  /api/pilot/report.csv?…&table=summary|fields|records&delimiter=comma|semicolon
 *   GET  /api/pilot/savings?cases&manualMin&dictationMin&salary&hours&template
 *   POST /api/forms/records/:id/timing   {openedAt?, firstInputAt?, activeMs?, keystrokes?, edits?}
 *   GET  /api/eval/runs?limit&offset     GET /api/eval/runs/:id?limit&offset&errors&order=seq|wer
 *   GET  /api/eval/compare?a&b&only=all|changed|improved|worsened&limit&offset&idsLimit&idsOffset
 *   DELETE /api/eval/runs/:id
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { DiktatsError } from '../errors.ts';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../pilot/bootstrap.ts';
import { buildPilotReport, type PilotReport } from '../pilot/report.ts';
import { buildMeasuredMedians } from '../pilot/measured-medians.ts';
import { pilotCsv } from '../pilot/report-csv.ts';
import { ErrorBody, PilotReportSchema, SavingsSchema, TimingBodySchema, TimingSchema } from '../pilot/report-schemas.ts';
import { estimateSavings } from '../pilot/savings-estimate.ts';
import { comparisonPage } from '../eval/run-compare.ts';
import { EvalCompareSchema, EvalRunDetailSchema, EvalRunListSchema } from '../eval/schemas.ts';
import { formatPra } from '../metrics/pra.ts';
import type { EvalRun, EvalUtterance } from '../storage/eval-run-repository.ts';
import type { PilotFilter } from '../storage/pilot-repository.ts';
import { BODY_LIMITS } from './body-limits.ts';
import type { ComputeClient } from '../workers/compute-client.ts';
import type { CsvRequest } from '../workers/compute-worker.ts';
import { CLERKS, RESEARCHERS, mayAccessOwned } from '../auth/roles.ts';
import { requestUser } from '../plugins/access.ts';

const Day = '^\\d{4}-\\d{2}-\\d{2}';
const ReportQuery = Type.Object({
  template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** a user id or name */
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** saved on or after (a day or an ISO instant), and before */
  from: Type.Optional(Type.String({ pattern: Day, maxLength: 40 })),
  to: Type.Optional(Type.String({ pattern: Day, maxLength: 40 })),
  basis: Type.Union([Type.Literal('auto'), Type.Literal('active'), Type.Literal('wall')], { default: 'auto' }),
  seed: Type.Integer({ minimum: 0, maximum: 0xffffffff, default: DEFAULT_SEED }),
  resamples: Type.Integer({ minimum: 100, maximum: 20_000, default: DEFAULT_RESAMPLES }),
  confidence: Type.Number({ minimum: 0.5, maximum: 0.999, default: 0.95 }),
});
type ReportQueryT = Static<typeof ReportQuery>;
const CsvQuery = Type.Composite([
  ReportQuery,
  Type.Object({
    table: Type.Union([Type.Literal('summary'), Type.Literal('fields'), Type.Literal('records')], { default: 'summary' }),
    delimiter: Type.Union([Type.Literal('comma'), Type.Literal('semicolon')], { default: 'comma' }),
  }),
]);
const Positive = Type.Number({ exclusiveMinimum: 0, maximum: 1e9 });
const SavingsQuery = Type.Object({
  cases: Type.Optional(Positive),
  manualMin: Type.Optional(Positive),
  dictationMin: Type.Optional(Positive),
  salary: Type.Optional(Positive),
  hours: Type.Optional(Positive),
  /** measure only this template's forms */
  template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
const RecordId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Page = { limit: Type.Integer({ minimum: 1, maximum: 5000, default: 200 }), offset: Type.Integer({ minimum: 0, default: 0 }) };
const RunListQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), offset: Page.offset });
const RunQuery = Type.Object({
  ...Page,
  /** only utterances with word errors */
  errors: Type.Boolean({ default: false }),
  order: Type.Union([Type.Literal('seq'), Type.Literal('wer')], { default: 'seq' }),
});
const CompareQuery = Type.Object({
  a: Type.Integer({ minimum: 1 }),
  b: Type.Integer({ minimum: 1 }),
  /** changed: the hypotheses differ */
  only: Type.Union([Type.Literal('all'), Type.Literal('changed'), Type.Literal('improved'), Type.Literal('worsened')], { default: 'all' }),
  ...Page,
  /** a page of each run's own utterance ids (onlyA, onlyB); onlyACount and onlyBCount say how many there are */
  idsLimit: Type.Integer({ minimum: 0, maximum: 5000, default: 100 }),
  idsOffset: Type.Integer({ minimum: 0, default: 0 }),
});

const withPra = (u: EvalUtterance) => ({ ...u, pra: formatPra(u.alignment) });

const toFilter = (q: { template?: string; user?: string; from?: string; to?: string }): PilotFilter => ({
  template: q.template,
  user: q.user === undefined ? undefined : /^\d+$/.test(q.user) ? Number(q.user) : q.user,
  from: q.from,
  to: q.to,
});

export interface PilotRoutesOptions {
  /**
   * Computes reports on a worker thread (the bootstrap and the post-edit scoring
   * are CPU-heavy); with a database file the worker also reads the rows, so
   * nothing that grows with the pilot runs on the event loop. Without it they run in-process.
   */
  readonly compute?: Pick<ComputeClient, 'pilotReport' | 'pilotReportFromDb' | 'measuredMediansFromDb' | 'evalCompareFromDb'>;
}

async function pilotRoutesPlugin(app: FastifyInstance, opts: PilotRoutesOptions): Promise<void> {
  const pilot = app.storage.pilot;
  const db = app.storage.db;
  // an in-memory database cannot be opened from another thread
  const dbFile = db.memory ? null : db.name;

  const report = async (q: ReportQueryT, csv?: CsvRequest): Promise<{ filter: PilotFilter; report: PilotReport; csv?: string }> => {
    const filter = toFilter(q);
    const options = { basis: q.basis, bootstrap: { seed: q.seed, resamples: q.resamples, confidence: q.confidence } };
    if (opts.compute && dbFile) return { filter, ...(await opts.compute.pilotReportFromDb(dbFile, filter, options, csv, 'pilot-report')) };
    const rows = pilot.savedRows(filter);
    const built = opts.compute ? await opts.compute.pilotReport(rows, options, 'pilot-report') : buildPilotReport(rows, options);
    return { filter, report: built, ...(csv ? { csv: pilotCsv(csv.table, built, rows, csv.delimiter) } : {}) };
  };

  app.get<{ Querystring: ReportQueryT }>(
    '/api/pilot/report',
    {
      config: RESEARCHERS,
      schema: { querystring: ReportQuery, response: { 200: PilotReportSchema, 400: ErrorBody } },
      // The schema documents the reply; JSON.stringify writes it. fast-json-stringify's code for this
      // schema is so large that V8 compiling it on the first reply stalled the event loop 0.5-0.85 s
      // (soak), and the report is built from typed code, so no stray property can slip out.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (req) => {
      const { filter, report: r } = await report(req.query);
      return { generatedAt: new Date().toISOString(), filter, ...r };
    },
  );

  app.get<{ Querystring: Static<typeof CsvQuery> }>(
    '/api/pilot/report.csv',
    { config: RESEARCHERS, schema: { querystring: CsvQuery } },
    async (req, reply) => {
      const { csv } = await report(req.query, { table: req.query.table, delimiter: req.query.delimiter === 'semicolon' ? ';' : ',' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="pilot-${req.query.table}.csv"`)
        .send(csv);
    },
  );

  app.get<{ Querystring: Static<typeof SavingsQuery> }>(
    '/api/pilot/savings',
    { config: RESEARCHERS, schema: { querystring: SavingsQuery, response: { 200: SavingsSchema, 400: ErrorBody } } },
    async (req) => {
      const q = req.query;
      const measured =
        opts.compute && dbFile
          ? await opts.compute.measuredMediansFromDb(dbFile, { template: q.template }, 'pilot-report')
          : buildMeasuredMedians(pilot.savedRows({ template: q.template }));
      return estimateSavings(
        { casesPerYear: q.cases, manualMinutes: q.manualMin, dictationMinutes: q.dictationMin, salaryPerYear: q.salary, hoursPerYear: q.hours },
        measured,
      );
    },
  );

  app.post<{ Params: Static<typeof RecordId>; Body: Static<typeof TimingBodySchema> }>(
    '/api/forms/records/:id/timing',
    { config: CLERKS, bodyLimit: BODY_LIMITS.timing, schema: { params: RecordId, body: TimingBodySchema, response: { 200: Type.Object({ timing: TimingSchema }), 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      // only the record's owner (or an admin) reports its timings; another clerk's record answers 404
      const owned = app.storage.forms.get(req.params.id);
      if (!owned || !mayAccessOwned(requestUser(req), owned)) throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', String(req.params.id));
      const timing = pilot.updateTiming(req.params.id, req.body);
      if (!timing) throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', String(req.params.id));
      return { timing };
    },
  );

  const runs = app.storage.evalRuns;
  const getRun = (id: number): EvalRun => {
    const run = runs.get(id);
    if (!run) throw new DiktatsError('EVAL_ERR_RUN_NOT_FOUND', String(id));
    return run;
  };

  app.get<{ Querystring: Static<typeof RunListQuery> }>(
    '/api/eval/runs',
    { config: RESEARCHERS, schema: { querystring: RunListQuery, response: { 200: EvalRunListSchema } } },
    async (req) => runs.list(req.query.limit, req.query.offset),
  );

  app.get<{ Params: Static<typeof RecordId>; Querystring: Static<typeof RunQuery> }>(
    '/api/eval/runs/:id',
    { config: RESEARCHERS, schema: { params: RecordId, querystring: RunQuery, response: { 200: EvalRunDetailSchema, 404: ErrorBody } } },
    async (req) => {
      const run = getRun(req.params.id);
      const { limit, offset, errors, order } = req.query;
      const page = runs.utterances(run.id, { limit, offset, errorsOnly: errors, order });
      return { run, utterances: page.utterances.map(withPra), total: page.total };
    },
  );

  app.delete<{ Params: Static<typeof RecordId> }>(
    '/api/eval/runs/:id',
    { config: RESEARCHERS, schema: { params: RecordId, response: { 404: ErrorBody } } },
    async (req, reply) => {
      if (!runs.delete(req.params.id)) throw new DiktatsError('EVAL_ERR_RUN_NOT_FOUND', String(req.params.id));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: Static<typeof CompareQuery> }>(
    '/api/eval/compare',
    { config: RESEARCHERS, schema: { querystring: CompareQuery, response: { 200: EvalCompareSchema, 404: ErrorBody } } },
    async (req) => {
      const { only, limit, offset, idsLimit, idsOffset } = req.query;
      const a = getRun(req.query.a);
      const b = getRun(req.query.b);
      // totals summed in SQL and one page read, in the compute worker where there is one: nothing done here grows with the runs
      const query = { only, limit, offset, idsLimit, idsOffset };
      const page = opts.compute && dbFile ? await opts.compute.evalCompareFromDb(dbFile, a.id, b.id, query, 'eval-compare') : runs.compare(a.id, b.id, query);
      const cmp = comparisonPage(page, only);
      return { a, b, ...cmp, utterances: cmp.utterances.map((u) => ({ ...u, a: withPra(u.a), b: withPra(u.b) })) };
    },
  );

}

export const pilotRoutes = fp(pilotRoutesPlugin, { name: 'pilot-routes', dependencies: ['storage', 'form-routes'] });
