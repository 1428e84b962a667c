// Contract: Activation failures — onActivate throwing or corrupt stored state fail the queued callers
// with ACTIVATION_FAILED, the actor backs off, a later retry succeeds, other actors are unaffected.
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { createTestRuntime, expectActorError, probeControl, probeType, watch } from './testing/test-kit.ts';

describe('activation failures', () => {
  it('onActivate throwing fails every queued caller with ACTIVATION_FAILED, then backs off and retries', async () => {
    const control = probeControl();
    control.failActivations = 2;
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'fragile');
    const queued = [ref.ask('add'), ref.ask('add'), ref.ask('get')];
    for (const ask of queued) {
      const error = await expectActorError(ask, 'ACTIVATION_FAILED');
      expect(error.message).toBe('probe/fragile failed to activate: onActivate exploded');
    }
    expect(control.onActivateCalls).toBe(1);
    expect(t.lifecycleOf('probe', 'fragile')).toEqual(['activating', 'failed:error']);

    // inside the 1 s backoff: refused at once, onActivate is not run again
    await t.clock.advance(900);
    await expectActorError(ref.ask('add'), 'ACTIVATION_FAILED');
    expect(control.onActivateCalls).toBe(1);

    // first retry fails again and doubles the backoff to 2 s
    await t.clock.advance(100);
    await expectActorError(ref.ask('add'), 'ACTIVATION_FAILED');
    expect(control.onActivateCalls).toBe(2);
    await t.clock.advance(1_500);
    await expectActorError(ref.ask('add'), 'ACTIVATION_FAILED');
    expect(control.onActivateCalls).toBe(2);

    await t.clock.advance(500);
    expect(await ref.ask('add')).toBe(1);
    expect(control.onActivateCalls).toBe(3);
    expect(t.runtime.stats().counters.activationFailures).toBe(2);
    expect(t.runtime.stats().counters.activationsTotal).toBe(1);
    await t.runtime.flush();
    expect(await t.driver.readLifecycle('probe', 'fragile', 10)).toMatchObject([
      { event: 'activated' },
      { event: 'failed', reason: 'error: onActivate exploded' },
      { event: 'failed', reason: 'error: onActivate exploded' },
    ]);
  });

  it('a failed onActivate leaves no state behind', async () => {
    const control = probeControl();
    control.failActivations = 1;
    const t = await createTestRuntime({ types: [probeType(control)] });
    await expectActorError(t.runtime.get('probe', 'ghost').ask('add'), 'ACTIVATION_FAILED');
    await t.runtime.flush();
    expect(await t.driver.load('probe', 'ghost')).toBeUndefined();
  });

  it('corrupt stored state fails activation with a clear message; other actors are unaffected', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const now = t.clock.now();
    await t.driver.create({
      type: 'counter',
      key: 'corrupt',
      state: '{"count": 4',
      version: 3,
      labels: {},
      config: {},
      activations: 1,
      createdAt: now,
      updatedAt: now,
      lastActiveAt: null,
    });
    const bad = watch(t.runtime.get('counter', 'corrupt').ask('increment'));
    const good = t.runtime.get('counter', 'healthy').ask('increment');
    const error = await expectActorError(bad.promise, 'ACTIVATION_FAILED');
    expect(error.message).toMatch(
      /^counter\/corrupt failed to activate: stored state of counter\/corrupt is corrupt/,
    );
    expect(await good).toBe(1);
    expect((await t.driver.load('counter', 'corrupt'))!.state).toBe('{"count": 4'); // not overwritten
    expect(t.events).toContainEqual(
      expect.objectContaining({ kind: 'lifecycle', key: 'corrupt', transition: 'failed', reason: 'error' }),
    );
  });
});
