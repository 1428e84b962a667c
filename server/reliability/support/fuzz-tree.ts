// Every string position of a JSON input tree (string leaves and object keys, record keys included)
// and a copy of the tree with some of them replaced. Keys are written as own data properties, so a
// replaced key `__proto__` reaches the server as the JSON text `"__proto__": ...`, as an attacker
// would send it, not as a prototype change on the client's side.

type Step = string | number;

export interface StringPosition {
  /** The string leaf, or the object holding the key. */
  path: Step[];
  /** For a key: its current name. */
  key?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function stringPositions(tree: unknown, path: Step[] = []): StringPosition[] {
  if (typeof tree === 'string') return [{ path }];
  if (Array.isArray(tree)) return tree.flatMap((item, i) => stringPositions(item, [...path, i]));
  if (!isRecord(tree)) return [];
  return Object.entries(tree).flatMap(([key, value]) => [
    { path, key },
    ...stringPositions(value, [...path, key]),
  ]);
}

/** A plain object with exactly these own entries, whatever their names. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

function replaceAt(tree: unknown, position: StringPosition, text: string, depth = 0): unknown {
  if (depth === position.path.length) {
    if (position.key === undefined) return text;
    if (!isRecord(tree)) return tree;
    return objectOf(Object.entries(tree).map(([k, v]) => [k === position.key ? text : k, v]));
  }
  const step = position.path[depth]!;
  if (Array.isArray(tree))
    return tree.map((item, i) => (i === step ? replaceAt(item, position, text, depth + 1) : item));
  if (!isRecord(tree)) return tree;
  return objectOf(
    Object.entries(tree).map(([k, v]) => [k, k === step ? replaceAt(v, position, text, depth + 1) : v]),
  );
}

/**
 * The tree with each chosen position replaced by its text. Keys are renamed deepest first, so a
 * deeper position's path still names the keys above it as they were.
 */
export function replaceStrings(tree: unknown, replacements: [StringPosition, string][]): unknown {
  const ordered = [...replacements].sort(
    ([a], [b]) => Number(a.key !== undefined) - Number(b.key !== undefined) || b.path.length - a.path.length,
  );
  return ordered.reduce((current, [position, text]) => replaceAt(current, position, text), tree);
}

/** Readable position for failure reports: `events.0.sensorId`, `labels[key team]`. */
export function describePosition(position: StringPosition): string {
  const path = position.path.join('.');
  return position.key === undefined ? path : `${path}[key ${position.key}]`;
}
