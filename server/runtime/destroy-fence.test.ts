// Contract: a destroy is a reset. From the moment destroy() is called, messages to that (type, key)
// meet a fresh actor (virtual types) or NOT_FOUND (spawn-only types), never the pre-destroy state,
// even while the destroy still awaits its flush and its delete (destroy-fence.ts). Alarms of the
// destroyed actor that fire meanwhile do not bring it back either.
//
// The model of the property: each key has an epoch, bumped when destroy() is called. An add sent in
// epoch e either fails NOT_FOUND (only when a later destroy of its key was called: it was queued or
// running when that destroy discarded it) or answers the sum of the adds sent in epoch e up to and
// including it (turns run in send order, and a fresh actor starts at 0). Once everything settles,
// the stored count is the sum of the final epoch's adds, and the rings (alarm turns) are at most the
// number of alarms scheduled in that epoch: an alarm of an earlier epoch never rings on a later one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { durable } from './actor-facets.ts';
import { defineActor } from './definition.ts';
import { isActorError } from './errors.ts';
import {
  createTestRuntime,
  deferred,
  expectActorError,
  probeControl,
  probeType,
  watch,
} from './testing/test-kit.ts';

const KEYS = ['k0', 'k1', 'k2'];
const keyIndex = fc.integer({ min: 0, max: KEYS.length - 1 });

const step = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      key: keyIndex,
      by: fc.integer({ min: 1, max: 9 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ op: fc.constant('destroy' as const), key: keyIndex }), weight: 3 },
  fc.record({
    op: fc.constant('schedule' as const),
    key: keyIndex,
    afterMs: fc.integer({ min: 0, max: 1_500 }),
  }),
  fc.record({ op: fc.constant('deactivate' as const), key: keyIndex }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 1_500 }) }),
  fc.constant({ op: 'yield' as const }),
);

interface KeyModel {
  epoch: number;
  /** Sum of the adds sent in the current epoch. */
  sum: number;
  /** Alarms scheduled (acknowledged) per epoch. */
  scheduled: Map<number, number>;
}

describe('destroy fences its key until the delete is committed', () => {
  it('property: a message sent after destroy() was called sees a fresh actor; nothing old comes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (script) => {
        const t = await createTestRuntime({ types: [probeType(probeControl(), { mailboxCapacity: 1_000 })] });
        const models = new Map<string, KeyModel>(
          KEYS.map((k) => [k, { epoch: 0, sum: 0, scheduled: new Map<number, number>() }]),
        );
        const pending: Promise<unknown>[] = [];
        const long = { timeoutMs: 3_600_000 };
        /** A refusal is allowed only as the effect of a later destroy of the same key. */
        const refused = (model: KeyModel, sentIn: number) => (error: unknown) => {
          expect(isActorError(error) && error.code, String(error)).toBe('NOT_FOUND');
          expect(model.epoch, 'refused without a later destroy').toBeGreaterThan(sentIn);
        };
        for (const s of script) {
          if (s.op === 'advance') await t.clock.advance(s.ms);
          else if (s.op === 'yield') await new Promise((resolve) => setImmediate(resolve));
          else {
            const key = KEYS[s.key]!;
            const model = models.get(key)!;
            const ref = t.runtime.get('probe', key);
            const sentIn = model.epoch;
            if (s.op === 'add') {
              model.sum += s.by;
              const expected = model.sum;
              pending.push(
                ref.ask('add', { by: s.by }, long).then(
                  (count) => {
                    expect(count, `${key} add sent in epoch ${sentIn}`).toBe(expected);
                  },
                  refused(model, sentIn),
                ),
              );
            } else if (s.op === 'schedule') {
              const args = { afterMs: s.afterMs, action: 'ring', args: { n: 1 } };
              pending.push(
                ref.ask('schedule', args, long).then(
                  () => {
                    model.scheduled.set(sentIn, (model.scheduled.get(sentIn) ?? 0) + 1);
                  },
                  refused(model, sentIn),
                ),
              );
            } else if (s.op === 'destroy') {
              model.epoch++;
              model.sum = 0;
              pending.push(t.runtime.destroy('probe', key));
            } else {
              // A destroy landing during the deactivation's onDeactivate hook fails it NOT_FOUND.
              pending.push(t.runtime.deactivate('probe', key).catch(refused(model, sentIn)));
            }
          }
        }
        await Promise.all(pending);
        await t.clock.advance(120_000); // every alarm still stored fires (and any retry of one)
        await t.runtime.stop(1_000);
        for (const [key, model] of models) {
          const stored = await t.driver.load('probe', key);
          const state = stored ? JSON.parse(stored.state) : { count: 0, rings: 0 };
          expect(state.count, `${key} count after epoch ${model.epoch}`).toBe(model.sum);
          expect(state.rings, `${key} rings`).toBeLessThanOrEqual(model.scheduled.get(model.epoch) ?? 0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an ask sent while the destroy awaits its flush runs on a fresh actor', async () => {
    const t = await createTestRuntime({ types: [probeType(probeControl())] });
    const ref = t.runtime.get('probe', 'k');
    expect(await ref.ask('add', { by: 5 })).toBe(5);
    const destroyed = t.runtime.destroy('probe', 'k');
    const after = ref.ask('add', { by: 1 });
    expect(await destroyed).toBe(true);
    expect(await after).toBe(1);
    await t.runtime.flush();
    expect(JSON.parse((await t.driver.load('probe', 'k'))!.state).count).toBe(1);
  });

  it('an alarm that fires while the destroy is committing does not bring the actor back', async () => {
    const t = await createTestRuntime({ types: [probeType(probeControl())] });
    const ref = t.runtime.get('probe', 'k');
    await ref.ask('add', { by: 7 });
    await ref.ask('schedule', { afterMs: 100, action: 'ring', args: { n: 1 } });
    await t.runtime.flush();
    const hold = deferred();
    t.driver.hold = hold.promise; // the destroy's flush cannot finish yet
    const last = watch(ref.ask('add', { by: 1 }));
    const destroyed = watch(t.runtime.destroy('probe', 'k'));
    await t.clock.advance(150); // the alarm is due and fires during the destroy
    expect(destroyed.settled).toBe(false);
    t.driver.hold = null;
    hold.resolve();
    expect(await destroyed.promise).toBe(true);
    await last.promise.catch(() => {});
    await t.clock.advance(120_000);
    await t.runtime.flush();
    expect(await t.driver.load('probe', 'k')).toBeUndefined();
    expect(await t.driver.listAlarms('probe', 'k')).toEqual([]);
    expect(t.runtime.describe('probe', 'k')).toBeUndefined();
  });

  it('a spawn-only actor answers NOT_FOUND to messages sent during and after its destroy', async () => {
    const ledger = defineActor({
      type: 'ledger',
      facets: [durable()],
      state: () => ({ n: 0 }),
      actions: { add: { input: z.object({}), handler: (ctx) => ++ctx.state.n } },
    });
    const t = await createTestRuntime({ types: [ledger] });
    await t.runtime.spawn('ledger', 'k');
    const ref = t.runtime.get('ledger', 'k');
    expect(await ref.ask('add')).toBe(1);
    const destroyed = t.runtime.destroy('ledger', 'k');
    const during = ref.ask('add');
    expect(await destroyed).toBe(true);
    await expectActorError(during, 'NOT_FOUND');
    await expectActorError(ref.ask('add'), 'NOT_FOUND');
    await t.runtime.flush();
    expect(await t.driver.load('ledger', 'k')).toBeUndefined();
    // Spawned again, it starts fresh.
    await t.runtime.spawn('ledger', 'k');
    expect(await ref.ask('add')).toBe(1);
  });
});
