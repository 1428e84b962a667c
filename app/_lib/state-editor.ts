// The spawn form's initial-state editor: JSON text checked before anything is sent, first as JSON
// data the control plane accepts (json-data.ts, the server's own rules), then against the type's
// state schema (`actors.types` -> state.schema). Messages use the invoke form's words
// (json-schema-form.ts), prefixed with where in the state they apply: "count: Must be a number".
import { findJsonDataProblem } from '../../server/api/json-data.ts';
import { fieldOf, numberProblem, stringProblem } from './json-schema-form.ts';

export type TStateCheck =
  | { ok: true /** undefined: blank, the type's default state. */; value: unknown }
  | { ok: false; error: string };

type JsonSchema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Pretty JSON of a type's default state: what the editor starts from. */
export const stateText = (state: unknown) => JSON.stringify(state, null, 2);

export function checkInitialState(text: string, schema: unknown): TStateCheck {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Must be valid JSON${whereInText(error, text)}` };
  }
  if (value === null) return { ok: false, error: 'null is not a state; leave it empty for the default' };
  const problem = findJsonDataProblem(value);
  if (problem) return { ok: false, error: at(problem.path, problem.message) ?? problem.message };
  const mismatch = isObject(schema) ? schemaProblem(value, schema, []) : null;
  return mismatch ? { ok: false, error: mismatch } : { ok: true, value };
}

/** The first way `value` breaks `schema` (a JSON Schema subset: type, properties, required, enum, bounds). */
export function schemaProblem(value: unknown, schema: JsonSchema, path: (string | number)[]): string | null {
  const field = fieldOf(String(path.at(-1) ?? 'state'), schema, true);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => Object.is(option, value))) {
    return at(path, `Must be one of ${schema.enum.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  switch (schema.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number') return at(path, 'Must be a number');
      return at(path, numberProblem(field, value));
    case 'string':
      if (typeof value !== 'string') return at(path, 'Must be a string');
      return at(path, stringProblem(field, value));
    case 'boolean':
      return typeof value === 'boolean' ? null : at(path, 'Must be true or false');
    case 'array':
      if (!Array.isArray(value)) return at(path, 'Must be a list');
      if (!isObject(schema.items)) return null;
      for (const [i, item] of value.entries()) {
        const problem = schemaProblem(item, schema.items, [...path, i]);
        if (problem) return problem;
      }
      return null;
    case 'object':
      return objectProblem(value, schema, path);
    default:
      return null;
  }
}

function objectProblem(value: unknown, schema: JsonSchema, path: (string | number)[]): string | null {
  if (!isObject(value)) return at(path, 'Must be an object');
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const name of required) if (!Object.hasOwn(value, name)) return at([...path, name], 'Required');
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, property] of Object.entries(properties)) {
    if (!Object.hasOwn(value, name) || !isObject(property)) continue;
    const problem = schemaProblem(value[name], property, [...path, name]);
    if (problem) return problem;
  }
  return null;
}

/** "a.b[2]: message"; the message alone at the root. */
function at(path: (string | number)[], message: string | null): string | null {
  if (message === null) return null;
  if (path.length === 0) return message;
  const where = path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`));
  return `${where.join('')}: ${message}`;
}

/** " (line 3, column 7)" from a JSON.parse error that names a position; else nothing. */
function whereInText(error: unknown, text: string): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
