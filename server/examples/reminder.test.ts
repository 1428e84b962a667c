// actors/reminder.ts through the real runtime on a real SQLite file: the alarm `remind` schedules
// fires after the actor was deactivated for being idle (it wakes the actor), after a clean restart,
// and after the server process was SIGKILLed and started again on the same database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTroupeClient } from '../../client/index.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from '../reliability/support/child-troupe.ts';
import { ManualClock } from '../runtime/testing/manual-clock.ts';
import type { TempTroupe } from '../test-support/temp-troupe.ts';
import { EXAMPLES_DIR, restartExampleTroupe, startExampleTroupe, until } from './example-troupe.ts';

interface Fired {
  message: string;
  dueAt: number;
  firedAt: number;
}

let temp: TempTroupe | undefined;
afterEach(async () => {
  await temp?.close();
  temp = undefined;
});

describe('reminder (in process, manual clock)', () => {
  it('fires after idle deactivation: the alarm activates the actor again and records the reminder', async () => {
    const clock = new ManualClock();
    temp = await startExampleTroupe(clock);
    const { runtime } = temp.troupe;
    const ref = runtime.get('reminder', 'idle');
    const { dueAt } = await ref.ask<{ dueAt: number }>('remind', { inMs: 60_000, message: 'stretch' });
    expect(dueAt).toBe(clock.now() + 60_000);
    expect(await ref.ask('pending')).toEqual([{ id: 1, message: 'stretch', dueAt }]);

    await clock.advance(31_000); // past the default 30 s idle timeout
    await until('idle deactivation', () => runtime.describe('reminder', 'idle') === undefined);

    await clock.advance(29_000); // the alarm is due
    // Nothing but the alarm can have brought it back: no message was sent since it went idle.
    await until('the alarm to activate the actor', () => runtime.describe('reminder', 'idle'));
    const fired = await until('the reminder to fire', async () => {
      const list = await ref.ask<Fired[]>('fired');
      return list.length > 0 && list;
    });
    expect(fired).toEqual([{ message: 'stretch', dueAt, firedAt: dueAt }]);
    expect(await ref.ask('pending')).toEqual([]);
  });

  it('fires after a clean restart that happened while it was pending', async () => {
    const clock = new ManualClock();
    temp = await startExampleTroupe(clock);
    const before = temp.troupe.runtime.get('reminder', 'restart');
    const { dueAt } = await before.ask<{ dueAt: number }>('remind', { inMs: 5_000, message: 'still here' });
    await restartExampleTroupe(temp, clock);
    await clock.advance(5_000);
    const ref = temp.troupe.runtime.get('reminder', 'restart');
    const fired = await until('the reminder to fire', async () => {
      const list = await ref.ask<Fired[]>('fired');
      return list.length > 0 && list;
    });
    expect(fired).toEqual([{ message: 'still here', dueAt, firedAt: dueAt }]);
  });

  it('keeps the last 100 fired reminders, and a forged or repeated fire changes nothing', async () => {
    const clock = new ManualClock();
    temp = await startExampleTroupe(clock);
    const ref = temp.troupe.runtime.get('reminder', 'many');
    for (let i = 0; i < 100; i++) await ref.ask('remind', { inMs: 1_000, message: `a${i}` });
    await expect(ref.ask('remind', { inMs: 1_000, message: 'one too many' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await clock.advance(1_000);
    await until('100 reminders to fire', async () => (await ref.ask<Fired[]>('fired')).length === 100);
    for (let i = 0; i < 5; i++) await ref.ask('remind', { inMs: 0, message: `b${i}` });
    await clock.advance(1);
    await until('5 more to fire', async () => (await ref.ask<Fired[]>('fired')).at(-1)?.message === 'b4');
    const fired = await ref.ask<Fired[]>('fired');
    expect(fired).toHaveLength(100);
    expect(fired[0]!.message).toBe('a5');
    expect(await ref.ask('fire', { id: 3, message: 'forged' })).toBeNull(); // not pending any more
    expect(await ref.ask('fire', { id: 999, message: 'forged' })).toBeNull();
    expect(await ref.ask<Fired[]>('fired')).toEqual(fired);
  });

  it('rejects malformed input with BAD_INPUT', async () => {
    temp = await startExampleTroupe();
    const ref = temp.troupe.runtime.get('reminder', 'strict');
    for (const args of [
      { inMs: -1, message: 'x' },
      { inMs: 1.5, message: 'x' },
      { inMs: 31 * 24 * 3_600_000, message: 'x' },
      { inMs: 10, message: '' },
      { inMs: 10, message: 'x'.repeat(501) },
      { inMs: 10, message: 'x', extra: true },
    ]) {
      await expect(ref.ask('remind', args), JSON.stringify(args)).rejects.toMatchObject({
        code: 'BAD_INPUT',
      });
    }
  });
});

describe('reminder (real server process)', () => {
  let dir: string;
  let child: ChildTroupe | undefined;
  afterEach(async () => {
    await stopChild(child);
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires after the server was SIGKILLed before it was due and started again on the same database', async () => {
    dir = mkdtempSync(join(tmpdir(), 'troupe-reminder-'));
    const dbPath = join(dir, 'troupe.db');
    const env = { TROUPE_ACTORS_DIR: EXAMPLES_DIR };
    child = await startChildTroupe({ dbPath, env });
    const first = createTroupeClient(child.url).actor('reminder', 'crash');
    // The reply is released only once the alarm row is committed.
    const { dueAt } = (await first.ask('remind', { inMs: 1_500, message: 'after the crash' })) as {
      dueAt: number;
    };
    child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(killedAt).toBeLessThan(dueAt); // it cannot have fired in the first process

    child = await startChildTroupe({ dbPath, env });
    const again = createTroupeClient(child.url).actor('reminder', 'crash');
    const fired = await until(
      'the reminder to fire after the restart',
      async () => {
        const list = (await again.ask('fired')) as Fired[];
        return list.length > 0 && list;
      },
      15_000,
    );
    expect(fired).toEqual([{ message: 'after the crash', dueAt, firedAt: expect.any(Number) }]);
    expect(fired[0]!.firedAt).toBeGreaterThanOrEqual(dueAt);
    expect(await again.ask('pending')).toEqual([]);
  }, 90_000);
});
