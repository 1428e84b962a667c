// Contract: Lifecycle events — every transition and every turn's outcome is an event on the typed bus.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from './definition.ts';
import type { LifecycleEvent, TurnEvent } from './events.ts';
import { createTestRuntime, probeControl, probeType } from './testing/test-kit.ts';

describe('lifecycle events', () => {
  it('emits activating, activated, deactivating, deactivated with reasons, stamped with the clock', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'life');
    await ref.ask('add');
    await t.runtime.deactivate('probe', 'life');
    await ref.ask('add');
    await t.clock.advance(1_000);
    await ref.ask('add');
    await t.runtime.stop();
    expect(t.lifecycleOf('probe', 'life')).toEqual([
      'activating',
      'activated',
      'deactivating:manual',
      'deactivated:manual',
      'activating',
      'activated',
      'deactivating:idle',
      'deactivated:idle',
      'activating',
      'activated',
      'deactivating:shutdown',
      'deactivated:shutdown',
    ]);
    const idle = t.events.find(
      (e): e is LifecycleEvent =>
        e.kind === 'lifecycle' && e.reason === 'idle' && e.transition === 'deactivated',
    );
    expect(idle?.at).toBe(t.clock.now());
  });

  it('emits failed with the error when activation fails', async () => {
    const control = probeControl();
    control.failActivations = 1;
    const t = await createTestRuntime({ types: [probeType(control)] });
    await t.runtime
      .get('probe', 'x')
      .ask('add')
      .catch(() => {});
    expect(t.events.filter((e) => e.kind === 'lifecycle')).toMatchObject([
      { transition: 'activating', type: 'probe', key: 'x' },
      { transition: 'failed', reason: 'error', error: 'onActivate exploded' },
    ]);
  });

  it('persists activated, failed and deactivated in the lifecycle log', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    await t.runtime.get('probe', 'log').ask('add');
    await t.runtime.deactivate('probe', 'log');
    await t.runtime.flush();
    expect(await t.driver.readLifecycle('probe', 'log', 10)).toMatchObject([
      { event: 'deactivated', reason: 'manual' },
      { event: 'activated', reason: null },
    ]);
  });

  it('emits a turn event per turn with ok/error, version and durationMs', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'turns');
    await ref.ask('add', { by: 2 });
    await ref.ask('fail').catch(() => {});
    await ref.ask('get');
    const turns = t.events.filter((e): e is TurnEvent => e.kind === 'turn');
    expect(turns).toMatchObject([
      { type: 'probe', key: 'turns', action: 'add', ok: true, version: 1 },
      { action: 'fail', ok: false, error: 'boom', version: 1 },
      { action: 'get', ok: true, version: 1 },
    ]);
    for (const turn of turns) {
      expect(turn.durationMs).toBeGreaterThanOrEqual(0);
      expect(turn.durationMs).toBeLessThan(1_000);
      expect(turn.at).toBe(t.clock.now());
    }
  });

  it("measures an async turn's duration from its start to its end", async () => {
    const sleeper = defineActor({
      type: 'sleeper',
      state: () => ({}),
      actions: {
        nap: {
          input: z.object({ ms: z.number() }),
          handler: async (_ctx, { ms }) => new Promise((resolve) => setTimeout(resolve, ms)),
        },
      },
    });
    const t = await createTestRuntime({ types: [sleeper] });
    await t.runtime.get('sleeper', 's').ask('nap', { ms: 30 });
    const turn = t.events.find((e): e is TurnEvent => e.kind === 'turn');
    expect(turn?.durationMs).toBeGreaterThanOrEqual(25);
    expect(turn?.durationMs).toBeLessThan(1_000);
  });

  it('emits broadcasts only after the turn committed, and none for a failed turn', async () => {
    const caster = defineActor({
      type: 'caster',
      state: () => ({ n: 0 }),
      actions: {
        cast: {
          input: z.object({ fail: z.boolean().default(false) }),
          handler: (ctx, { fail }) => {
            ctx.state.n++;
            ctx.broadcast('changed', { n: ctx.state.n });
            if (fail) throw new Error('nope');
          },
        },
      },
    });
    const t = await createTestRuntime({ types: [caster] });
    const ref = t.runtime.get('caster', 'c');
    await ref.ask('cast');
    await ref.ask('cast', { fail: true }).catch(() => {});
    const broadcasts = t.events.filter((e) => e.kind === 'broadcast');
    expect(broadcasts).toMatchObject([{ type: 'caster', key: 'c', event: 'changed', payload: { n: 1 } }]);
  });

  it('a throwing listener never breaks a turn', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const silence = console.error;
    console.error = () => {};
    const off = t.runtime.bus.on(() => {
      throw new Error('bad listener');
    });
    try {
      expect(await t.runtime.get('probe', 'l').ask('add')).toBe(1);
    } finally {
      off();
      console.error = silence;
    }
  });
});
