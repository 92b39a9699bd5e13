/**
 * Typed WebSocket extension messages for live form filling on /ws/asr (see
 * README.md). They are JSON text frames with a `type`; the vosk protocol's
 * own messages have none, so a vosk client never sees or sends these. The
 * server sends form messages only after the client opted in with form.open,
 * and always *in addition to* the one reply per binary audio frame.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DiktatsError } from '../errors.ts';
import type { FieldIssue } from './field-issues.ts';
import type { FormUpdate } from './form-state.ts';
import type { FieldValue } from './template-schema.ts';

const FieldId = Type.String({ minLength: 1, maxLength: 64 });
const Value_ = Type.Union([Type.String({ maxLength: 20_000 }), Type.Number()]);

export const FormOpenSchema = Type.Object(
  {
    type: Type.Literal('form.open'),
    form: Type.String({ minLength: 1, maxLength: 64 }),
    /** reopen a stored record (draft or saved); absent = a new draft */
    record: Type.Optional(Type.Integer({ minimum: 1 })),
    mode: Type.Optional(Type.Union([Type.Literal('dictation'), Type.Literal('manual')])),
  },
  { additionalProperties: false },
);
export const FormFocusSchema = Type.Object({ type: Type.Literal('form.focus'), field: FieldId }, { additionalProperties: false });
export const FormEditSchema = Type.Object(
  { type: Type.Literal('form.edit'), field: FieldId, value: Type.Union([Value_, Type.Null()]) },
  { additionalProperties: false },
);
export const FormSaveSchema = Type.Object({ type: Type.Literal('form.save') }, { additionalProperties: false });
export const FormCloseSchema = Type.Object({ type: Type.Literal('form.close') }, { additionalProperties: false });

const CLIENT_SCHEMAS = {
  'form.open': FormOpenSchema,
  'form.focus': FormFocusSchema,
  'form.edit': FormEditSchema,
  'form.save': FormSaveSchema,
  'form.close': FormCloseSchema,
} as const;

export type FormOpen = Static<typeof FormOpenSchema>;
export type FormClientMessage =
  | FormOpen
  | Static<typeof FormFocusSchema>
  | Static<typeof FormEditSchema>
  | Static<typeof FormSaveSchema>
  | Static<typeof FormCloseSchema>;

/** Server → client. `form.update` is form-state.ts's FormUpdate plus the record it autosaved to. */
export type FormServerMessage =
  | {
      readonly type: 'form.opened';
      readonly form: string;
      readonly record: number;
      readonly status: 'draft' | 'saved';
      readonly fields: Readonly<Record<string, FieldValue>>;
      readonly issues: readonly FieldIssue[];
      readonly focus: string;
    }
  | (FormUpdate & { readonly record: number })
  | {
      readonly type: 'form.saved';
      readonly form: string;
      readonly record: number;
      readonly status: 'saved';
      /** the stored save instant (saved_at) */
      readonly savedAt: string;
      readonly issues: readonly FieldIssue[];
    };

/**
 * A text frame's parsed JSON → a form message; `null` when it is not one
 * (no `type`, or a type outside `form.*`), so the caller hands it on to the
 * vosk handler. A malformed form message throws FORM_ERR_MESSAGE.
 */
export function parseFormClientMessage(json: unknown): FormClientMessage | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string' || !type.startsWith('form.')) return null;
  const schema = CLIENT_SCHEMAS[type as keyof typeof CLIENT_SCHEMAS];
  if (!schema) throw new DiktatsError('FORM_ERR_MESSAGE', `unknown type ${JSON.stringify(type)}`);
  if (!Value.Check(schema, json)) {
    const first = Value.Errors(schema, json).First();
    throw new DiktatsError('FORM_ERR_MESSAGE', `${type}${first ? ` ${first.path || '/'}: ${first.message}` : ''}`);
  }
  return json as FormClientMessage;
}
