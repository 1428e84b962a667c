// Contract: what the control plane accepts, it can return. Over real HTTP (raw JSON bodies, so keys a
// typed client could never send get through), spawn either refuses the labels and initial state
// with a BAD_REQUEST naming the path, or accepts them, and then actors.get and an unfiltered
// actors.list return exactly them. Generated: arbitrary JSON with Object.prototype names, superjson's
// reserved keys, dotted and unicode keys, lone surrogates, and nesting up to 100 levels.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawCall } from '../test-support/raw-call.ts';
import { servedTroupePerTest } from '../test-support/served-troupe.ts';
import { MAX_JSON_DEPTH } from './json-data.ts';

const served = servedTroupePerTest();
const RUNS = Number(process.env.EDGE_PROPERTY_RUNS ?? 150);

const DANGEROUS = [
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  'then',
  'toJSON',
  'a.b',
  '',
  '\ud800',
  'team',
];
const keyArb = fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ unit: 'binary', maxLength: 8 }));
const leafArb = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
/** Own data properties, `__proto__` included (a plain `{ [k]: v }` literal would set the prototype). */
const objectOf = (entries: [string, unknown][]) => {
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(object, k, { value: v, enumerable: true, writable: true });
  return object;
};
const { json: jsonArb } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leafArb,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.array(fc.tuple(keyArb, tie('json')), { maxLength: 4 }).map(objectOf),
  ),
}));
/** Wraps a value in `depth` levels of objects or arrays: around the depth limit and far beyond it. */
const nestedArb = fc
  .tuple(jsonArb, fc.oneof(fc.constant(0), fc.integer({ min: MAX_JSON_DEPTH - 4, max: MAX_JSON_DEPTH + 40 })))
  .map(([value, depth]) => {
    let nested = value;
    for (let i = 0; i < depth; i++) nested = i % 2 ? [nested] : objectOf([['n', nested]]);
    return nested;
  });
const labelsArb = fc
  .array(fc.tuple(keyArb, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 3 })
  .map(objectOf);

/** What the transport delivers: JSON text, without `__proto__` keys (superjson's copy drops them). */
function delivered(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, item) => (key === '__proto__' ? undefined : item));
}

describe('spawn accepts only what get and list can return', () => {
  it('every accepted spawn reads back exactly; every refused one is a BAD_REQUEST naming the path', async () => {
    let n = 0;
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.option(nestedArb, { nil: undefined }), labelsArb, async (initialState, labels) => {
        const key = `rt-${++n}`;
        const spawn = await rawCall(served.url, 'actors.spawn', {
          type: 'counter',
          key,
          initialState,
          labels,
        });
        if (spawn.status !== 200) {
          outcomes.refused++;
          expect(spawn.status).toBe(400);
          expect(spawn.error?.message).toMatch(/^(initialState|labels)[^:]*: /);
          return;
        }
        outcomes.accepted++;
        const get = await rawCall(served.url, 'actors.get', { type: 'counter', key }, 'query');
        expect(get.status).toBe(200);
        const detail = get.data as { state: unknown; labels: unknown; unreadable: string[] };
        expect(detail.unreadable ?? []).toEqual([]);
        expect(detail.labels).toEqual(delivered(labels));
        if (initialState !== undefined) expect(detail.state).toEqual(delivered(initialState));
        const list = await rawCall(served.url, 'actors.list', { limit: 500 }, 'query');
        expect(list.status).toBe(200);
        const items = (list.data as { items: { key: string; labels: unknown }[] }).items;
        expect(items.find((item) => item.key === key)?.labels).toEqual(delivered(labels));
      }),
      { numRuns: RUNS },
    );
    expect(outcomes.accepted).toBeGreaterThan(RUNS / 10);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
  }, 120_000);
});
