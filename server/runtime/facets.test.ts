// Contract: facets. Each combination that changes behaviour: ephemeral (no durable facet) never
// touches storage and answers without a commit; spawn-only (no virtual facet) answers NOT_FOUND for
// keys never spawned; no alarms facet refuses ctx.schedule; journal keeps what it is told; custom
// facets run their hooks in priority order, may refuse a turn, and cannot break one by failing.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { alarms, defineFacet, durable, type Facet, journal, virtual } from './actor-facets.ts';
import { defineActor } from './definition.ts';
import { createTestRuntime, deferred, expectActorError } from './testing/test-kit.ts';

function tally(type: string, facets?: readonly Facet[]) {
  return defineActor({
    type,
    facets,
    state: () => ({ n: 0 }),
    actions: {
      add: {
        input: z.object({ by: z.number().default(1) }),
        handler: (ctx, { by }) => {
          ctx.state.n += by;
          return ctx.state.n;
        },
      },
      fail: {
        input: z.object({}),
        handler: (ctx) => {
          ctx.state.n = -1;
          throw new Error('refused');
        },
      },
      remindLater: {
        input: z.object({}),
        handler: (ctx) => ctx.schedule({ afterMs: 10 }, 'add', { by: 100 }),
      },
    },
  });
}

describe('facets', () => {
  it('ephemeral (no durable facet): state lives in memory, nothing is written, replies need no commit', async () => {
    const t = await createTestRuntime({ types: [tally('scratch', [virtual({ idleTimeoutMs: 1_000 })])] });
    t.driver.hold = deferred().promise; // any commit would hang: the replies must not wait for one
    const ref = t.runtime.get('scratch', 'a');
    expect(await ref.ask('add', { by: 2 })).toBe(2);
    expect(await ref.ask('add', { by: 3 })).toBe(5);
    await expectActorError(ref.ask('fail'), 'ACTION_FAILED');
    expect(await ref.ask('add')).toBe(6); // rolled back in memory as for a durable type
    expect(t.driver.commits.flatMap((b) => b.states)).toEqual([]);
    expect(await t.driver.load('scratch', 'a')).toBeUndefined();
    t.driver.hold = null;
    await t.clock.advance(1_100); // idle: deactivated, and the state is gone with it
    expect(t.runtime.describe('scratch', 'a')).toBeUndefined();
    expect(await ref.ask('add')).toBe(1);
  });

  it('durable is the default, and durable() without virtual() is spawn-only: NOT_FOUND until spawned', async () => {
    const t = await createTestRuntime({ types: [tally('ledger', [durable()])] });
    const ref = t.runtime.get('ledger', 'never-made');
    const error = await expectActorError(ref.ask('add'), 'NOT_FOUND');
    expect(error.message).toMatch(/spawn-only.*spawn it first/);
    expect(t.runtime.describe('ledger', 'never-made')).toBeUndefined();
    expect(t.lifecycleOf('ledger', 'never-made')).toEqual([]); // a wrong key leaves no trace
    expect(t.runtime.tryTell('ledger', 'never-made', 'add', {})).toBeNull(); // queued, then refused

    await t.runtime.spawn('ledger', 'made', { initialState: { n: 10 } });
    expect(await t.runtime.get('ledger', 'made').ask('add')).toBe(11);
    expect(await t.runtime.deactivate('ledger', 'made')).toBe(true);
    expect(await t.runtime.get('ledger', 'made').ask('add')).toBe(12); // stored: reactivates
    expect(await t.runtime.destroy('ledger', 'made')).toBe(true);
    await expectActorError(t.runtime.get('ledger', 'made').ask('add'), 'NOT_FOUND');
  });

  it('concurrent first messages to a spawned spawn-only actor share one activation, in order', async () => {
    const t = await createTestRuntime({ types: [tally('ledger', [durable()])] });
    await t.runtime.spawn('ledger', 'k');
    await t.runtime.get('ledger', 'k').ask('add', { by: 0 }); // active now
    expect(await t.runtime.deactivate('ledger', 'k')).toBe(true);
    const ref = t.runtime.get('ledger', 'k');
    const answers = await Promise.all([1, 2, 3, 4].map((by) => ref.ask('add', { by })));
    expect(answers).toEqual([1, 3, 6, 10]);
    expect(t.lifecycleOf('ledger', 'k').filter((e) => e === 'activated')).toHaveLength(2);
  });

  it('ephemeral and spawn-only: exists only while resident after a spawn', async () => {
    const t = await createTestRuntime({ types: [tally('session', [])] });
    await expectActorError(t.runtime.get('session', 's').ask('add'), 'NOT_FOUND');
    await t.runtime.spawn('session', 's', { initialState: { n: 5 } });
    await expectActorError(t.runtime.spawn('session', 's'), 'CONFLICT');
    expect(await t.runtime.get('session', 's').ask('add')).toBe(6);
    expect(await t.driver.load('session', 's')).toBeUndefined();
    await t.runtime.deactivate('session', 's');
    await expectActorError(t.runtime.get('session', 's').ask('add'), 'NOT_FOUND');
  });

  it('without the alarms facet ctx.schedule is refused; with it the alarm fires', async () => {
    const t = await createTestRuntime({
      types: [
        tally('no-alarms', [virtual(), durable()]),
        tally('with-alarms', [virtual(), durable(), alarms()]),
      ],
    });
    const refused = await expectActorError(
      t.runtime.get('no-alarms', 'a').ask('remindLater'),
      'PRECONDITION_FAILED',
    );
    expect(refused.message).toMatch(/alarms facet/);
    await t.runtime.get('with-alarms', 'a').ask('remindLater');
    await t.clock.advance(10);
    expect(await t.runtime.get('with-alarms', 'a').ask('add', { by: 0 })).toBe(100);
  });

  it('journal({ keep }) journals every turn, failed ones included; no journal facet writes none', async () => {
    const t = await createTestRuntime({
      types: [
        tally('kept', [virtual(), durable(), journal({ keep: 3 })]),
        tally('unkept', [virtual(), durable()]),
      ],
    });
    for (const type of ['kept', 'unkept']) {
      const ref = t.runtime.get(type, 'a');
      for (let i = 0; i < 5; i++) await ref.ask('add');
      await expectActorError(ref.ask('fail'), 'ACTION_FAILED');
    }
    await t.runtime.flush();
    const journaled = t.driver.commits.flatMap((b) => b.journal);
    expect(journaled.filter((j) => j.type === 'unkept')).toEqual([]);
    expect(journaled.filter((j) => j.type === 'kept').map((j) => j.error)).toEqual([
      null,
      null,
      null,
      null,
      null,
      'refused',
    ]);
  });

  it('custom facets: hooks in priority order, beforeTurn refuses, afterTurn observes and cannot break a turn', async () => {
    const trace: string[] = [];
    const audit = defineFacet({
      name: 'audit',
      priority: 20,
      onActivate: (ctx) => void trace.push(`audit:activate:${ctx.self.key}`),
      afterTurn: (turn) => {
        trace.push(`audit:${turn.action}:${turn.ok ? turn.result : turn.error}`);
        throw new Error('an observer bug must not fail the turn');
      },
      onDeactivate: () => void trace.push('audit:deactivate'),
    });
    const guard = defineFacet({
      name: 'guard',
      priority: 10,
      onActivate: (ctx) => {
        trace.push('guard:activate');
        const state = ctx.state as { n: number };
        if (state.n === 0) state.n = 1000; // hooks may seed state, like the type's own
      },
      beforeTurn: (_ctx, turn) => {
        if ((turn.args as { by?: number }).by === 13) throw new Error('13 is unlucky');
      },
    });
    const t = await createTestRuntime({
      types: [tally('audited', [virtual(), durable(), audit, guard])],
      logger: { error: (_context, message) => void trace.push(`logged:${message}`) },
    });
    const ref = t.runtime.get('audited', 'x');
    expect(await ref.ask('add', { by: 1 })).toBe(1001);
    const refused = await expectActorError(ref.ask('add', { by: 13 }), 'ACTION_FAILED');
    expect(refused.message).toBe('13 is unlucky');
    await t.runtime.deactivate('audited', 'x');
    expect(trace).toEqual([
      'guard:activate',
      'audit:activate:x',
      'audit:add:1001',
      'logged:facet afterTurn failed',
      'audit:add:13 is unlucky',
      'logged:facet afterTurn failed',
      'audit:deactivate',
    ]);
    expect(await ref.ask('add', { by: 0 })).toBe(1001); // the stored state survived deactivation
    expect(trace.slice(-4, -1)).toEqual(['guard:activate', 'audit:activate:x', 'audit:add:1001']);
  });

  it('an async facet hook cannot crash the process: a promise from beforeTurn refuses the turn, a rejected afterTurn is logged', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const logged: string[] = [];
      // Both compile: a function returning a promise is assignable to one returning void.
      const asyncGuard = defineFacet({
        name: 'async-guard',
        beforeTurn: async (_ctx, turn) => {
          if ((turn.args as { by?: number }).by === 13) throw new Error('13 is unlucky');
        },
      });
      const asyncAudit = defineFacet({
        name: 'async-audit',
        afterTurn: async () => {
          throw new Error('audit sink is down');
        },
      });
      const t = await createTestRuntime({
        types: [
          tally('guarded', [virtual(), durable(), asyncGuard]),
          tally('audited', [virtual(), asyncAudit]),
        ],
        logger: { error: (context, message) => void logged.push(`${message}: ${String(context.err)}`) },
      });
      const refused = await expectActorError(
        t.runtime.get('guarded', 'x').ask('add', { by: 13 }),
        'ACTION_FAILED',
      );
      expect(refused.message).toMatch(/"async-guard".*beforeTurn.*synchronous/);
      expect(await t.runtime.get('audited', 'x').ask('add', { by: 1 })).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 20)); // rejections are reported after a tick
      expect(logged).toContain('facet afterTurn failed: Error: audit sink is down');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('defineActor refuses a facet list it cannot honour, naming the type', () => {
    expect(() => tally('twice', [durable(), durable()])).toThrow(/"twice".*"durable" appears twice/);
    expect(() => tally('odd', [{ kind: 'sharded' } as unknown as Facet])).toThrow(/"odd".*not a facet/);
    expect(() => tally('zero', [virtual({ idleTimeoutMs: 0 })])).toThrow(/idleTimeoutMs.*positive/);
    expect(() => defineFacet({ name: 'Bad Name' })).toThrow(/facet name/);
  });

  it('ephemeral types keep idempotency answers in memory: a keyed ask needs no commit and applies once', async () => {
    const t = await createTestRuntime({ types: [tally('scratch', [virtual()])] });
    t.driver.hold = deferred().promise; // any commit would hang
    const ref = t.runtime.get('scratch', 'k');
    expect(await ref.ask('add', { by: 2 }, { idempotencyKey: 'op-1' })).toBe(2);
    expect(await ref.ask('add', { by: 2 }, { idempotencyKey: 'op-1' })).toBe(2);
    expect(await ref.ask('add', { by: 0 })).toBe(2);
    expect(t.driver.commits.flatMap((b) => b.idempotency)).toEqual([]);
  });
});
