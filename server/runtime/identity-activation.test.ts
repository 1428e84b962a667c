// Contract: Identity, Definition, Activation (one activation for concurrent first messages, spawn).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { counter } from '../../actors/counter.ts';
import { defineActor } from './definition.ts';
import { ActorError } from './errors.ts';
import { Runtime } from './runtime.ts';
import {
  createTestRuntime,
  expectActorError,
  InstrumentedDriver,
  probeControl,
  probeType,
  recordCalls,
} from './testing/test-kit.ts';

describe('identity', () => {
  it('get() returns a ref at once, with no driver call and no activation', async () => {
    const { driver, calls } = recordCalls(new InstrumentedDriver());
    const runtime = new Runtime({ driver, types: [counter] });
    const ref = runtime.get('counter', 'rivet-1');
    expect(ref).toMatchObject({ type: 'counter', key: 'rivet-1' });
    runtime.get('counter', 'rivet-2');
    runtime.get('no-such-type', 'x'); // an address only: not even the type is checked yet
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    expect(runtime.stats().residentActivations).toBe(0);
    expect(await ref.ask('increment', { by: 2 })).toBe(2);
    expect(calls).toContain('load');
  });

  it('1,000 concurrent first asks on one key share exactly one activation', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'hot');
    const results = await Promise.all(Array.from({ length: 1_000 }, () => ref.ask<number>('increment')));
    expect(results).toHaveLength(1_000);
    expect(new Set(results).size).toBe(1_000); // each turn saw a distinct count: serial
    expect(Math.max(...results)).toBe(1_000);
    expect(await ref.ask('get')).toBe(1_000);
    expect(t.runtime.stats().counters.activationsTotal).toBe(1);
    expect(t.lifecycleOf('counter', 'hot')).toEqual(['activating', 'activated']);
    expect((await t.driver.load('counter', 'hot'))?.activations).toBe(1);
  });

  it('tell enqueues without a reply and is processed in order with asks', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'c');
    expect(ref.tell('increment', { by: 5 })).toBeUndefined();
    ref.tell('increment', { by: 5 });
    expect(await ref.ask('get')).toBe(10);
  });
});

describe('definition', () => {
  const actions = { ping: { input: z.object({}), handler: () => 'pong' } };

  it.each(['Counter', '1abc', '', 'a_b', 'a b', 'x'.repeat(64)])('rejects the type name %j', (type) => {
    expect(() => defineActor({ type, state: () => ({}), actions })).toThrow(ActorError);
  });

  it('accepts kebab-case names and rejects a definition without actions or a bad idle timeout', () => {
    expect(defineActor({ type: 'sensor-map-2', state: () => ({}), actions }).type).toBe('sensor-map-2');
    expect(() => defineActor({ type: 'empty', state: () => ({}), actions: {} })).toThrow(/no actions/);
    expect(() => defineActor({ type: 'neg', state: () => ({}), actions, idleTimeoutMs: 0 })).toThrow(
      /idleTimeoutMs/,
    );
  });

  it('unknown type and unknown action reject with NOT_FOUND', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const unknownType = await expectActorError(t.runtime.get('nope', 'a').ask('get'), 'NOT_FOUND');
    expect(unknownType.message).toMatch(/unknown actor type "nope"/);
    const unknownAction = await expectActorError(t.runtime.get('counter', 'a').ask('explode'), 'NOT_FOUND');
    expect(unknownAction.message).toMatch(/no action "explode"/);
    expect(t.runtime.stats().residentActivations).toBe(0); // rejected at the edge: nothing activated
  });

  it('invalid args reject with BAD_INPUT carrying the zod issues', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const error = await expectActorError(
      t.runtime.get('counter', 'a').ask('increment', { by: 'ten' }),
      'BAD_INPUT',
    );
    expect(error.message).toMatch(/by:/);
    expect(error.details).toMatchObject({ issues: [expect.objectContaining({ path: ['by'] })] });
    await expectActorError(t.runtime.get('counter', 'a').ask('increment', { by: 1.5 }), 'BAD_INPUT');
    expect(t.runtime.stats().counters.turnsTotal).toBe(0);
  });

  it('applies zod defaults: increment() with no args adds 1', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'a');
    expect(await ref.ask('increment')).toBe(1);
    expect(await ref.ask('increment', {})).toBe(2);
    expect(await ref.ask('increment', { by: 40 })).toBe(42);
  });
});

describe('spawn', () => {
  it('creates the actor with initialState, labels and config', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const initialState = { count: 41, log: ['seeded'], rings: 0, deactivatedAt: null };
    await t.runtime.spawn('probe', 's', {
      initialState,
      labels: { team: 'red' },
      config: { idleTimeoutMs: 5_000 },
    });
    expect(await t.runtime.get('probe', 's').ask('add')).toBe(42);
    const stored = await t.driver.load('probe', 's');
    expect(stored).toMatchObject({ labels: { team: 'red' }, config: { idleTimeoutMs: 5_000 }, version: 1 });
    expect(JSON.parse(stored!.state)).toMatchObject({ count: 42, log: ['seeded'] });
    expect(control.onActivateCalls).toBe(1);
  });

  it('errors CONFLICT if the actor exists, resident or only stored', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    await t.runtime.spawn('probe', 'resident');
    await expectActorError(t.runtime.spawn('probe', 'resident'), 'CONFLICT');

    await t.runtime.get('probe', 'stored').ask('add');
    expect(await t.runtime.deactivate('probe', 'stored')).toBe(true);
    expect(t.runtime.describe('probe', 'stored')).toBeUndefined();
    await expectActorError(t.runtime.spawn('probe', 'stored'), 'CONFLICT');
    expect(await t.runtime.get('probe', 'stored').ask('get')).toBe(1);
  });

  it('two concurrent spawns of one key: one wins, the other gets CONFLICT', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const outcomes = await Promise.allSettled([
      t.runtime.spawn('counter', 'twin', { initialState: { count: 1 } }),
      t.runtime.spawn('counter', 'twin', { initialState: { count: 2 } }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect(await t.runtime.get('counter', 'twin').ask('get')).toBe(1);
    expect(t.runtime.stats().counters.activationsTotal).toBe(1);
  });

  it('a first message racing a spawn shares the spawned activation (still one per key)', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const spawned = t.runtime.spawn('counter', 'race', { initialState: { count: 10 } });
    const first = t.runtime.get('counter', 'race').ask('increment');
    await spawned;
    expect(await first).toBe(11);
    expect(await t.runtime.get('counter', 'race').askWithVersion('increment')).toEqual({
      result: 12,
      version: 2,
    });
    expect(t.runtime.stats().counters.activationsTotal).toBe(1);
    expect(t.lifecycleOf('counter', 'race')).toEqual(['activating', 'activated']);
  });

  it('spawn after a first message has activated the key is a CONFLICT', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const first = t.runtime.get('counter', 'late').ask('increment');
    await expectActorError(t.runtime.spawn('counter', 'late', { initialState: { count: 10 } }), 'CONFLICT');
    expect(await first).toBe(1);
  });
});
