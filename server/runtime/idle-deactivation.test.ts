// Contract: Idle deactivation (onDeactivate, flush, evict; re-activation from storage), the
// resident cap (LRU idle first), manual deactivate, destroy and stop.
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { settle } from './testing/manual-clock.ts';
import { createTestRuntime, expectActorError, probeControl, probeType, watch } from './testing/test-kit.ts';

describe('idle deactivation', () => {
  it('deactivates after idleTimeoutMs without messages, flushes, evicts, and re-activates from storage', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] }); // idleTimeoutMs 1,000
    const ref = t.runtime.get('probe', 'sleepy');
    await ref.ask('add', { by: 7 });

    await t.clock.advance(900);
    expect(t.runtime.describe('probe', 'sleepy')?.status).toBe('active');
    expect(control.onDeactivateCalls).toBe(0);

    await t.clock.advance(200);
    expect(control.onDeactivateCalls).toBe(1);
    expect(t.runtime.describe('probe', 'sleepy')).toBeUndefined();
    expect(t.lifecycleOf('probe', 'sleepy')).toEqual([
      'activating',
      'activated',
      'deactivating:idle',
      'deactivated:idle',
    ]);
    const stored = (await t.driver.load('probe', 'sleepy'))!;
    // onDeactivate's own state change was flushed as well
    expect(JSON.parse(stored.state)).toMatchObject({ count: 7, deactivatedAt: t.clock.now() - 100 });
    expect(stored.version).toBe(2);

    expect(await ref.askWithVersion('get')).toEqual({ result: 7, version: 2 });
    expect(t.runtime.stats().counters.activationsTotal).toBe(2);
    expect(control.onActivateCalls).toBe(2);
    await ref.ask('add'); // the activation count is persisted with the next write
    expect((await t.driver.load('probe', 'sleepy'))!.activations).toBe(2);
  });

  it('every message resets the idle timer', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'busy');
    for (let i = 0; i < 5; i++) {
      await ref.ask('add');
      await t.clock.advance(700);
    }
    expect(control.onDeactivateCalls).toBe(0);
    await t.clock.advance(400);
    expect(control.onDeactivateCalls).toBe(1);
  });

  it('an actor activated early and kept busy does not shield later idle actors from collection', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const busy = t.runtime.get('probe', 'first');
    await busy.ask('add');
    await t.runtime.get('probe', 'second').ask('add');
    for (let i = 0; i < 6; i++) {
      await t.clock.advance(300);
      await busy.ask('add');
    }
    expect(t.runtime.describe('probe', 'second')).toBeUndefined();
    expect(t.runtime.describe('probe', 'first')?.status).toBe('active');
  });

  it('honours a per-actor idleTimeoutMs given at spawn', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control, { idleTimeoutMs: 60_000 })] });
    await t.runtime.spawn('probe', 'quick', { config: { idleTimeoutMs: 200 } });
    await t.runtime.get('probe', 'slow').ask('add');
    await t.runtime.get('probe', 'quick').ask('add');
    await t.clock.advance(300);
    expect(t.runtime.describe('probe', 'quick')).toBeUndefined();
    expect(t.runtime.describe('probe', 'slow')?.status).toBe('active');
    // the config is persisted, so it holds after re-activation too
    await t.runtime.get('probe', 'quick').ask('add');
    await t.clock.advance(300);
    expect(t.runtime.describe('probe', 'quick')).toBeUndefined();
    expect(t.lifecycleOf('probe', 'quick').filter((e) => e === 'deactivated:idle')).toHaveLength(2);
  });

  it('the resident cap evicts the least recently used idle actors first', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)], maxResident: 3 });
    for (const key of ['a', 'b', 'c']) await t.runtime.get('probe', key).ask('add');
    await t.runtime.get('probe', 'a').ask('add'); // a is now the most recently used: b is the LRU
    await t.runtime.get('probe', 'd').ask('add');
    await settle();
    expect(t.lifecycleOf('probe', 'b')).toContain('deactivated:evicted');
    expect(t.lifecycleOf('probe', 'a')).not.toContain('deactivating:evicted');
    expect([...t.runtime.residents()].map((x) => x.key).sort()).toEqual(['a', 'c', 'd']);
    expect(JSON.parse((await t.driver.load('probe', 'b'))!.state)).toMatchObject({ count: 1 });
  });

  it('the cap skips busy actors and never evicts more than the excess', async () => {
    const control = probeControl();
    let release!: () => void;
    control.hang = new Promise((resolve) => (release = resolve));
    const t = await createTestRuntime({ types: [probeType(control)], maxResident: 3 });
    const hung = t.runtime.get('probe', 'a').ask('wait');
    for (const key of ['b', 'c']) await t.runtime.get('probe', key).ask('add');
    await t.runtime.get('probe', 'd').ask('add'); // evicts b (a is busy)
    await t.runtime.get('probe', 'e').ask('add'); // evicts c only
    await settle();
    const evicted = t.events.flatMap((e) =>
      e.kind === 'lifecycle' && e.transition === 'deactivated' ? [e] : [],
    );
    expect(evicted.map((e) => e.key)).toEqual(['b', 'c']);
    expect([...t.runtime.residents()].map((x) => x.key).sort()).toEqual(['a', 'd', 'e']);
    release();
    await hung;
  });

  it('evicts only the excess when several activations arrive at once', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)], maxResident: 3 });
    for (const key of ['a', 'b', 'c']) await t.runtime.get('probe', key).ask('add');
    await Promise.all(['d', 'e'].map((key) => t.runtime.get('probe', key).ask('add')));
    await settle();
    expect(t.runtime.stats().residentActivations).toBe(3);
    expect(t.runtime.stats().counters.deactivationsTotal).toBe(2);
  });
});

describe('manual deactivate, destroy, stop', () => {
  it('deactivate flushes and evicts; a message meanwhile goes to a fresh activation', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'm');
    await ref.ask('add', { by: 4 });
    const deactivation = t.runtime.deactivate('probe', 'm');
    const next = ref.ask('add');
    expect(await deactivation).toBe(true);
    expect(await next).toBe(5);
    expect(t.lifecycleOf('probe', 'm')).toEqual([
      'activating',
      'activated',
      'deactivating:manual',
      'deactivated:manual',
      'activating',
      'activated',
    ]);
    expect(await t.runtime.deactivate('probe', 'never')).toBe(false);
  });

  it('destroy removes state, alarms and journal; a later ask starts fresh', async () => {
    const t = await createTestRuntime({ types: [counter, probeType(probeControl())] });
    const c = t.runtime.get('counter', 'doomed');
    await c.ask('increment', { by: 9 });
    const p = t.runtime.get('probe', 'doomed');
    await p.ask('schedule', { afterMs: 5_000, action: 'ring' });
    expect(await t.driver.listAlarms('probe', 'doomed')).toHaveLength(1);

    expect(await t.runtime.destroy('counter', 'doomed')).toBe(true);
    expect(await t.runtime.destroy('probe', 'doomed')).toBe(true);
    expect(await t.driver.load('counter', 'doomed')).toBeUndefined();
    expect(await t.driver.readJournal('counter', 'doomed', 10)).toEqual([]);
    expect(await t.driver.listAlarms('probe', 'doomed')).toEqual([]);
    expect(t.lifecycleOf('counter', 'doomed').at(-1)).toBe('deactivated:destroyed');

    await t.clock.advance(6_000);
    expect(await p.ask('state')).toMatchObject({ count: 0, rings: 0 }); // the alarm never fired
    expect(await c.askWithVersion('increment')).toEqual({ result: 1, version: 1 });
    expect(await t.runtime.destroy('counter', 'never-existed')).toBe(false);
  });

  it('destroy during a running turn: the late turn cannot resurrect the actor', async () => {
    const control = probeControl();
    let release!: () => void;
    control.hang = new Promise((resolve) => (release = resolve));
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'zombie');
    await ref.ask('add');
    const hung = watch(ref.ask('wait'));
    await settle();
    expect(await t.runtime.destroy('probe', 'zombie')).toBe(true);
    await expectActorError(hung.promise, 'NOT_FOUND');
    release();
    await settle();
    await t.runtime.flush();
    expect(await t.driver.load('probe', 'zombie')).toBeUndefined();
  });

  it('stop drains, deactivates everything with reason shutdown and refuses new messages', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    await Promise.all(['x', 'y'].map((key) => t.runtime.get('probe', key).ask('add')));
    await t.runtime.stop();
    expect(control.onDeactivateCalls).toBe(2);
    expect(t.runtime.stats().residentActivations).toBe(0);
    expect(t.lifecycleOf('probe', 'x').at(-1)).toBe('deactivated:shutdown');
    await expectActorError(t.runtime.get('probe', 'x').ask('get'), 'UNAVAILABLE');
  });

  it('stop does not hang on a turn that outlives the drain: the turn fails UNAVAILABLE and rolls back', async () => {
    const control = probeControl();
    control.hang = new Promise(() => {}); // never settles
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'stuck');
    await ref.ask('add');
    const hung = watch(ref.ask('wait'));
    await settle();
    await t.runtime.stop(50);
    await expectActorError(hung.promise, 'UNAVAILABLE');
    expect(t.lifecycleOf('probe', 'stuck').at(-1)).toBe('deactivated:shutdown');
    expect(JSON.parse((await t.driver.load('probe', 'stuck'))!.state)).toMatchObject({ count: 1 });
  });
});
