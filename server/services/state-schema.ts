// What the spawn form knows about a type's state: its default (what `state()` returns) and a JSON
// Schema read off that default, since definitions declare no state schema. The inferred schema is
// deliberately loose: types per property, every property that has a non-null default required (an
// initial state replaces the default whole, so a missing property would reach handlers as
// undefined), arrays of anything, and null defaults accepting any value.
import { findJsonDataProblem } from '../api/json-data.ts';
import type { AnyActorDefinition } from '../runtime/definition.ts';

export interface TStateShape {
  /** The type's default state, as JSON data. */
  initial: unknown;
  /** A JSON Schema for initial states; `inferred` when read off the default. */
  schema: Record<string, unknown>;
  source: 'inferred';
}

/** Below this depth nested values are not described (any value passes). */
const MAX_DEPTH = 8;

/** The type's default state and its schema; null when `state()` throws or is not JSON data. */
export function describeStateShape(definition: AnyActorDefinition): TStateShape | null {
  let initial: unknown;
  try {
    initial = definition.state();
  } catch {
    return null;
  }
  if (initial === undefined || findJsonDataProblem(initial)) return null;
  return { initial, schema: schemaOfSample(initial, 0), source: 'inferred' };
}

export function schemaOfSample(value: unknown, depth = 0): Record<string, unknown> {
  if (value === null || depth >= MAX_DEPTH) return {};
  if (Array.isArray(value)) return { type: 'array' };
  switch (typeof value) {
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return { type: 'number' };
    case 'string':
      return { type: 'string' };
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>);
      return {
        type: 'object',
        properties: Object.fromEntries(entries.map(([name, v]) => [name, schemaOfSample(v, depth + 1)])),
        required: entries.filter(([, v]) => v !== null).map(([name]) => name),
      };
    }
    default:
      return {};
  }
}
