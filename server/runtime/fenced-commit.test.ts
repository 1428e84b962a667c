// A fenced commit (cluster mode: another node took the actor over) refuses one actor's writes and
// commits the rest of the batch: the refused actor's callers get a retriable UNAVAILABLE, its
// in-memory copy is dropped (the next message reloads what storage holds), its keyed answer is not
// remembered, and the other actors of the same batch are unaffected.
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { actorId } from './storage.ts';
import { createTestRuntime, expectActorError, InstrumentedDriver } from './testing/test-kit.ts';

describe('fenced commits', () => {
  it('fail only the refused actor of a batch, retriably, and lose nothing of the others', async () => {
    const driver = new InstrumentedDriver();
    const t = await createTestRuntime({ types: [counter], driver });
    const moved = t.runtime.get('counter', 'moved');
    const stays = t.runtime.get('counter', 'stays');
    await moved.ask('increment', { by: 1 });
    await stays.ask('increment', { by: 1 });

    driver.fenced.add(actorId('counter', 'moved'));
    const [refused, kept] = await Promise.allSettled([
      moved.ask('increment', { by: 10 }, { idempotencyKey: 'once' }),
      stays.ask('increment', { by: 10 }),
    ]);
    // Both turns were in one batch: the refusal took out one actor's writes, not the batch.
    const batch = driver.commits.find((b) =>
      b.states.some((s) => s.key === 'stays' && s.state.includes('11')),
    );
    expect(batch?.states.map((s) => s.key).sort()).toEqual(['moved', 'stays']);
    expect(kept).toEqual({ status: 'fulfilled', value: 11 });
    expect(refused.status).toBe('rejected');
    const error = await expectActorError(
      Promise.reject((refused as PromiseRejectedResult).reason),
      'UNAVAILABLE',
    );
    expect(error.details).toEqual({ retriable: true });
    expect((await driver.load('counter', 'moved'))?.state).toBe(JSON.stringify({ count: 1 }));

    // The fence lifts (say the node owns the actor again): the retry with the same key is applied
    // once, from the stored state, not from the refused in-memory copy.
    driver.fenced.clear();
    await expect(moved.ask('increment', { by: 10 }, { idempotencyKey: 'once' })).resolves.toBe(11);
    await expect(moved.ask('increment', { by: 10 }, { idempotencyKey: 'once' })).resolves.toBe(11);
    expect(t.lifecycleOf('counter', 'moved')).toContain('deactivated:error');
    await t.runtime.stop();
  });
});
