// Contract: swapping a type's code (redeploy, dev reload). The running turn finishes on the old
// code; everything queued behind it, and everything sent afterwards, runs on the new code against
// the same committed state; nothing is lost, applied twice or answered with an untyped error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { alarms, durable, type Facet, virtual } from './actor-facets.ts';
import { type AnyActorDefinition, defineActor } from './definition.ts';
import { createTestRuntime, deferred, expectActorError } from './testing/test-kit.ts';

/** `started` resolves when a turn of this version begins; turns then wait for `gate`. */
function stepper(
  version: number,
  gate?: Promise<void>,
  started?: () => void,
  facets?: readonly Facet[],
): AnyActorDefinition {
  return defineActor({
    type: 'stepper',
    facets,
    state: () => ({ total: 0, byVersion: {} as Record<string, number> }),
    actions: {
      add: {
        input: z.object({ by: z.number().int() }),
        handler: async (ctx, { by }) => {
          started?.();
          if (gate) await gate;
          ctx.state.total += by;
          ctx.state.byVersion[`v${version}`] = (ctx.state.byVersion[`v${version}`] ?? 0) + 1;
          return { total: ctx.state.total, version };
        },
      },
      ...(version >= 2 ? { onlyInV2: { input: z.object({}), handler: () => 'new action' } } : {}),
    },
  });
}

describe('replaceType', () => {
  it('lets the running turn finish on the old code and runs the queue on the new one, state kept', async () => {
    const gate = deferred();
    const started = deferred();
    const t = await createTestRuntime({ types: [stepper(1, gate.promise, started.resolve)] });
    const ref = t.runtime.get('stepper', 'a');
    const running = ref.ask('add', { by: 1 });
    const queued = [ref.ask('add', { by: 10 }), ref.ask('add', { by: 100 })];
    await started.promise; // v1's turn is running; the other two wait behind it
    const replaced = t.runtime.replaceType(stepper(2));
    const sentAfter = ref.ask('add', { by: 1000 });
    gate.resolve();
    expect(await replaced).toEqual({ drained: 1 });
    expect(await running).toEqual({ total: 1, version: 1 });
    expect(await Promise.all([...queued, sentAfter])).toEqual([
      { total: 11, version: 2 },
      { total: 111, version: 2 },
      { total: 1111, version: 2 },
    ]);
    expect(await ref.ask('onlyInV2')).toBe('new action');
    expect(t.lifecycleOf('stepper', 'a')).toContain('deactivated:redeployed');
  });

  it('refuses an action the new version dropped with NOT_FOUND, and an unknown type with NOT_FOUND', async () => {
    const t = await createTestRuntime({ types: [stepper(2)] });
    await t.runtime.get('stepper', 'a').ask('onlyInV2');
    await t.runtime.replaceType(stepper(1));
    await expectActorError(t.runtime.get('stepper', 'a').ask('onlyInV2'), 'NOT_FOUND');
    const other = defineActor({ type: 'never-registered', state: () => ({}), actions: stepper(1).actions });
    await expectActorError(t.runtime.replaceType(other), 'NOT_FOUND');
  });

  it('validates queued messages again against the new version: one its schema refuses never runs', async () => {
    const gate = deferred();
    const account = (input: 'by' | 'amount') =>
      defineActor({
        type: 'account',
        state: () => ({ total: 0 }),
        actions: {
          hold: { input: z.object({}), handler: () => gate.promise },
          add: {
            input: z.object({ [input]: z.number() }),
            handler: (ctx, args: Record<string, number>) => (ctx.state.total += args[input]!),
          },
          total: { input: z.object({}), handler: (ctx) => ctx.state.total },
        },
      });
    const t = await createTestRuntime({ types: [account('by')] });
    const ref = t.runtime.get('account', 'a');
    await ref.ask('add', { by: 5 });
    const held = ref.ask('hold');
    // Observed from the start: it is refused while the swap drains, possibly a loop turn before
    // the swap resolves, and a rejection nobody listens to yet is an unhandled one.
    const queued = expectActorError(ref.ask('add', { by: 10 }), 'BAD_INPUT'); // fits v1, not v2 ({ amount })
    const fits = ref.ask('add', { by: 1, amount: 20 }); // fits both: runs v2 with v2's parse
    const swapped = t.runtime.replaceType(account('amount'));
    gate.resolve();
    await Promise.all([held, swapped]);
    const refused = await queued;
    expect(refused.message).toMatch(/amount/);
    expect(await fits).toBe(25);
    expect(await ref.ask('total')).toBe(25); // not NaN: v2 never saw { by: 10 }
  });

  it('property: any interleaving of asks and swaps applies every ask exactly once, in order per actor', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant('swap' as const), fc.integer({ min: 1, max: 9 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (script, keys) => {
          let version = 1;
          const t = await createTestRuntime({ types: [stepper(version)] });
          const sent: Promise<unknown>[] = [];
          const swaps: Promise<unknown>[] = [];
          const expected = new Map<string, number>();
          script.forEach((step, i) => {
            if (step === 'swap') {
              swaps.push(t.runtime.replaceType(stepper(++version)));
              return;
            }
            const key = `k${i % keys}`;
            expected.set(key, (expected.get(key) ?? 0) + step);
            sent.push(t.runtime.get('stepper', key).ask('add', { by: step }));
          });
          await Promise.all([...sent, ...swaps]);
          for (const [key, total] of expected) {
            const last = (await t.runtime.get('stepper', key).ask('add', { by: 0 })) as { total: number };
            expect(last.total).toBe(total);
          }
          await t.runtime.stop();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an ephemeral actor hands its in-memory state to the new version, spawn-only ones stay spawned', async () => {
    for (const facets of [[virtual()], []] as Facet[][]) {
      const t = await createTestRuntime({ types: [stepper(1, undefined, undefined, facets)] });
      await t.runtime.spawn('stepper', 'e', { initialState: { total: 5, byVersion: {} } });
      await t.runtime.get('stepper', 'e').ask('add', { by: 1 });
      expect(await t.runtime.replaceType(stepper(2, undefined, undefined, facets))).toEqual({ drained: 1 });
      expect(await t.runtime.get('stepper', 'e').ask('add', { by: 10 })).toEqual({ total: 16, version: 2 });
      expect(await t.driver.load('stepper', 'e')).toBeUndefined(); // still nothing stored
      await t.runtime.stop();
    }
  });

  it('drops an alarm whose action the new version removed, and keeps retrying one of a missing type', async () => {
    const withAlarm = (version: number) =>
      defineActor({
        type: 'alarmed',
        facets: [virtual(), durable(), alarms()],
        state: () => ({}),
        actions: {
          arm: { input: z.object({}), handler: (ctx) => ctx.schedule({ afterMs: 1_000 }, 'ring') },
          ...(version === 1 ? { ring: { input: z.object({}), handler: () => 'rang' } } : {}),
        },
      });
    const errors: string[] = [];
    const t = await createTestRuntime({
      types: [withAlarm(1)],
      logger: { error: (_context, message) => void errors.push(message) },
    });
    await t.runtime.get('alarmed', 'a').ask('arm');
    await t.runtime.replaceType(withAlarm(2));
    await t.clock.advance(1_000);
    await t.runtime.flush();
    expect(errors).toContain('alarm dropped: it can never run');
    expect(await t.driver.listAlarms('alarmed', 'a')).toEqual([]);
  });
});
