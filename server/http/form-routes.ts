/**
 * Voice-filled forms over REST: templates, filling from text, records (drafts
 * autosaved with PUT, saved ones readable by other systems), export, and the
 * webhook on save. The service (templates, correction, webhook) is
 * plugins/forms.ts; the records repository is app.storage.forms.
 *
 *   GET  /api/forms/templates              GET /api/forms/templates/:id
 *   POST /api/forms/:id/fill               {text} or {finals: [...]} → {form, fields, issues}
 *   POST /api/forms/records                GET /api/forms/records?form&status&limit&offset
 *   GET  /api/forms/records/:id            PUT /api/forms/records/:id
 *   GET  /api/forms/records/:id/export?format=json|csv
 *   GET  /api/forms/records/export?form=ID&format=csv|json&status&delimiter
 *   POST /api/forms/records/:id/reopen     a saved record back to draft (owner or admin; audited)
 *
 * Records are the clerks' (and admins'): a clerk lists and opens only her own
 * (another's answers 404, like a missing one); researchers see none.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { DiktatsError } from '../errors.ts';
import { ISSUE_CODES } from '../forms/field-issues.ts';
import { fillFromText } from '../forms/fill.ts';
import type { FormRecord, FormRecordPatch } from '../forms/form-record.ts';
import { recordsToCsv } from '../forms/record-export.ts';
import type { CompiledTemplate } from '../forms/template-loader.ts';
import { FormFieldSchema, type FieldValue } from '../forms/template-schema.ts';
import { validateValues } from '../forms/written-values.ts';
import { BODY_LIMITS } from './body-limits.ts';
import { ALL_ROLES, CLERKS, mayAccessOwned } from '../auth/roles.ts';
import { requestUser } from '../plugins/access.ts';
import type { FastifyRequest } from 'fastify';

const MAX_TEXT = 20_000;

const FieldValueSchema = Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Number()]);
const Values = Type.Record(Type.String({ maxLength: 64 }), FieldValueSchema);
const Issue = Type.Object({ field: Type.String(), code: Type.Union(ISSUE_CODES.map((c) => Type.Literal(c))), message: Type.String() });
const Status = Type.Union([Type.Literal('draft'), Type.Literal('saved')]);
const Mode = Type.Union([Type.Literal('dictation'), Type.Literal('manual')]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);
const Metrics = Type.Object({
  openedAt: NullableString,
  firstInputAt: NullableString,
  activeMs: NullableNumber,
  keystrokes: NullableNumber,
  edits: NullableNumber,
  audioSec: NullableNumber,
  processingMs: NullableNumber,
  latency: Type.Union([Type.Record(Type.String({ maxLength: 32 }), Type.Number()), Type.Null()]),
});
/** What a client may store: timestamps are short, the latency histogram has a few buckets. */
const MetricsInput = Type.Partial(
  Type.Object({
    ...Metrics.properties,
    openedAt: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    firstInputAt: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    latency: Type.Union([Type.Record(Type.String({ maxLength: 32 }), Type.Number(), { maxProperties: 64 }), Type.Null()]),
  }),
  { additionalProperties: false },
);
/**
 * A PUT changes content and status only. The entry timings (opened, first
 * input, active time, keystrokes, edits) change only over POST
 * /api/forms/records/:id/timing, the recogniser's figures only from the
 * socket that measured them (they add up over reopenings); so an autosave
 * can overwrite neither. A body carrying `metrics` is refused (400), not
 * silently stripped. See server/pilot/README.md, "Who writes what".
 */
const MetricsRefused = Type.Optional(
  Type.Never({ description: 'entry timings go to POST /api/forms/records/:id/timing; the recogniser figures are measured by /ws/asr' }),
);
const RecordSchema = Type.Object({
  id: Type.Integer(),
  form: Type.String(),
  templateVersion: Type.Integer(),
  status: Status,
  mode: Mode,
  userId: Type.Integer(),
  fields: Values,
  issues: Type.Array(Issue),
  recognised: Type.Union([Values, Type.Null()]),
  asrSessionId: NullableString,
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  savedAt: NullableString,
  metrics: Metrics,
});
const TemplateSummary = Type.Object({ id: Type.String(), title: Type.String(), version: Type.Integer(), fields: Type.Integer() });
const TemplateDetail = Type.Object({
  id: Type.String(),
  title: Type.String(),
  version: Type.Integer(),
  description: Type.Optional(Type.String()),
  fields: Type.Array(FormFieldSchema),
});
const FillResultSchema = Type.Object({ form: Type.String(), fields: Values, issues: Type.Array(Issue) });
const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
const FormId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const RecordId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const CreateBody = Type.Object(
  {
    form: Type.String({ minLength: 1, maxLength: 64 }),
    status: Type.Optional(Status),
    mode: Type.Optional(Mode),
    fields: Type.Optional(Values),
    recognised: Type.Optional(Values),
    asrSessionId: Type.Optional(Type.String({ maxLength: 64 })),
    metrics: Type.Optional(MetricsInput),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    status: Type.Optional(Status),
    fields: Type.Optional(Values),
    recognised: Type.Optional(Values),
    metrics: MetricsRefused,
    /** the revision the client last saw; a different stored one answers 409 */
    revision: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const FillBody = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    /** final utterances in order, as the recogniser cut them */
    finals: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TEXT }), { maxItems: 500 })),
    /** the day "šodien" means (default: the server's today) */
    today: Type.Optional(IsoDate),
  },
  // text or finals: Fastify drops unknown properties before validating, so an empty object is refused here
  { additionalProperties: false, minProperties: 1, anyOf: [{ required: ['text'] }, { required: ['finals'] }] },
);
const ListQuery = Type.Object({
  form: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Status),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
  delimiter: Type.Union([Type.Literal('comma'), Type.Literal('semicolon')], { default: 'comma' }),
});
const ExportManyQuery = Type.Composite([
  ExportQuery,
  Type.Object({
    form: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(Status),
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
  }),
]);

/** A structured value (code, date, amount, name, …) longer than this is not one; free text has the field's own cap. */
const MAX_STRUCTURED_VALUE = 200;

/** Values from a client: only the template's fields, structured ones short; canonicalised and checked like typed values. */
function checkValues(compiled: CompiledTemplate, values: Record<string, FieldValue>, saved: boolean) {
  knownFields(compiled, values);
  return validateValues(compiled, values, saved);
}

/** Refuses a field the template does not have (FORM_ERR_UNKNOWN_FIELD) and an over-long structured value (FORM_ERR_TOO_LONG). */
function knownFields(compiled: CompiledTemplate, values: Record<string, FieldValue>): void {
  for (const [id, value] of Object.entries(values)) {
    const field = compiled.byId.get(id);
    if (!field) throw new DiktatsError('FORM_ERR_UNKNOWN_FIELD', `${JSON.stringify(id)} in ${compiled.template.id}`);
    if (field.type !== 'text' && typeof value === 'string' && value.length > MAX_STRUCTURED_VALUE) {
      throw new DiktatsError('FORM_ERR_TOO_LONG', `${JSON.stringify(id)}: ${value.length} characters`);
    }
  }
}

function templateDetail(c: CompiledTemplate): Static<typeof TemplateDetail> {
  return { ...c.template, fields: [...c.fields] };
}

function parseDay(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
}

async function formRoutesPlugin(app: FastifyInstance): Promise<void> {
  const { templates, notifySaved } = app.forms;
  const records = app.storage.forms;

  const audit = (req: FastifyRequest, action: string, record: FormRecord, detail?: Record<string, unknown>) =>
    app.auth?.record(app.auth.actor(req), action, `record:${record.id}`, detail);

  /** The record if this request's user may see it; another clerk's answers 404 like a missing one. */
  const getRecord = (req: FastifyRequest, id: number): FormRecord => {
    const r = records.get(id);
    if (!r || !mayAccessOwned(requestUser(req), r)) throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', String(id));
    return r;
  };
  /** clerks list their own records; admins everyone's */
  const ownerFilter = (req: FastifyRequest): number | undefined => {
    const user = requestUser(req);
    return user.role === 'admin' ? undefined : user.id;
  };

  app.get('/api/forms/templates', { config: ALL_ROLES, schema: { response: { 200: Type.Object({ templates: Type.Array(TemplateSummary) }) } } }, async () => ({
    templates: templates.list().map((c) => ({ id: c.template.id, title: c.template.title, version: c.template.version, fields: c.fields.length })),
  }));

  app.get<{ Params: Static<typeof FormId> }>(
    '/api/forms/templates/:id',
    { config: ALL_ROLES, schema: { params: FormId, response: { 200: TemplateDetail, 404: ErrorBody } } },
    async (req) => templateDetail(templates.get(req.params.id)),
  );

  app.post<{ Params: Static<typeof FormId>; Body: Static<typeof FillBody> }>(
    '/api/forms/:id/fill',
    { config: CLERKS, bodyLimit: BODY_LIMITS.formFill, schema: { params: FormId, body: FillBody, response: { 200: FillResultSchema, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const compiled = templates.get(req.params.id);
      const length = req.body.finals ? req.body.finals.reduce((n, f) => n + f.length, 0) : (req.body.text ?? '').length;
      if (length > MAX_TEXT) throw new DiktatsError('FORM_ERR_TOO_LONG', `${length} characters of dictation`);
      return fillFromText(compiled, req.body.finals ?? req.body.text ?? '', {
        today: parseDay(req.body.today),
        correction: app.forms.correction(),
        autotexts: app.forms.autotexts(),
      });
    },
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/forms/records',
    { config: CLERKS, bodyLimit: BODY_LIMITS.formRecord, schema: { body: CreateBody, response: { 201: Type.Object({ record: RecordSchema }), 400: ErrorBody, 404: ErrorBody } } },
    async (req, reply) => {
      const compiled = templates.get(req.body.form);
      const status = req.body.status ?? 'draft';
      const { values, issues } = checkValues(compiled, req.body.fields ?? {}, status === 'saved');
      const record = records.create({
        form: compiled.template.id,
        templateVersion: compiled.template.version,
        status,
        mode: req.body.mode ?? 'dictation',
        userId: requestUser(req).id,
        fields: values,
        issues,
        recognised: req.body.recognised ? (knownFields(compiled, req.body.recognised), req.body.recognised) : null,
        asrSessionId: req.body.asrSessionId ?? null,
        metrics: req.body.metrics,
      });
      req.log.info({ record: record.id, form: record.form, status: record.status }, 'form record created');
      if (record.status === 'saved') {
        audit(req, 'record.save', record);
        notifySaved(record);
      }
      return reply.code(201).send({ record });
    },
  );

  app.put<{ Params: Static<typeof RecordId>; Body: Static<typeof UpdateBody> }>(
    '/api/forms/records/:id',
    {
      config: CLERKS,
      bodyLimit: BODY_LIMITS.formRecord,
      schema: { params: RecordId, body: UpdateBody, response: { 200: Type.Object({ record: RecordSchema }), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody } },
    },
    async (req) => {
      const current = getRecord(req, req.params.id);
      const compiled = templates.get(current.form);
      const status = req.body.status ?? current.status;
      if (req.body.recognised) knownFields(compiled, req.body.recognised);
      const patch: FormRecordPatch = {
        status: req.body.status,
        recognised: req.body.recognised,
        expectedRevision: req.body.revision,
      };
      // values are re-checked whenever they change or the record becomes saved (required fields)
      const check = req.body.fields !== undefined || (status === 'saved' && current.status !== 'saved');
      const checked = check ? checkValues(compiled, req.body.fields ?? current.fields, status === 'saved') : null;
      const record = records.update(current.id, checked ? { ...patch, fields: checked.values, issues: checked.issues } : patch);
      if (req.body.status === 'saved') {
        req.log.info({ record: record.id, form: record.form }, 'form record saved');
        if (current.status !== 'saved') audit(req, 'record.save', record);
        notifySaved(record);
      }
      return { record };
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/forms/records',
    { config: CLERKS, schema: { querystring: ListQuery, response: { 200: Type.Object({ records: Type.Array(RecordSchema) }) } } },
    async (req) => ({
      records: records.list({ form: req.query.form, status: req.query.status, limit: req.query.limit, offset: req.query.offset, userId: ownerFilter(req) }),
    }),
  );

  app.get<{ Querystring: Static<typeof ExportManyQuery> }>(
    '/api/forms/records/export',
    { config: CLERKS, schema: { querystring: ExportManyQuery } },
    async (req, reply) => {
      const { format, form, status, limit } = req.query;
      const list = records.list({ form, status, limit, offset: 0, userId: ownerFilter(req) });
      app.auth?.record(app.auth.actor(req), 'record.export', form ?? null, { records: list.length, format });
      if (format === 'json') return reply.type('application/json; charset=utf-8').send({ records: list });
      if (form === undefined) {
        throw new DiktatsError('FORM_ERR_EXPORT', 'the columns are the fields of one form');
      }
      return sendCsv(reply, templates.get(form), list, req.query.delimiter, `${form}.csv`);
    },
  );

  app.get<{ Params: Static<typeof RecordId> }>(
    '/api/forms/records/:id',
    { config: CLERKS, schema: { params: RecordId, response: { 200: Type.Object({ record: RecordSchema }), 404: ErrorBody } } },
    async (req) => ({ record: getRecord(req, req.params.id) }),
  );

  app.post<{ Params: Static<typeof RecordId> }>(
    '/api/forms/records/:id/reopen',
    { config: CLERKS, schema: { params: RecordId, response: { 200: Type.Object({ record: RecordSchema }), 404: ErrorBody } } },
    async (req) => {
      const current = getRecord(req, req.params.id);
      const record = current.status === 'saved' ? records.reopen(current.id) : current;
      if (current.status === 'saved') audit(req, 'record.reopen', record);
      return { record };
    },
  );

  app.get<{ Params: Static<typeof RecordId>; Querystring: Static<typeof ExportQuery> }>(
    '/api/forms/records/:id/export',
    { config: CLERKS, schema: { params: RecordId, querystring: ExportQuery } },
    async (req, reply) => {
      const record = getRecord(req, req.params.id);
      audit(req, 'record.export', record, { format: req.query.format });
      if (req.query.format === 'json') {
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${record.form}-${record.id}.json"`)
          .send(JSON.stringify(record, null, 2));
      }
      return sendCsv(reply, templates.get(record.form), [record], req.query.delimiter, `${record.form}-${record.id}.csv`);
    },
  );
}

function sendCsv(
  reply: import('fastify').FastifyReply,
  compiled: CompiledTemplate,
  list: readonly FormRecord[],
  delimiter: 'comma' | 'semicolon',
  fileName: string,
) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(recordsToCsv(compiled, list, delimiter === 'semicolon' ? ';' : ','));
}

export const formRoutes = fp(formRoutesPlugin, { name: 'form-routes', dependencies: ['storage', 'forms'] });
