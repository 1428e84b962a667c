// What the control plane carries as "JSON data" (initial state, and every stored value it returns):
// null, booleans, finite numbers, strings, arrays and plain objects, at most MAX_JSON_DEPTH levels
// deep, with no key the wire format refuses. superjson (our tRPC transformer) throws on the keys
// `__proto__`, `constructor` and `prototype` anywhere in a response and recurses once per level
// (quadratic time, stack overflow near 2,000 levels), so a value outside these rules, once stored,
// could never be returned: it is refused on the way in and reported, not thrown, on the way out.
// @see https://github.com/flightcontrolhq/superjson/blob/main/src/plainer.ts (walker)

/** Deepest nesting accepted: `{"a":1}` is depth 1, a scalar is depth 0. */
export const MAX_JSON_DEPTH = 64;

/** Keys superjson refuses to serialize (prototype-pollution guard), wherever they appear. */
export const WIRE_RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonDataProblem {
  /** Where, from the value's root: object keys and array indexes. */
  path: (string | number)[];
  message: string;
}

/**
 * The first reason `value` is not JSON data the control plane can carry, or null if it is one.
 * Iterative (an explicit stack), so a 100k-level value is refused without exhausting the call stack.
 */
export function findJsonDataProblem(value: unknown): JsonDataProblem | null {
  return walk(value, true);
}

/**
 * The first reason the wire cannot carry `value` back (a reserved key, too deep), or null. Weaker than
 * findJsonDataProblem: an action's result may be any value superjson serializes (undefined, a Date).
 */
export function findWireProblem(value: unknown): JsonDataProblem | null {
  return walk(value, false);
}

function walk(value: unknown, jsonOnly: boolean): JsonDataProblem | null {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const problem = jsonOnly ? problemOf(next.value) : null;
    if (problem) return { path: next.path, message: problem };
    if (!isContainer(next.value)) continue;
    if (next.path.length >= MAX_JSON_DEPTH) {
      return { path: next.path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    }
    const entries: [string | number, unknown][] = Array.isArray(next.value)
      ? next.value.map((item, index) => [index, item])
      : Object.entries(next.value);
    for (const [key, item] of entries.reverse()) {
      if (typeof key === 'string' && WIRE_RESERVED_KEYS.has(key)) {
        return { path: [...next.path, key], message: 'reserved key (__proto__, constructor, prototype)' };
      }
      pending.push({ value: item, path: [...next.path, key] });
    }
  }
  return null;
}

/** Arrays and plain objects: what superjson walks into (other objects it serializes whole). */
function isContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Why one node is not JSON data, ignoring its children. */
function problemOf(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${value} is not a finite number`;
    case 'object': {
      if (value === null || Array.isArray(value)) return null;
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return null;
      return `${proto?.constructor?.name ?? 'object'} is not JSON data (use plain objects and arrays)`;
    }
    default:
      return `${typeof value} is not JSON data`;
  }
}
