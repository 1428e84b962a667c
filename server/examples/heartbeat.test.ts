// actors/heartbeat.ts (cron) through the real runtime on a real SQLite file and a ManualClock: it
// beats on every minute boundary, its schedule survives a restart, the minutes missed while the
// server was down are run once (coalesced) when it starts again, and stop() cancels it.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/testing/manual-clock.ts';
import type { TempTroupe } from '../test-support/temp-troupe.ts';
import { restartExampleTroupe, startExampleTroupe, until } from './example-troupe.ts';

const MINUTE = 60_000;
/** 2023-11-14T22:13:20Z: 40 s before a minute boundary. */
const START = 1_700_000_000_000;
const NEXT_MINUTE = START + 40_000;

interface Beats {
  cron: string | null;
  beats: number[];
}

let temp: TempTroupe | undefined;
afterEach(async () => {
  await temp?.close();
  temp = undefined;
});

const beatsOf = (t: TempTroupe) => t.troupe.runtime.get('heartbeat', 'hb').ask<Beats>('beats');
const beatCount = (t: TempTroupe, n: number) =>
  until(`${n} beats`, async () => {
    const { beats } = await beatsOf(t);
    return beats.length >= n && beats;
  });

describe('heartbeat', () => {
  it('beats every minute, survives a restart, coalesces the missed runs into one, and stops', async () => {
    const clock = new ManualClock(START);
    temp = await startExampleTroupe(clock);
    const ref = temp.troupe.runtime.get('heartbeat', 'hb');
    expect(await ref.ask('start', { cron: '* * * * *' })).toEqual({ cron: '* * * * *' });

    await clock.advance(40_000);
    expect(await beatCount(temp, 1)).toEqual([NEXT_MINUTE]);
    await clock.advance(MINUTE);
    expect(await beatCount(temp, 2)).toEqual([NEXT_MINUTE, NEXT_MINUTE + MINUTE]);

    // Down for ten and a half minutes: ten occurrences missed.
    const t = temp;
    await restartExampleTroupe(t, clock, () => clock.advance(10 * MINUTE + 30_000));
    const restartedAt = clock.now();
    await clock.advance(0); // runs what is due now (a ManualClock fires even 0 ms timers only here)
    const afterRestart = await beatCount(t, 3);
    expect(afterRestart).toHaveLength(3); // one beat for all the missed minutes, at start
    expect(afterRestart[2]).toBe(restartedAt);

    await clock.advance(30_000); // the next occurrence counted from now, not from the missed ones
    const next = await beatCount(t, 4);
    expect(next).toHaveLength(4);
    expect(next[3]).toBe(restartedAt + 30_000);
    expect(next[3]! % MINUTE).toBe(0);
    expect((await beatsOf(t)).cron).toBe('* * * * *');

    const restarted = t.troupe.runtime.get('heartbeat', 'hb'); // a ref of the new runtime
    expect(await restarted.ask('stop')).toEqual({ cron: null });
    await clock.advance(5 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await beatsOf(t)).toEqual({ cron: null, beats: next });
  });

  it('re-calling start replaces the schedule instead of adding a second one', async () => {
    const clock = new ManualClock(START);
    temp = await startExampleTroupe(clock);
    const ref = temp.troupe.runtime.get('heartbeat', 'hb');
    await ref.ask('start', { cron: '* * * * *' });
    await ref.ask('start', { cron: '*/5 * * * *' }); // 22:15, 22:20, ...
    await clock.advance(40_000 + MINUTE); // 22:14 and 22:15 passed
    const beats = await beatCount(temp, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(beats).toEqual([Date.UTC(2023, 10, 14, 22, 15)]);
    expect(await beatsOf(temp)).toEqual({ cron: '*/5 * * * *', beats });
  });

  it('refuses an invalid cron expression with BAD_INPUT and a message that says why', async () => {
    temp = await startExampleTroupe(new ManualClock(START));
    const ref = temp.troupe.runtime.get('heartbeat', 'hb');
    await expect(ref.ask('start', { cron: 'every minute' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('5 fields'),
    });
    await expect(ref.ask('start', { cron: '61 * * * *' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(ref.ask('start', { cron: '* * * * *', extra: 1 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(await ref.ask('beats')).toEqual({ cron: null, beats: [] });
  });
});
