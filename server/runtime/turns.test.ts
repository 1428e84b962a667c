// Contract: Turns — one message at a time per actor, in arrival order; a throw rolls the turn back.
import { describe, expect, it } from 'vitest';
import { createTestRuntime, expectActorError, probeControl, probeType } from './testing/test-kit.ts';

describe('turns', () => {
  it('run strictly one at a time, in arrival order, even when handlers await', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control, { mailboxCapacity: 100 })] });
    const ref = t.runtime.get('probe', 'serial');
    const tags = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const results = await Promise.all(tags.map((tag) => ref.ask<number>('slowAdd', { tag })));
    // A read-await-write handler loses updates if turns interleave.
    expect(results).toEqual(tags.map((_, i) => i + 1));
    const state = await ref.ask<{ count: number; log: string[] }>('state');
    expect(state.count).toBe(50);
    expect(state.log).toEqual(tags);
    expect(control.trace).toEqual(tags.flatMap((tag) => [`start ${tag}`, `end ${tag}`]));
  });

  it('keeps arrival order across sync and async actions mixed with tells', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control, { mailboxCapacity: 100 })] });
    const ref = t.runtime.get('probe', 'mixed');
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      if (i % 3 === 0) ref.tell('add', { by: 1, tag: `t${i}` });
      else if (i % 3 === 1) pending.push(ref.ask('slowAdd', { tag: `s${i}` }));
      else pending.push(ref.ask('add', { tag: `a${i}` }));
    }
    await Promise.all(pending);
    const state = await ref.ask<{ log: string[] }>('state');
    expect(state.log).toEqual(['t0', 's1', 'a2', 't3', 's4', 'a5', 't6', 's7', 'a8', 't9']);
  });

  it('different actors progress independently of a hung one', async () => {
    const control = probeControl();
    let release!: () => void;
    control.hang = new Promise((resolve) => (release = resolve));
    const t = await createTestRuntime({ types: [probeType(control)] });
    const hung = t.runtime.get('probe', 'hung').ask('wait');
    expect(await t.runtime.get('probe', 'free').ask('add', { by: 3 })).toBe(3);
    release();
    expect(await hung).toBe(1000);
  });

  it('a throwing handler rolls back, the caller gets ACTION_FAILED and the actor keeps serving', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'flaky');
    expect(await ref.ask('add', { by: 5, tag: 'five' })).toBe(5);
    const error = await expectActorError(ref.ask('fail'), 'ACTION_FAILED');
    expect(error.message).toBe('boom');
    expect(await ref.ask('state')).toMatchObject({ count: 5, log: ['five'] });
    expect(await ref.ask('add', { by: 1 })).toBe(6);
    expect(t.runtime.stats().counters.turnsFailed).toBe(1);
    expect(t.runtime.describe('probe', 'flaky')?.status).toBe('active');
    expect(t.runtime.stats().counters.activationsTotal).toBe(1);
  });

  it('a handler that mutates state then throws leaves no write in storage', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'doomed');
    await ref.ask('add', { by: 2 });
    const writesBefore = t.driver.stateWrites;
    const versionBefore = (await t.driver.load('probe', 'doomed'))!.version;
    await expectActorError(ref.ask('fail'), 'ACTION_FAILED');
    await t.runtime.flush();
    expect(t.driver.stateWrites).toBe(writesBefore);
    const stored = (await t.driver.load('probe', 'doomed'))!;
    expect(stored.version).toBe(versionBefore);
    expect(JSON.parse(stored.state)).toMatchObject({ count: 2, log: [] });
  });

  it('a failing turn between successes does not disturb the order or the version sequence', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'seq');
    const a = ref.askWithVersion('add', { tag: 'a' });
    const b = ref.askWithVersion('fail');
    const c = ref.askWithVersion('add', { tag: 'c' });
    await expect(a).resolves.toEqual({ result: 1, version: 1 });
    await expectActorError(b, 'ACTION_FAILED');
    await expect(c).resolves.toEqual({ result: 2, version: 2 });
  });

  it('a turn whose state outgrows maxStateBytes fails PAYLOAD_TOO_LARGE and is rolled back', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)], maxStateBytes: 200 });
    const ref = t.runtime.get('probe', 'big');
    expect(await ref.ask('add', { tag: 'small' })).toBe(1);
    await expectActorError(ref.ask('add', { tag: 'x'.repeat(300) }), 'PAYLOAD_TOO_LARGE');
    expect(await ref.ask('state')).toMatchObject({ count: 1, log: ['small'] });
    expect(await ref.ask('add')).toBe(2);
  });
});
