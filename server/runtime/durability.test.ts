// Contract: Durability — the output gate, group commit, no write for a no-op turn, monotonic versions,
// and what a failed commit means for the caller and the actor.
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import { settle } from './testing/manual-clock.ts';
import {
  createTestRuntime,
  deferred,
  expectActorError,
  probeControl,
  probeType,
  watch,
} from './testing/test-kit.ts';

describe('durability', () => {
  it('releases a reply only after the commit holding its write has resolved', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'gated');
    expect(await ref.ask('increment')).toBe(1);
    const commitsBefore = t.driver.commits.length;

    const gate = deferred();
    t.driver.hold = gate.promise;
    const reply = watch(ref.ask('increment'));
    await settle(10);
    expect(t.driver.commits.length).toBe(commitsBefore + 1); // the commit started...
    expect(t.driver.commits.at(-1)!.states).toMatchObject([{ key: 'gated', version: 2 }]);
    expect(reply.settled).toBe(false); // ...but the caller must not see an uncommitted result
    expect(JSON.parse((await t.driver.load('counter', 'gated'))!.state)).toEqual({ count: 1 });

    t.driver.hold = null;
    gate.resolve();
    expect(await reply.promise).toBe(2);
    expect(JSON.parse((await t.driver.load('counter', 'gated'))!.state)).toEqual({ count: 2 });
  });

  it('gates a later read-only reply behind the pending write it observed', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'read-after-write');
    await ref.ask('increment');
    const gate = deferred();
    t.driver.hold = gate.promise;
    const write = watch(ref.ask('increment'));
    const read = watch(ref.ask('get'));
    await settle(10);
    expect(write.settled || read.settled).toBe(false); // `get` returned 2: not durable yet
    t.driver.hold = null;
    gate.resolve();
    expect(await read.promise).toBe(2);
  });

  it('groups the turns of 100 actors in one tick into one commit', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const refs = Array.from({ length: 100 }, (_, i) => t.runtime.get('counter', `g${i}`));
    await Promise.all(refs.map((ref) => ref.ask('get'))); // activate them all first
    await t.runtime.flush();
    const before = t.driver.commits.length;

    const results = await Promise.all(refs.map((ref) => ref.ask('increment', { by: 3 })));
    expect(results).toEqual(refs.map(() => 3));
    const batches = t.driver.commits.slice(before);
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(batches.reduce((n, b) => n + b.states.length, 0)).toBe(100);
  });

  it('collapses several turns of one actor in a batch into one state upsert', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'burst');
    await ref.ask('get');
    await t.runtime.flush();
    const before = t.driver.commits.length;
    await Promise.all(Array.from({ length: 20 }, () => ref.ask('increment')));
    const batches = t.driver.commits.slice(before);
    expect(batches.reduce((n, b) => n + b.states.length, 0)).toBeLessThanOrEqual(2);
    expect(batches.at(-1)!.states.at(-1)).toMatchObject({ key: 'burst', version: 20 });
  });

  it('a turn that changes nothing writes nothing', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] }); // probe: not journaled
    const ref = t.runtime.get('probe', 'still');
    await ref.ask('add');
    await t.runtime.flush();
    const before = t.driver.commits.length;
    for (let i = 0; i < 10; i++) expect(await ref.ask('get')).toBe(1);
    await t.runtime.flush();
    await settle();
    expect(t.driver.commits.length).toBe(before);
  });

  it('a journaled no-op turn appends its journal row but no state write', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'still');
    await ref.ask('increment');
    await t.runtime.flush();
    const before = t.driver.commits.length;
    await ref.ask('get');
    await t.runtime.flush();
    const batches = t.driver.commits.slice(before);
    expect(batches.flatMap((b) => b.states)).toEqual([]);
    expect(batches.flatMap((b) => b.journal)).toMatchObject([{ action: 'get', version: 1 }]);
  });

  it('increments the version by exactly one per changing turn', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'versions');
    const versions: number[] = [];
    for (const action of ['add', 'get', 'add', 'fail', 'add', 'get', 'add']) {
      const reply = await ref.askWithVersion(action).catch(() => null);
      if (reply) versions.push(reply.version);
    }
    expect(versions).toEqual([1, 1, 2, 3, 3, 4]);
    expect((await t.driver.load('probe', 'versions'))!.version).toBe(4);
  });

  it('a failed commit rejects the caller with UNAVAILABLE; the next message reloads from storage', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'lossy');
    await ref.ask('increment', { by: 2 });
    expect(t.runtime.stats().counters.activationsTotal).toBe(1);

    t.driver.failCommits = true;
    const error = await expectActorError(ref.ask('increment', { by: 10 }), 'UNAVAILABLE');
    expect(error.message).toMatch(/not committed/);
    expect(t.lifecycleOf('counter', 'lossy')).toContain('deactivated:error');
    expect(t.runtime.describe('counter', 'lossy')).toBeUndefined();

    t.driver.failCommits = false;
    expect(await ref.askWithVersion('get')).toEqual({ result: 2, version: 1 }); // memory was ahead: dropped
    expect(t.runtime.stats().counters.activationsTotal).toBe(2);
    expect(await ref.ask('increment')).toBe(3);
  });
});
