/**
 * Loads form templates (data in corpora/forms/*.json), validates them against
 * the schema and the rules a schema cannot say (unique ids, one field per
 * spoken label, options for enums), and compiles the spoken labels into
 * matchers. Errors name the file, the JSON path and what to change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { DiktatsError } from '../errors.ts';
import { fold } from '../latvian/folding.ts';
import { PhraseIndex } from './phrase-matcher.ts';
import { FormTemplateSchema, type FormField, type FormTemplate } from './template-schema.ts';
import { COMMAND_KEYS, COMMANDS, commandIndex, type CommandKind } from './voice-commands.ts';

export const DEFAULT_FORMS_DIR = fileURLToPath(new URL('../../corpora/forms/', import.meta.url));

/** Path segments the REST routes use; a template with such an id could not be addressed. */
const RESERVED_IDS = new Set(['records', 'templates']);

export interface CompiledTemplate {
  readonly template: FormTemplate;
  /** fields in template order */
  readonly fields: readonly FormField[];
  readonly byId: ReadonlyMap<string, FormField>;
  /** spoken labels → field id */
  readonly labels: PhraseIndex<string>;
  /** enum field id → its options (spoken → value) */
  readonly options: ReadonlyMap<string, PhraseIndex<string>>;
  /** organisation field id → its known names */
  readonly known: ReadonlyMap<string, PhraseIndex<string>>;
  /** the voice commands with the template's aliases */
  readonly commands: PhraseIndex<CommandKind>;
}

const invalid = (source: string, problems: readonly string[]): DiktatsError =>
  new DiktatsError('FORM_ERR_TEMPLATE_INVALID', `${source}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);

function semanticProblems(t: FormTemplate): string[] {
  const problems: string[] = [];
  if (RESERVED_IDS.has(t.id)) problems.push(`/id: "${t.id}" is reserved; choose another id`);
  const ids = new Map<string, number>();
  const orders = new Map<number, string>();
  const spokenOwner = new Map<string, string>();
  t.fields.forEach((f, i) => {
    const at = `/fields/${i}`;
    if (ids.has(f.id)) problems.push(`${at}/id: "${f.id}" is used twice; field ids must be unique`);
    ids.set(f.id, i);
    const other = orders.get(f.order);
    if (other !== undefined) problems.push(`${at}/order: ${f.order} is also the order of "${other}"; give each field its own position`);
    orders.set(f.order, f.id);
    f.spoken.forEach((s, j) => {
      const key = s.split(/\s+/u).filter(Boolean).map(fold).join(' ');
      const owner = spokenOwner.get(key);
      if (owner !== undefined && owner !== f.id) problems.push(`${at}/spoken/${j}: "${s}" already names field "${owner}"; a spoken label must lead to one field`);
      spokenOwner.set(key, f.id);
      if (COMMAND_KEYS.has(key)) problems.push(`${at}/spoken/${j}: "${s}" is a voice command; choose another word`);
    });
    const v = f.validation ?? {};
    if (f.type === 'enum' && !v.options) problems.push(`${at}/validation/options: an enum field needs its options`);
    if (f.type !== 'enum' && v.options) problems.push(`${at}/validation/options: only enum fields take options`);
    if (f.type !== 'organisation' && v.known) problems.push(`${at}/validation/known: only organisation fields take known names`);
    if (v.min !== undefined && v.max !== undefined && v.min > v.max) problems.push(`${at}/validation: min ${v.min} is above max ${v.max}`);
    if ((v.min !== undefined || v.max !== undefined) && f.type !== 'integer' && f.type !== 'money') {
      problems.push(`${at}/validation: min and max apply to integer and money fields only`);
    }
    if (v.future !== undefined && f.type !== 'date') problems.push(`${at}/validation/future: applies to date fields only`);
  });
  for (const [kind, aliases] of Object.entries(t.commands ?? {})) {
    aliases.forEach((a, j) => {
      const key = a.split(/\s+/u).filter(Boolean).map(fold).join(' ');
      const owner = spokenOwner.get(key);
      if (owner !== undefined) problems.push(`/commands/${kind}/${j}: "${a}" already names field "${owner}"; an alias must not be a label`);
    });
  }
  return problems;
}

/** Validates parsed JSON as a template and compiles it. `source` names it in errors (a file path). */
export function compileTemplate(json: unknown, source: string): CompiledTemplate {
  if (!Value.Check(FormTemplateSchema, json)) {
    const problems = [...Value.Errors(FormTemplateSchema, json)].map((e) => `${e.path || '/'}: ${e.message}`);
    throw invalid(source, problems);
  }
  const t = json;
  const problems = semanticProblems(t);
  if (problems.length > 0) throw invalid(source, problems);

  const fields = [...t.fields].sort((a, b) => a.order - b.order);
  const labels = new PhraseIndex<string>();
  const options = new Map<string, PhraseIndex<string>>();
  const known = new Map<string, PhraseIndex<string>>();
  for (const f of fields) {
    for (const s of f.spoken) labels.add(s, f.id);
    if (f.validation?.options) {
      const index = new PhraseIndex<string>();
      for (const o of f.validation.options) for (const s of [o.value, ...(o.spoken ?? [])]) index.add(s, o.value);
      options.set(f.id, index);
    }
    if (f.validation?.known) {
      const index = new PhraseIndex<string>();
      for (const k of f.validation.known) index.add(k, k);
      known.set(f.id, index);
    }
  }
  const commands = t.commands ? commandIndex(t.commands) : COMMANDS;
  return { template: t, fields, byId: new Map(fields.map((f) => [f.id, f])), labels, options, known, commands };
}

export function parseTemplateFile(file: string): CompiledTemplate {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'file not found' : e instanceof SyntaxError ? `not valid JSON (${e.message})` : e.message;
    throw new DiktatsError('FORM_ERR_TEMPLATE_INVALID', `${file}: ${why}`, { cause: err });
  }
  const compiled = compileTemplate(json, file);
  const expected = `${compiled.template.id}.json`;
  if (path.basename(file) !== expected) {
    throw invalid(file, [`/id: "${compiled.template.id}" does not match the file name; name the file ${expected}`]);
  }
  return compiled;
}

export interface TemplateRegistry {
  /** in id order */
  list(): readonly CompiledTemplate[];
  /** throws FORM_ERR_TEMPLATE_NOT_FOUND */
  get(id: string): CompiledTemplate;
  has(id: string): boolean;
}

export function createTemplateRegistry(templates: readonly CompiledTemplate[]): TemplateRegistry {
  const byId = new Map<string, CompiledTemplate>();
  for (const t of templates) {
    if (byId.has(t.template.id)) throw invalid(t.template.id, [`/id: two templates share the id "${t.template.id}"`]);
    byId.set(t.template.id, t);
  }
  const sorted = [...byId.values()].sort((a, b) => a.template.id.localeCompare(b.template.id));
  return {
    list: () => sorted,
    get(id) {
      const t = byId.get(id);
      if (!t) throw new DiktatsError('FORM_ERR_TEMPLATE_NOT_FOUND', JSON.stringify(id));
      return t;
    },
    has: (id) => byId.has(id),
  };
}

/** Every *.json in `dir`; one bad file stops the load, so a broken template is noticed at boot. */
export function loadTemplateDir(dir: string = DEFAULT_FORMS_DIR): TemplateRegistry {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    throw new DiktatsError('FORM_ERR_TEMPLATE_INVALID', `${dir}: cannot read the folder (${(err as Error).message})`, { cause: err });
  }
  return createTemplateRegistry(names.map((n) => parseTemplateFile(path.join(dir, n))));
}
