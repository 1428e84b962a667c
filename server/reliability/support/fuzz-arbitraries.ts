// fast-check arbitraries for fuzzing the control plane: odd values (everything superjson can carry,
// huge, deep, prototype-ish keys), mutations of valid inputs, and raw malformed requests.
import fc from 'fast-check';
import { encodeInput, type RawRequest } from './fuzz-http.ts';

/** `depth` levels of arrays and objects; printed as `nested(depth)` in counterexamples. */
const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  Object.defineProperty(value, fc.toStringMethod, { value: () => `nested(${depth})`, enumerable: false });
  return value;
};

const exotic = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
});

/** Values an input field may be replaced with. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: exotic, weight: 2 },
  // Values superjson carries but JSON cannot (bigint, dates, maps...), alone or inside an object.
  {
    arbitrary: fc.oneof(fc.bigInt(), fc.date({ noInvalidDate: false }), fc.constant(new Map([[1, 2]]))),
    weight: 1,
  },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), exotic, { minKeys: 1, maxKeys: 3 }), weight: 2 },
  {
    arbitrary: fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      2 ** 53 + 1,
      -1,
      0,
      1e308,
      undefined,
      null,
      '',
      '\u0000',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      'a'.repeat(300),
      { __proto__: { polluted: true } },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { constructor: { prototype: { polluted: true } } },
    ),
    weight: 2,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 64 }), weight: 1 },
  { arbitrary: fc.integer({ min: 100, max: 3_000 }).map(nested), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
  { arbitrary: fc.array(fc.integer(), { minLength: 500, maxLength: 5_000 }), weight: 1 },
);

export interface Mutation {
  op: 'drop' | 'set' | 'add' | 'replace' | 'nested';
  pick: number;
  name: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.oneof(
    { arbitrary: fc.constantFrom<Mutation['op']>('drop', 'add', 'replace'), weight: 3 },
    { arbitrary: fc.constantFrom<Mutation['op']>('set', 'nested'), weight: 4 },
  ),
  pick: fc.nat(),
  name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'json', 'meta')),
  value: oddValue,
});

/** Plain objects only (not arrays, typed arrays, maps, dates...). */
const isObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Applies mutations to a deep copy of a valid input. */
export function mutate(input: unknown, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(input);
  for (const m of mutations) {
    if (m.op === 'replace' || !isObject(root)) {
      root = m.value;
      continue;
    }
    let target: Record<string, unknown> = root;
    if (m.op === 'nested') {
      // Descend into a nested object field (args, config, an event...), if there is one.
      const objects = Object.values(root)
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .filter(isObject);
      if (objects.length > 0) target = objects[m.pick % objects.length]!;
    }
    const keys = Object.keys(target);
    const key = keys.length > 0 ? keys[m.pick % keys.length]! : m.name;
    if (m.op === 'drop') delete target[key];
    else if (m.op === 'add')
      Object.defineProperty(target, m.name, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else target[key] = m.value;
  }
  return root;
}

const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/octet-stream',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded',
  '',
];

/** Requests no client library would send: broken JSON, wrong envelopes, odd content types, batches. */
export function rawRequest(paths: string[]): fc.Arbitrary<RawRequest> {
  const body = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.record({ json: oddValue, meta: fc.jsonValue({ maxDepth: 3 }) }).map((v) => encodeInput(v) ?? '{}'),
    fc
      .record({
        json: fc.jsonValue({ maxDepth: 2 }),
        values: fc.dictionary(
          fc.string({ maxLength: 10 }),
          fc.constantFrom(
            ['bigint'],
            ['Date'],
            ['set'],
            ['map'],
            ['regexp'],
            ['custom', 'x'],
            ['class', 'X'],
            'undefined',
          ),
        ),
      })
      .map(({ json, values }) => JSON.stringify({ json, meta: { values } })),
    fc.constantFrom('', '{', '[]', 'null', '{"0":', '{"json":', '\u0000', '{"json":1}'.repeat(1000)),
  );
  return fc.record({
    method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
    path: fc.oneof(
      fc.constantFrom(...paths),
      fc.array(fc.constantFrom(...paths), { minLength: 2, maxLength: 4 }).map((p) => p.join(',')),
      fc.string({ maxLength: 30 }),
    ),
    batch: fc.boolean(),
    payload: fc.option(body, { nil: undefined }),
    contentType: fc.constantFrom(...CONTENT_TYPES),
  });
}
