// Contract: Backpressure (bounded mailboxes -> OVERLOADED) and the ask deadline (-> TIMEOUT).
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { settle } from './testing/manual-clock.ts';
import { createTestRuntime, expectActorError, probeControl, probeType, watch } from './testing/test-kit.ts';

function hangingProbe() {
  const control = probeControl();
  let release!: () => void;
  control.hang = new Promise((resolve) => (release = resolve));
  return { control, release: () => release() };
}

describe('backpressure', () => {
  it('rejects the (N+1)th queued message with OVERLOADED at once, and the mailbox never grows', async () => {
    const { control, release } = hangingProbe();
    const t = await createTestRuntime({ types: [probeType(control)] }); // mailboxCapacity 8
    const ref = t.runtime.get('probe', 'full');
    const running = ref.ask('wait');
    await settle();
    const queued = Array.from({ length: 8 }, (_, i) => watch(ref.ask('add', { tag: `q${i}` })));
    const overflow = watch(ref.ask('add', { tag: 'overflow' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(overflow.settled).toBe(true); // rejected while the actor is still stuck in its turn
    await expectActorError(overflow.promise, 'OVERLOADED');

    for (let i = 0; i < 10_000; i++) ref.tell('add', { tag: 'flood' });
    expect(t.runtime.describe('probe', 'full')?.mailboxDepth).toBe(8);
    expect(t.runtime.stats().counters.rejectedOverloaded).toBe(10_001);
    expect(queued.every((q) => !q.settled)).toBe(true);

    release();
    await running;
    await Promise.all(queued.map((q) => q.promise));
    const state = await ref.ask<{ log: string[] }>('state');
    expect(state.log).toEqual(Array.from({ length: 8 }, (_, i) => `q${i}`));
  });

  it('bounds the mailbox of an actor that is still activating', async () => {
    const t = await createTestRuntime({ types: [counter] }); // default capacity 1,000
    const ref = t.runtime.get('counter', 'burst');
    const asks = Array.from({ length: 1_001 }, () => ref.ask<number>('increment').catch((e) => e.code));
    const results = await Promise.all(asks);
    expect(results.filter((r) => r === 'OVERLOADED')).toHaveLength(1);
    expect(results.at(-1)).toBe('OVERLOADED');
    expect(await ref.ask('get')).toBe(1_000);
  });
});

describe('ask deadline', () => {
  it('a hung handler fails its caller with TIMEOUT after timeoutMs; the actor then serves the next message', async () => {
    const { control, release } = hangingProbe();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'hung');
    await ref.ask('add', { by: 5 });
    const hung = watch(ref.ask('wait', {}, { timeoutMs: 1_000 }));
    const next = watch(ref.ask('add'));
    await t.clock.advance(900);
    expect(hung.settled).toBe(false);
    await t.clock.advance(100);
    const error = await expectActorError(hung.promise, 'TIMEOUT');
    expect(error.message).toMatch(/probe\/hung wait did not finish in time/);
    expect(await next.promise).toBe(6); // the hung turn's +1000 was rolled back
    expect(t.runtime.stats().counters.timeouts).toBe(1);
    expect(t.events).toContainEqual(expect.objectContaining({ kind: 'turn', action: 'wait', ok: false }));

    release(); // the abandoned handler finishing late changes nothing
    await settle();
    expect(await ref.ask('get')).toBe(6);
  });

  it('defaults to a 30 s deadline', async () => {
    const { control, release } = hangingProbe();
    const t = await createTestRuntime({ types: [probeType(control, { idleTimeoutMs: 120_000 })] });
    const hung = watch(t.runtime.get('probe', 'd').ask('wait'));
    await t.clock.advance(29_900);
    expect(hung.settled).toBe(false);
    await t.clock.advance(100);
    await expectActorError(hung.promise, 'TIMEOUT');
    release();
  });

  it('an ask whose deadline passes while queued is failed by the sweep and never run', async () => {
    const { control, release } = hangingProbe();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'queue');
    const head = watch(ref.ask('wait', {}, { timeoutMs: 10_000 }));
    const late = watch(ref.ask('add', { tag: 'late' }, { timeoutMs: 500 }));
    await t.clock.advance(500);
    const error = await expectActorError(late.promise, 'TIMEOUT');
    expect(error.message).toMatch(/still queued/);
    release();
    await head.promise;
    expect(await ref.ask('state')).toMatchObject({ log: [] });
  });

  it('an ask already past its deadline when its turn comes is never run, even before a sweep', async () => {
    const { control, release } = hangingProbe();
    const t = await createTestRuntime({ types: [probeType(control)], start: false }); // no sweeper
    const ref = t.runtime.get('probe', 'nosweep');
    const head = watch(ref.ask('wait'));
    const late = watch(ref.ask('add', { tag: 'late' }, { timeoutMs: 500 }));
    await settle();
    await t.clock.advance(1_000);
    release();
    await head.promise;
    await expectActorError(late.promise, 'TIMEOUT');
    expect(await ref.ask('state')).toMatchObject({ log: [] });
  });
});
