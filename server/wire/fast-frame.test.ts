// The hand-checked fast path must accept exactly what the zod schema accepts, with the same data:
// random frames mixing valid and invalid fields of every kind, both parsers, same verdict.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './fast-frame.ts';
import { ZClientFrame } from './protocol.ts';

const lengths = (max: number) =>
  fc.oneof(fc.constant(0), fc.constant(1), fc.constant(max), fc.constant(max + 1));
const stringOf = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 8 }),
    lengths(max).map((n) => 'k'.repeat(n)),
    fc.constantFrom('a\u0000b', 'lone\ud800', '\udfff', 'ok\ud83d\ude00', '__proto__', ''),
    fc.integer(),
    fc.constant(null),
  );
const deep = (levels: number) => JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
const args = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    deep(64),
    deep(65),
    JSON.parse('{"__proto__":{"x":1}}'),
    JSON.parse('{"ok":{"constructor":1}}'),
    [1, Number.NaN],
    { when: new Date(0) },
  ),
);
const field = {
  op: fc.constantFrom('ask', 'tell', 'hello', 'subscribe', 'unsubscribe', 'nope'),
  id: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, '7')),
  type: stringOf(63),
  key: stringOf(256),
  action: stringOf(128),
  args,
  idempotencyKey: stringOf(128),
  timeoutMs: fc.oneof(fc.integer({ min: -5, max: 400_000 }), fc.constantFrom(1, 300_000, 300_001, 2.5)),
  token: fc.string({ maxLength: 4 }),
  to: fc.constantFrom('broadcasts', 'changes', 'other'),
  extra: fc.anything(),
};
/** A valid ask or tell. */
const validCall = fc.record(
  {
    op: fc.constantFrom('ask', 'tell'),
    id: fc.nat(),
    type: fc.constantFrom('counter', 'chat-room'),
    key: fc.string({ minLength: 1, maxLength: 20 }),
    action: fc.constantFrom('get', 'increment'),
    args: fc.jsonValue(),
    idempotencyKey: fc.string({ minLength: 1, maxLength: 10 }),
    timeoutMs: fc.integer({ min: 1, max: 300_000 }),
  },
  { requiredKeys: ['op', 'id', 'type', 'key', 'action'] },
);
type Field = keyof typeof field;
const fieldNames = Object.keys(field) as Field[];
/** A valid call with one field replaced (by a boundary or wrong value) or removed. */
const nearlyValid = fc
  .tuple(validCall, fc.constantFrom(...fieldNames), fc.boolean())
  .chain(([frame, name, remove]) =>
    remove
      ? fc.constant(Object.fromEntries(Object.entries(frame).filter(([k]) => k !== name)))
      : (field[name] as fc.Arbitrary<unknown>).map((value) => ({ ...frame, [name]: value })),
  );
const frameArb = fc.oneof(
  validCall,
  nearlyValid,
  nearlyValid,
  fc.record(field, { requiredKeys: [] }),
  fc.anything(),
);

describe('wire frame fast path', () => {
  it('accepts exactly the frames zod accepts, with the same data', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const fast = parseClientFrame(frame);
        const zod = ZClientFrame.safeParse(frame);
        expect(fast.success).toBe(zod.success);
        if (fast.success && zod.success) expect(fast.data).toEqual(zod.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees on every boundary value of every field of an ask and a tell', () => {
    const strings = (max: number) => [
      '',
      'k',
      'k'.repeat(max),
      'k'.repeat(max + 1),
      'a\u0000b',
      'lone\ud800',
      7,
      null,
    ];
    const boundaries: Record<string, unknown[]> = {
      op: ['ask', 'tell', 'hello', 'nope', undefined],
      id: [0, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, '7', undefined],
      type: [...strings(63), undefined],
      key: [...strings(256), 'ok\ud83d\ude00', undefined],
      action: [...strings(128), undefined],
      args: [undefined, null, { a: 1 }, deep(64), deep(65), JSON.parse('{"__proto__":1}'), [Number.NaN]],
      idempotencyKey: [...strings(128), undefined],
      timeoutMs: [undefined, 0, 1, 300_000, 300_001, 2.5, '5'],
      extra: [undefined, 1],
    };
    for (const op of ['ask', 'tell']) {
      const base = { op, id: 1, type: 'counter', key: 'a', action: 'get', args: { by: 1 } };
      for (const [name, values] of Object.entries(boundaries)) {
        for (const value of values) {
          const frame: Record<string, unknown> = { ...base };
          if (value === undefined) delete frame[name];
          else frame[name] = value;
          const fast = parseClientFrame(frame);
          const zod = ZClientFrame.safeParse(frame);
          expect({ name, value, ok: fast.success }).toEqual({ name, value, ok: zod.success });
        }
      }
    }
  });

  it('takes the fast path for a plain ask (the same object comes back, not a zod copy)', () => {
    const frame = { op: 'ask', id: 1, type: 'counter', key: 'a', action: 'get', args: { by: 1 } };
    const parsed = parseClientFrame(frame);
    expect(parsed.success && parsed.data).toBe(frame);
  });
});
