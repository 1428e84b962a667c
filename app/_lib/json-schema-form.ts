// Invoke forms generated from an action's input JSON Schema (what `actors.types` returns, made by
// zod's toJSONSchema). Flat objects of scalars become typed fields with the schema's own rules
// (required, integer, minimum/maximum, lengths, pattern, enum); anything richer (nested objects,
// arrays, unions, schemas zod could not express) falls back to a JSON field, still validated.

export type TFieldKind = 'integer' | 'number' | 'string' | 'boolean' | 'enum' | 'json';

export interface TFormField {
  name: string;
  kind: TFieldKind;
  required: boolean;
  description: string | null;
  defaultValue: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  options?: string[];
}

export interface TFormModel {
  /** True when the whole input is one JSON value (not an object of fields). */
  raw: boolean;
  fields: TFormField[];
}

export type TFormValues = Record<string, string | boolean>;

/** The field name of a raw (whole-input) JSON form. */
export const RAW_FIELD = 'input';

type JsonSchema = Record<string, unknown>;

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function formFromSchema(schema: unknown): TFormModel {
  if (!isObject(schema) || schema.type !== 'object' || !isObject(schema.properties)) {
    return { raw: true, fields: [{ ...baseField(RAW_FIELD, false, null), kind: 'json', defaultValue: {} }] };
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields = Object.entries(schema.properties).map(([name, property]) =>
    fieldOf(name, isObject(property) ? property : {}, required.has(name)),
  );
  return { raw: false, fields };
}

function baseField(name: string, required: boolean, description: string | null) {
  return { name, required, description, defaultValue: undefined };
}

/** The form field a JSON Schema property describes (its kind and rules). */
export function fieldOf(name: string, p: JsonSchema, required: boolean): TFormField {
  const field: TFormField = {
    ...baseField(name, required, typeof p.description === 'string' ? p.description : null),
    kind: 'json',
    defaultValue: p.default,
  };
  if (Array.isArray(p.enum) && p.enum.every((v) => typeof v === 'string')) {
    return { ...field, kind: 'enum', options: p.enum as string[] };
  }
  if (p.type === 'integer' || p.type === 'number') {
    return {
      ...field,
      kind: p.type,
      minimum: num(p.minimum),
      maximum: num(p.maximum),
      exclusiveMinimum: num(p.exclusiveMinimum),
      exclusiveMaximum: num(p.exclusiveMaximum),
    };
  }
  if (p.type === 'string') {
    return {
      ...field,
      kind: 'string',
      minLength: num(p.minLength),
      maxLength: num(p.maxLength),
      pattern: typeof p.pattern === 'string' ? p.pattern : undefined,
    };
  }
  if (p.type === 'boolean') return { ...field, kind: 'boolean' };
  return field;
}

export function initialValues(model: TFormModel): TFormValues {
  const values: TFormValues = {};
  for (const field of model.fields) {
    const d = field.defaultValue;
    if (field.kind === 'boolean') values[field.name] = d === true;
    else if (field.kind === 'json') values[field.name] = d === undefined ? '' : JSON.stringify(d);
    else values[field.name] = d === undefined || d === null ? '' : String(d);
  }
  return values;
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses one field's text by its schema; `value: undefined` means "leave it out". */
export function parseField(field: TFormField, input: string | boolean): Parsed {
  if (field.kind === 'boolean') return { ok: true, value: input === true };
  const text = typeof input === 'string' ? input : String(input);
  const blank = text.trim() === '';
  if (blank && field.kind !== 'string') {
    return field.required ? { ok: false, error: 'Required' } : { ok: true, value: undefined };
  }
  switch (field.kind) {
    case 'integer':
    case 'number':
      return parseNumber(field, text.trim());
    case 'string':
      if (blank && !field.required) return { ok: true, value: undefined };
      // Nothing typed where something must be: the same word as every other empty required field.
      if (text === '' && (field.minLength ?? 0) > 0) return { ok: false, error: 'Required' };
      return checkString(field, text);
    case 'enum':
      return field.options?.includes(text)
        ? { ok: true, value: text }
        : { ok: false, error: `Must be one of ${field.options?.join(', ')}` };
    default:
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false, error: 'Must be valid JSON' };
      }
  }
}

function parseNumber(field: TFormField, text: string): Parsed {
  if (field.kind === 'integer' && !/^[-+]?\d+$/.test(text)) {
    return {
      ok: false,
      error: /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? 'Must be an integer' : 'Must be a number',
    };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, error: 'Must be a number' };
  const problem = numberProblem(field, value);
  return problem ? { ok: false, error: problem } : { ok: true, value };
}

/** Why a number breaks the field's rules (integer, bounds), or null: the words every form here uses. */
export function numberProblem(field: TFormField, value: number): string | null {
  if (field.kind === 'integer' && !Number.isInteger(value)) return 'Must be an integer';
  if (field.minimum !== undefined && value < field.minimum) return `Must be at least ${field.minimum}`;
  if (field.maximum !== undefined && value > field.maximum) return `Must be at most ${field.maximum}`;
  if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum)
    return `Must be greater than ${field.exclusiveMinimum}`;
  if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum)
    return `Must be less than ${field.exclusiveMaximum}`;
  return null;
}

/** Why a string breaks the field's rules (lengths, pattern), or null. */
export function stringProblem(field: TFormField, text: string): string | null {
  if (field.minLength !== undefined && text.length < field.minLength)
    return `Must be at least ${field.minLength} characters`;
  if (field.maxLength !== undefined && text.length > field.maxLength)
    return `Must be at most ${field.maxLength} characters`;
  if (field.pattern !== undefined && !safeRegExp(field.pattern)?.test(text))
    return `Must match ${field.pattern}`;
  return null;
}

function checkString(field: TFormField, text: string): Parsed {
  const problem = stringProblem(field, text);
  return problem ? { ok: false, error: problem } : { ok: true, value: text };
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

/** The action's args and each invalid field's message; args are only meaningful with no errors. */
export function buildArgs(model: TFormModel, values: TFormValues) {
  const errors: Record<string, string> = {};
  const args: Record<string, unknown> = {};
  for (const field of model.fields) {
    const parsed = parseField(field, values[field.name] ?? '');
    if (!parsed.ok) errors[field.name] = parsed.error;
    else if (parsed.value !== undefined) args[field.name] = parsed.value;
  }
  const valid = Object.keys(errors).length === 0;
  return { valid, errors, args: model.raw ? args[RAW_FIELD] : args };
}

/** A one-line summary of a field's rules: "integer · 1 … 100 · default 1". */
export function describeField(field: TFormField): string {
  const parts: string[] = [field.kind === 'enum' ? 'one of' : field.kind];
  const low = field.minimum ?? field.exclusiveMinimum;
  const high = field.maximum ?? field.exclusiveMaximum;
  if (low !== undefined || high !== undefined) parts.push(`${low ?? '−∞'} … ${high ?? '∞'}`);
  if (field.minLength !== undefined || field.maxLength !== undefined)
    parts.push(`length ${field.minLength ?? 0} … ${field.maxLength ?? '∞'}`);
  if (field.required) parts.push('required');
  if (field.defaultValue !== undefined) parts.push(`default ${JSON.stringify(field.defaultValue)}`);
  return parts.join(' · ');
}
