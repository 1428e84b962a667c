// Property: swaps of a type's code interleaved with everything else its activations go through:
// failed activations (onActivate throws), manual and idle deactivations, time passing, turns that
// await, the runtime stopping. Whatever the order, every ask settles, refusals are typed
// (ACTIVATION_FAILED, or UNAVAILABLE once stopping), and each actor's stored total is exactly the
// sum of the adds that were acknowledged; no ask runs on code older than the version it was sent to.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyActorDefinition, defineActor } from './definition.ts';
import { isActorError } from './errors.ts';
import { createTestRuntime } from './testing/test-kit.ts';

/** How many of the next activations (of any version) fail in onActivate. */
const failing = { activations: 0 };

function tally(version: number): AnyActorDefinition {
  return defineActor({
    type: 'tally',
    idleTimeoutMs: 500,
    state: () => ({ total: 0 }),
    onActivate: () => {
      if (failing.activations > 0) {
        failing.activations--;
        throw new Error(`v${version} onActivate failed`);
      }
    },
    actions: {
      add: {
        input: z.object({ by: z.number().int() }),
        handler: async (ctx, { by }) => {
          await new Promise((resolve) => setImmediate(resolve)); // swaps land mid-turn
          ctx.state.total += by;
          return version;
        },
      },
      total: { input: z.object({}), handler: (ctx) => ctx.state.total },
    },
  });
}

const step = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('ask' as const),
      key: fc.integer({ min: 0, max: 2 }),
      by: fc.integer({ min: 1, max: 9 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.constant({ op: 'swap' as const }), weight: 3 },
  fc.record({ op: fc.constant('deactivate' as const), key: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ op: 'failNextActivation' as const }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 800 }) }),
  fc.constant({ op: 'yield' as const }),
  { arbitrary: fc.constant({ op: 'stop' as const }), weight: 1 },
);

describe('replaceType with the rest of the lifecycle', () => {
  it('property: every ask settles, typed; committed totals are the acknowledged adds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (script) => {
        failing.activations = 0;
        let version = 1;
        const t = await createTestRuntime({ types: [tally(version)] });
        const acknowledged = new Map<string, number>();
        const pending: Promise<unknown>[] = [];
        for (const s of script) {
          if (s.op === 'ask') {
            const key = `k${s.key}`;
            const sentTo = version;
            pending.push(
              t.runtime
                .get('tally', key)
                .ask('add', { by: s.by }, { timeoutMs: 3_600_000 })
                .then(
                  (ranOn) => {
                    // Sent after swap N: never run by code older than N (only a running turn finishes on it).
                    expect(ranOn).toBeGreaterThanOrEqual(sentTo);
                    acknowledged.set(key, (acknowledged.get(key) ?? 0) + s.by);
                  },
                  (error: unknown) => {
                    expect(['ACTIVATION_FAILED', 'UNAVAILABLE']).toContain(isActorError(error) && error.code);
                  },
                ),
            );
          } else if (s.op === 'swap') pending.push(t.runtime.replaceType(tally(++version)));
          else if (s.op === 'deactivate') pending.push(t.runtime.deactivate('tally', `k${s.key}`));
          else if (s.op === 'failNextActivation') failing.activations++;
          else if (s.op === 'advance') await t.clock.advance(s.ms);
          else if (s.op === 'stop') pending.push(t.runtime.stop(1_000));
          else await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(pending);
        await t.runtime.stop(1_000);
        for (const key of ['k0', 'k1', 'k2']) {
          const stored = await t.driver.load('tally', key);
          expect(stored ? JSON.parse(stored.state).total : 0, key).toBe(acknowledged.get(key) ?? 0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
