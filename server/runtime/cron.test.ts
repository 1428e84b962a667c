// Contract: cron schedules. Durable like alarms; each fire commits the next occurrence with its
// turn; runs missed while down fire once; one schedule per action (re-calling replaces it); cancel
// applies in turn order even when several turns share a commit batch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCron } from './cron.ts';
import { defineActor } from './definition.ts';
import { Runtime } from './runtime.ts';
import { createTestRuntime, deferred, expectActorError } from './testing/test-kit.ts';

const MINUTE = 60_000;
// 2023-11-14T22:00:00Z: a whole hour, so minute boundaries are easy to read.
const T0 = Date.UTC(2023, 10, 14, 22, 0, 0);

/** Outside the state on purpose: a failed turn rolls its state back, so a counter there never moves. */
const failures = { next: 0 };
/** `busy` waits for this: keeps the actor's turn running while messages queue behind it. */
let busyUntil: Promise<void> = Promise.resolve();
/** Which scheduling turns have run, by key (outside the state: it records what ran, not what committed). */
const ran: string[] = [];

const ticker = defineActor({
  type: 'ticker',
  state: () => ({ ticks: [] as number[] }),
  actions: {
    every: {
      input: z.object({ cron: z.string(), tag: z.string().default('tick') }),
      handler: (ctx, { cron, tag }) => {
        ran.push(`${ctx.self.key}:every`);
        ctx.schedule.cron(cron, 'tick', { tag });
      },
    },
    tick: {
      input: z.object({ tag: z.string().default('manual') }),
      handler: (ctx) => {
        if (failures.next > 0) {
          failures.next--;
          throw new Error('tick failed');
        }
        ctx.state.ticks.push(ctx.now());
      },
    },
    tickOnceThenStop: {
      input: z.object({}),
      handler: (ctx) => {
        ran.push(`${ctx.self.key}:cancel`);
        ctx.schedule.cancel('tick');
      },
    },
    ticks: { input: z.object({}), handler: (ctx) => ctx.state.ticks },
    busy: { input: z.object({}), handler: () => busyUntil },
  },
});

/** Lets immediates run (scheduler slices, commits) until `done` holds; real time, no clock. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i > 10_000) throw new Error('condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function tickerRuntime() {
  const t = await createTestRuntime({ types: [ticker], clock: undefined });
  await t.clock.advance(T0 - t.clock.now());
  return t;
}

describe('cron schedules', () => {
  it('fires on every match, committing the next occurrence with each fired turn', async () => {
    const t = await tickerRuntime();
    const ref = t.runtime.get('ticker', 'a');
    await ref.ask('every', { cron: '*/2 * * * *' });
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toMatchObject([
      { action: 'tick', dueAt: T0 + 2 * MINUTE, cron: '*/2 * * * *', args: '{"tag":"tick"}' },
    ]);
    await t.runtime.deactivate('ticker', 'a'); // alarms wake it
    await t.clock.advance(7 * MINUTE);
    expect(await ref.ask('ticks')).toEqual([T0 + 2 * MINUTE, T0 + 4 * MINUTE, T0 + 6 * MINUTE]);
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toMatchObject([{ dueAt: T0 + 8 * MINUTE }]);
  });

  it('runs missed while down fire once at start, then the schedule continues from now', async () => {
    const first = await tickerRuntime();
    await first.runtime.get('ticker', 'a').ask('every', { cron: '* * * * *' });
    await first.runtime.stop();
    await first.clock.advance(10 * MINUTE + 30_000); // ten matches missed
    const second = new Runtime({ driver: first.driver, clock: first.clock, types: [ticker] });
    await second.start();
    await first.clock.advance(0);
    const restartedAt = T0 + 10 * MINUTE + 30_000;
    expect(await second.get('ticker', 'a').ask('ticks')).toEqual([restartedAt]);
    await first.clock.advance(30_000);
    expect(await second.get('ticker', 'a').ask('ticks')).toEqual([restartedAt, T0 + 11 * MINUTE]);
    await second.stop();
  });

  it('one schedule per action: calling cron again replaces it', async () => {
    const t = await tickerRuntime();
    const ref = t.runtime.get('ticker', 'a');
    await ref.ask('every', { cron: '*/5 * * * *', tag: 'old' });
    await ref.ask('every', { cron: '*/3 * * * *', tag: 'new' });
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toMatchObject([
      { cron: '*/3 * * * *', args: '{"tag":"new"}' },
    ]);
  });

  it('cancel in a later turn of the same commit batch removes what an earlier turn scheduled', async () => {
    const t = await tickerRuntime();
    const ref = t.runtime.get('ticker', 'a');
    // The three turns must share one commit batch. Rather than hope they fit in one tick (a busy CPU
    // splits them), hold the batch open: while a commit is in flight the next batch keeps
    // collecting (commit-batcher.ts), so another actor's commit is held until all three have run.
    const release = deferred();
    t.driver.hold = release.promise;
    const committed = t.driver.commits.length;
    const other = t.runtime.get('ticker', 'b').ask('tick', {});
    await until(() => t.driver.commits.length > committed); // b's batch is committing, held
    ran.length = 0;
    ref.tell('every', { cron: '* * * * *' });
    ref.tell('tickOnceThenStop', {});
    ref.tell('every', { cron: '*/10 * * * *' }); // and a later schedule survives the cancel
    await until(() => ran.length === 3);
    expect(ran).toEqual(['a:every', 'a:cancel', 'a:every']);
    t.driver.hold = null;
    release.resolve();
    await other;
    await ref.ask('ticks');
    await t.runtime.flush();
    const withAlarms = t.driver.commits.filter((b) => b.alarmsAdded.length > 0);
    expect(withAlarms).toHaveLength(1); // one batch held all three turns
    expect(await t.driver.listAlarms('ticker', 'a')).toMatchObject([{ cron: '*/10 * * * *' }]);
  });

  it('a fired turn that cancels its own schedule ends it; a failing one is retried and the schedule goes on', async () => {
    const t = await tickerRuntime();
    const ref = t.runtime.get('ticker', 'a');
    await ref.ask('every', { cron: '* * * * *' });
    failures.next = 1;
    await t.clock.advance(MINUTE); // fails, retried 1 s later (backoff)
    expect(await ref.ask('ticks')).toEqual([]);
    await t.clock.advance(1_000);
    expect(await ref.ask('ticks')).toEqual([T0 + MINUTE + 1_000]);
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toMatchObject([{ dueAt: T0 + 2 * MINUTE, attempts: 0 }]);
    await ref.ask('tickOnceThenStop');
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toEqual([]);
  });

  // A fire already taken from storage when a cancel (or a replacing cron) is staged: its turn may
  // still run once, but it must not bring the cancelled schedule back with a next occurrence.
  it('a fire queued behind the turn that cancels its schedule does not continue the schedule', async () => {
    const t = await tickerRuntime();
    const ref = t.runtime.get('ticker', 'a');
    await ref.ask('every', { cron: '* * * * *' });
    const busy = deferred();
    busyUntil = busy.promise;
    const running = ref.ask('busy', {}, { timeoutMs: 10 * MINUTE });
    ref.tell('tickOnceThenStop', {}); // queued first
    await t.clock.advance(MINUTE); // the fire is taken from storage and queued behind the cancel
    busy.resolve();
    await running;
    await ref.ask('ticks');
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toEqual([]);
  });

  it('a fire taken from storage before a cancel committed does not continue the schedule', async () => {
    const t = await tickerRuntime();
    const ref = t.runtime.get('ticker', 'a');
    await ref.ask('every', { cron: '* * * * *' });
    await t.runtime.flush();
    const commits = deferred();
    t.driver.hold = commits.promise; // the cancel's batch is committing...
    ref.tell('tickOnceThenStop', {});
    await t.clock.advance(MINUTE); // ...while the alarm is read (still stored) and its turn runs
    t.driver.hold = null;
    commits.resolve();
    expect(await ref.ask('ticks')).toEqual([T0 + MINUTE]); // it ran, once, in a later batch
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toEqual([]);

    await ref.ask('every', { cron: '*/5 * * * *' }); // and replacing, rather than cancelling
    await t.runtime.flush();
    const replaced = deferred();
    t.driver.hold = replaced.promise;
    ref.tell('every', { cron: '*/7 * * * *' });
    await t.clock.advance(5 * MINUTE);
    t.driver.hold = null;
    replaced.resolve();
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toMatchObject([{ cron: '*/7 * * * *' }]);
  });

  it('refuses expressions it cannot honour with BAD_INPUT, before anything is written', async () => {
    const t = await tickerRuntime();
    for (const cron of ['61 * * * *', '* * * *', '* * * * * *', 'every minute', '']) {
      const error = await expectActorError(t.runtime.get('ticker', 'a').ask('every', { cron }), 'BAD_INPUT');
      expect(error.message).toMatch(/cron/);
    }
    await t.runtime.flush();
    expect(await t.driver.listAlarms('ticker', 'a')).toEqual([]);
  });

  it('nextAfter is the first match strictly after the instant, for any step and instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 59 }),
        fc.integer({ min: 0, max: 10 * 365 * 24 * 60 }),
        (step, minutes) => {
          const after = T0 + minutes * MINUTE + (minutes % 7) * 1_000;
          const next = parseCron(`*/${step} * * * *`).nextAfter(after);
          const isMatch = (ms: number) => ms % MINUTE === 0 && new Date(ms).getUTCMinutes() % step === 0;
          expect(next).toBeGreaterThan(after);
          expect(isMatch(next)).toBe(true);
          for (let m = Math.floor(after / MINUTE) * MINUTE + MINUTE; m < next; m += MINUTE) {
            expect(isMatch(m)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
