// Contract: Alarms — durable, survive deactivation and restart, fire by activating the actor,
// at-least-once with retry/backoff, the row deleted with the successful turn.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from './definition.ts';
import { Runtime } from './runtime.ts';
import { createTestRuntime, expectActorError, probeControl, probeType } from './testing/test-kit.ts';

describe('alarms', () => {
  it('fires after afterMs by activating a deactivated actor; the row is then deleted', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control, { idleTimeoutMs: 60_000 })] });
    const ref = t.runtime.get('probe', 'alarm');
    await ref.ask('schedule', { afterMs: 5_000, action: 'ring', args: { n: 3 } });
    const [alarm] = await t.driver.listAlarms('probe', 'alarm');
    expect(alarm).toMatchObject({
      action: 'ring',
      args: '{"n":3}',
      dueAt: t.clock.now() + 5_000,
      attempts: 0,
    });
    expect(await t.runtime.deactivate('probe', 'alarm')).toBe(true);

    await t.clock.advance(4_900);
    expect(control.ringCalls).toBe(0);
    await t.clock.advance(100);
    expect(control.ringCalls).toBe(1);
    expect(t.runtime.describe('probe', 'alarm')?.status).toBe('active');
    expect(t.lifecycleOf('probe', 'alarm').slice(-2)).toEqual(['activating', 'activated']);
    expect(await t.driver.listAlarms('probe', 'alarm')).toEqual([]);
    expect(await ref.ask('state')).toMatchObject({ rings: 3 });
    expect(t.runtime.stats().counters.alarmsFired).toBe(1);
  });

  it('is written atomically with its turn: a turn that throws schedules nothing', async () => {
    const control = probeControl();
    const type = probeType(control, {
      type: 'probe',
      actions: {
        ...probeType(control).actions,
        scheduleThenFail: {
          input: z.object({}),
          handler: (ctx) => {
            ctx.schedule({ afterMs: 10 }, 'ring');
            throw new Error('after scheduling');
          },
        },
      },
    });
    const t = await createTestRuntime({ types: [type] });
    await expectActorError(t.runtime.get('probe', 'atomic').ask('scheduleThenFail'), 'ACTION_FAILED');
    await t.runtime.flush();
    expect(await t.driver.listAlarms('probe', 'atomic')).toEqual([]);
  });

  it('survives a runtime restart, and alarms that fell due while down fire at start', async () => {
    const control = probeControl();
    const first = await createTestRuntime({ types: [probeType(control)] });
    await first.runtime.get('probe', 'restart').ask('schedule', { afterMs: 1_000, action: 'ring' });
    await first.runtime.stop();
    await first.clock.advance(5_000); // nobody is running
    expect(control.ringCalls).toBe(0);

    const second = new Runtime({ driver: first.driver, clock: first.clock, types: [probeType(control)] });
    await second.start();
    await first.clock.advance(0);
    expect(control.ringCalls).toBe(1);
    expect(await second.get('probe', 'restart').ask('state')).toMatchObject({ rings: 1 });
    expect(await first.driver.listAlarms('probe', 'restart')).toEqual([]);
  });

  it('retries a failing alarm with exponential backoff until it succeeds', async () => {
    const control = probeControl();
    control.failRings = 2;
    const t = await createTestRuntime({ types: [probeType(control)] });
    const ref = t.runtime.get('probe', 'retry');
    await ref.ask('schedule', { afterMs: 100, action: 'ring' });

    await t.clock.advance(100);
    expect(control.ringCalls).toBe(1);
    let [alarm] = await t.driver.listAlarms('probe', 'retry');
    expect(alarm).toMatchObject({ attempts: 1, dueAt: t.clock.now() + 1_000 });

    await t.clock.advance(1_000);
    expect(control.ringCalls).toBe(2);
    [alarm] = await t.driver.listAlarms('probe', 'retry');
    expect(alarm).toMatchObject({ attempts: 2, dueAt: t.clock.now() + 2_000 });

    await t.clock.advance(1_999);
    expect(control.ringCalls).toBe(2);
    await t.clock.advance(1);
    expect(control.ringCalls).toBe(3);
    expect(await t.driver.listAlarms('probe', 'retry')).toEqual([]);
    expect(await ref.ask('state')).toMatchObject({ rings: 1 }); // failed attempts were rolled back
  });

  it('passes the attempt number to onAlarm', async () => {
    const attempts: number[] = [];
    const type = defineActor({
      type: 'pager',
      state: () => ({ pages: 0 }),
      actions: {
        arm: { input: z.object({}), handler: (ctx) => ctx.schedule({ at: ctx.now() + 50 }, 'arm') },
      },
      onAlarm: (ctx, fire) => {
        attempts.push(fire.attempt);
        if (fire.attempt < 3) throw new Error('not yet');
        ctx.state.pages++;
      },
    });
    const t = await createTestRuntime({ types: [type] });
    await t.runtime.get('pager', 'p').ask('arm');
    await t.clock.advance(50 + 1_000 + 2_000);
    expect(attempts).toEqual([1, 2, 3]);
    expect(await t.runtime.get('pager', 'p').ask('arm')).toBeUndefined();
    expect(JSON.parse((await t.driver.load('pager', 'p'))!.state)).toEqual({ pages: 1 });
  });

  it('a hung alarm turn does not make the alarm service poll storage in a loop', async () => {
    const control = probeControl();
    let release!: () => void;
    control.hang = new Promise((resolve) => (release = resolve));
    const t = await createTestRuntime({ types: [probeType(control)] });
    await t.runtime.get('probe', 'stuck').ask('schedule', { afterMs: 10, action: 'wait' });
    let polls = 0;
    const dueAlarms = t.driver.dueAlarms.bind(t.driver);
    t.driver.dueAlarms = (now, limit) => {
      polls++;
      return dueAlarms(now, limit);
    };
    const advanced = t.clock.advance(1_000);
    const outcome = await Promise.race([
      advanced.then(() => 'advanced'),
      new Promise((resolve) => setTimeout(() => resolve('spinning'), 1_000)),
    ]);
    expect(outcome).toBe('advanced');
    expect(polls).toBeLessThanOrEqual(5);
    release();
    await t.clock.advance(0);
    expect(await t.driver.listAlarms('probe', 'stuck')).toEqual([]);
  });

  it('a hung alarm turn times out and is retried', async () => {
    const control = probeControl();
    let release!: () => void;
    control.hang = new Promise((resolve) => (release = resolve));
    const t = await createTestRuntime({ types: [probeType(control)], defaultAskTimeoutMs: 500 });
    await t.runtime.get('probe', 'slow-alarm').ask('schedule', { afterMs: 10, action: 'wait' });
    await t.clock.advance(10);
    expect(control.trace).toEqual(['start wait']);
    await t.clock.advance(600); // deadline passed: abandoned, rescheduled with backoff
    const [alarm] = await t.driver.listAlarms('probe', 'slow-alarm');
    expect(alarm).toMatchObject({ attempts: 1 });
    release();
    await t.clock.advance(1_000);
    expect(control.trace).toEqual(['start wait', 'end wait', 'start wait', 'end wait']);
    expect(await t.driver.listAlarms('probe', 'slow-alarm')).toEqual([]);
  });
});
