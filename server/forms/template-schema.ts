/**
 * The shape of a form template file (corpora/forms/*.json). The same TypeBox
 * schema validates the files at load time and describes them in the REST
 * responses, so the two cannot drift apart.
 */
import { Type, type Static } from '@sinclair/typebox';

export const FIELD_TYPES = [
  'name', // person's name: each word capitalised, diacritics kept ("Bērziņš")
  'personal_code', // Latvian personas kods, DDMMYY-NNNNN
  'address', // "Brīvības iela 23-5, Madona"
  'phone', // 8 digits
  'integer',
  'money', // euros as a JSON number
  'organisation', // a provider or institution, canonical spelling from `validation.known`
  'reference', // invoice and case numbers: letters, digits, "-" and "/"
  'iban',
  'date', // ISO 8601 date
  'enum', // one of `validation.options`
  'text', // free text with punctuation commands applied
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

const Phrase = Type.String({ minLength: 1, maxLength: 80 });

export const FieldOptionSchema = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 120 }),
    /** other ways to say the value; the value itself is always accepted */
    spoken: Type.Optional(Type.Array(Phrase, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const FieldValidationSchema = Type.Object(
  {
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    /** enum: the allowed values */
    options: Type.Optional(Type.Array(FieldOptionSchema, { minItems: 1, maxItems: 200 })),
    /** organisation: canonical spellings to snap what was heard to */
    known: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 1000 })),
    /** date: a date said without a year is the next such date from today, not this year's */
    future: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const FormFieldSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }),
    label: Type.String({ minLength: 1, maxLength: 120 }),
    /** what the clerk says to reach the field, in the nominative; other case forms are derived */
    spoken: Type.Array(Phrase, { minItems: 1, maxItems: 20 }),
    type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
    required: Type.Boolean(),
    /** position in the form; "nākamais lauks" follows it */
    order: Type.Integer({ minimum: 1 }),
    validation: Type.Optional(FieldValidationSchema),
  },
  { additionalProperties: false },
);

export const FormTemplateSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    version: Type.Integer({ minimum: 1 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    /** short spoken aliases of the voice commands for this form ("tālāk" = next field, "gatavs" = save) */
    commands: Type.Optional(
      Type.Object(
        {
          next: Type.Optional(Type.Array(Phrase, { maxItems: 10 })),
          previous: Type.Optional(Type.Array(Phrase, { maxItems: 10 })),
          save: Type.Optional(Type.Array(Phrase, { maxItems: 10 })),
        },
        { additionalProperties: false },
      ),
    ),
    fields: Type.Array(FormFieldSchema, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);

export type FieldOption = Static<typeof FieldOptionSchema>;
export type FieldValidation = Static<typeof FieldValidationSchema>;
export type FormField = Static<typeof FormFieldSchema>;
export type FormTemplate = Static<typeof FormTemplateSchema>;

/** A field's value: numbers for integer and money, strings for everything else (and for a value heard but invalid). */
export type FieldValue = string | number;
export type FieldValues = Readonly<Record<string, FieldValue>>;
