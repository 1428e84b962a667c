// Contract: the spawn-only gate (spawn-only-gate.ts) while its existence check is pending. The
// messages waiting on it are answered like queued ones: a destroy fails them and is not undone by
// the check, their deadline expires them, a shutdown answers them; a redeploy meanwhile means the
// actor activates on the new code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { durable } from './actor-facets.ts';
import { type AnyActorDefinition, defineActor } from './definition.ts';
import type { StoredActor } from './storage.ts';
import {
  createTestRuntime,
  deferred,
  expectActorError,
  InstrumentedDriver,
  watch,
} from './testing/test-kit.ts';

/** A memory driver whose loads can be held open (a slow or stuck storage read). */
class SlowLoadDriver extends InstrumentedDriver {
  holdLoads: Promise<void> | null = null;

  override async load(type: string, key: string): Promise<StoredActor | undefined> {
    if (this.holdLoads) await this.holdLoads;
    return super.load(type, key);
  }
}

function ledger(version = 1): AnyActorDefinition {
  return defineActor({
    type: 'ledger',
    facets: [durable()],
    state: () => ({ n: 0 }),
    actions: {
      add: { input: z.object({}), handler: (ctx) => ({ n: ++ctx.state.n, version }) },
      n: { input: z.object({}), handler: (ctx) => ctx.state.n },
    },
  });
}

/** A runtime with one spawned, stored, non-resident ledger/k. */
async function spawnedLedger() {
  const driver = new SlowLoadDriver();
  const t = await createTestRuntime({ types: [ledger()], driver });
  await t.runtime.spawn('ledger', 'k');
  await t.runtime.get('ledger', 'k').ask('add');
  await t.runtime.deactivate('ledger', 'k');
  return { ...t, driver };
}

describe('spawn-only gate, while the existence check is pending', () => {
  it('a destroy fails the waiting messages and stays done: the check does not bring the actor back', async () => {
    const t = await spawnedLedger();
    const sent = watch(t.runtime.get('ledger', 'k').ask('add'));
    expect(await t.runtime.destroy('ledger', 'k')).toBe(true);
    await sent.promise.catch(() => {});
    await t.runtime.flush();
    expect(sent.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(t.runtime.describe('ledger', 'k')).toBeUndefined();
    expect(await t.driver.load('ledger', 'k')).toBeUndefined();
    await expectActorError(t.runtime.get('ledger', 'k').ask('add'), 'NOT_FOUND');
  });

  // Asks sent before the destroy; ones sent while it runs are the destroy fence's (destroy-fence.test.ts).
  it('property: asks sent before a destroy, at any point of the check, leave the actor gone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }),
        async (asks, ticks) => {
          const t = await spawnedLedger();
          const ref = t.runtime.get('ledger', 'k');
          const sent = Array.from({ length: asks }, () => ref.ask('add').catch((e: unknown) => e));
          for (let i = 0; i < ticks; i++) await Promise.resolve(); // the check pending, answered, or activating
          expect(await t.runtime.destroy('ledger', 'k')).toBe(true);
          for (const outcome of await Promise.all(sent)) {
            if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'NOT_FOUND' });
          }
          await t.runtime.flush();
          expect(await t.driver.load('ledger', 'k')).toBeUndefined();
          expect(t.runtime.describe('ledger', 'k')).toBeUndefined();
          await t.runtime.stop();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a redeploy meanwhile: the actor activates on the new code', async () => {
    const t = await spawnedLedger();
    const ref = t.runtime.get('ledger', 'k');
    const first = ref.ask('add');
    await t.runtime.replaceType(ledger(2));
    expect(await first).toEqual({ n: 2, version: 2 });
    expect(await ref.ask('add')).toEqual({ n: 3, version: 2 });
    await t.runtime.deactivate('ledger', 'k');
    const refused = ref.ask('add'); // waits for the check, then meets a version whose `add` needs `by`
    const add = {
      input: z.object({ by: z.number() }),
      handler: (ctx: { state: { n: number } }, { by }: { by: number }) => (ctx.state.n += by),
    };
    await t.runtime.replaceType(defineActor({ ...ledger(3), actions: { ...ledger(3).actions, add } }));
    await expectActorError(refused, 'BAD_INPUT');
    expect(await ref.ask('n')).toBe(3);
  });

  it('a waiting ask times out at its deadline even if storage never answers', async () => {
    const t = await spawnedLedger();
    t.driver.holdLoads = deferred().promise; // stuck storage
    const sent = watch(t.runtime.get('ledger', 'k').ask('add', {}, { timeoutMs: 500 }));
    await t.clock.advance(700);
    expect(sent.settled).toBe(true);
    expect(sent.error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('shutdown waits for a pending check (bounded) and answers what still waits', async () => {
    const t = await spawnedLedger();
    const load = deferred();
    t.driver.holdLoads = load.promise;
    const answered = watch(t.runtime.get('ledger', 'k').ask('add'));
    const stopping = t.runtime.stop(50);
    load.resolve(); // storage answers during the drain: the message runs before the runtime stops
    await stopping;
    expect(answered.value).toEqual({ n: 2, version: 1 });

    const u = await spawnedLedger();
    u.driver.holdLoads = deferred().promise; // storage never answers
    const stuck = watch(u.runtime.get('ledger', 'k').ask('add'));
    await u.runtime.stop(50);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stuck.error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(u.runtime.describe('ledger', 'k')).toBeUndefined();
  });
});
