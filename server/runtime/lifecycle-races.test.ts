// Lifecycle races: spawn, first messages, deactivation and destroy issued together are ordered by
// the one lifecycle state machine (lifecycle.ts). Whatever was in flight, a destroy that was issued
// last leaves nothing behind: no resident activation and no stored state, even when the activation
// it discarded was still loading or running onActivate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { counter } from '../../actors/counter.ts';
import { defineActor } from './definition.ts';
import { canMove } from './lifecycle.ts';
import { createTestRuntime } from './testing/test-kit.ts';

/** onActivate awaits, so a destroy can land while the activation is still activating. */
const slowStart = defineActor({
  type: 'slow-start',
  state: () => ({ count: 0, started: 0 }),
  onActivate: async (ctx) => {
    await new Promise((resolve) => setImmediate(resolve));
    ctx.state.started++;
  },
  actions: {
    increment: {
      input: z.object({}),
      handler: (ctx) => ++ctx.state.count,
    },
  },
});

type Op = 'ask' | 'tell' | 'spawn' | 'deactivate' | 'destroy';
const op = fc.constantFrom<Op>('ask', 'tell', 'spawn', 'deactivate', 'destroy');

describe('lifecycle races', () => {
  it('invoke + destroy of a new key in one tick: the actor does not exist afterwards', async () => {
    for (const type of [counter, slowStart]) {
      const t = await createTestRuntime({ types: [type] });
      const invoked = t.runtime
        .get(type.type, 'new')
        .ask('increment', {})
        .catch((e: Error) => e);
      const destroyed = await t.runtime.destroy(type.type, 'new');
      const outcome = await invoked;
      expect(destroyed).toBe(true);
      expect(outcome).toMatchObject({ code: 'NOT_FOUND' });
      await t.runtime.stop();
      expect(await t.driver.load(type.type, 'new')).toBeUndefined();
    }
  });

  it('property: a destroy issued after any mix of spawn/ask/tell/deactivate leaves nothing behind', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        async (ops, slow, warm) => {
          const type = slow ? slowStart : counter;
          const t = await createTestRuntime({ types: [type] });
          if (warm) await t.runtime.get(type.type, 'k').ask('increment', {});
          const inFlight: Promise<unknown>[] = ops.map((o) => {
            switch (o) {
              case 'ask':
                return t.runtime.get(type.type, 'k').ask('increment', {});
              case 'tell':
                return Promise.resolve(t.runtime.tryTell(type.type, 'k', 'increment', {}));
              case 'spawn':
                return t.runtime.spawn(type.type, 'k');
              case 'deactivate':
                return t.runtime.deactivate(type.type, 'k');
              default:
                return t.runtime.destroy(type.type, 'k');
            }
          });
          const last = t.runtime.destroy(type.type, 'k');
          await Promise.allSettled([...inFlight, last]);
          for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
          await t.runtime.stop();
          expect(t.runtime.describe(type.type, 'k')).toBeUndefined();
          expect(await t.driver.load(type.type, 'k')).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the state machine refuses every transition out of inactive', () => {
    for (const to of ['activating', 'active', 'deactivating', 'failed', 'inactive'] as const) {
      expect(canMove('inactive', to)).toBe(false);
    }
    expect(canMove('activating', 'active')).toBe(true);
    expect(canMove('deactivating', 'active')).toBe(false);
  });
});
