// The server's recent history on a real Troupe: samples taken on a timer into a bounded ring, turn
// latency quantiles from the metrics facet's histogram, lifecycle transitions numbered in order,
// and the stored lifecycle log filling in what a restarted process no longer holds in memory.
import { afterEach, describe, expect, it } from 'vitest';
import { REFERENCE_PIPELINE } from '../pipelines/spec.ts';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { createTroupeMetrics } from './metrics.ts';
import type { TMetricsTick } from './metrics-sampler.ts';
import { type RecentHistory, startRecentHistory } from './recent-history.ts';
import { fromStored, readRecentLifecycle } from './recent-lifecycle.ts';

let temp: TempTroupe | undefined;
let history: RecentHistory | undefined;
afterEach(async () => {
  history?.stop();
  await temp?.close();
  temp = history = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recent history', () => {
  it('samples rates and turn latency every interval into a ring of bounded size', async () => {
    const metrics = createTroupeMetrics({ processMetrics: false });
    temp = await startTempTroupe({ runtime: { facets: [metrics.turnFacet] } });
    history = startRecentHistory(temp.troupe, {
      intervalMs: 40,
      ticks: 5,
      turnDurations: () => metrics.turnFacet.turnDurations(),
    });
    const pushed: TMetricsTick[] = [];
    history.onTick((tick) => pushed.push(tick));
    const ref = temp.troupe.runtime.get('counter', 'sampled');
    await Promise.all(Array.from({ length: 200 }, () => ref.ask('increment')));
    await expect.poll(() => pushed.length).toBeGreaterThanOrEqual(7);

    const ticks = history.ticks();
    expect(ticks).toHaveLength(5); // the ring keeps the newest five
    expect(ticks).toEqual(pushed.slice(-5));
    expect(ticks.map((t) => t.at)).toEqual([...ticks.map((t) => t.at)].sort((a, b) => a - b));
    const busy = pushed.find((t) => t.turnsPerSec > 0)!;
    expect(busy.residentActivations).toBe(1);
    expect(busy.turnP50Ms).not.toBeNull();
    expect(busy.turnP99Ms!).toBeGreaterThanOrEqual(busy.turnP50Ms!);
    // A quiet interval has no turns, so no latency to report.
    expect(ticks.at(-1)).toMatchObject({ turnsPerSec: 0, turnP50Ms: null, turnP99Ms: null });
    expect(ticks.at(-1)!.errorsTotal).toEqual({ turns: 0, activations: 0, overloaded: 0, timeouts: 0 });
  });

  it('counts events into pipelines and failed turns', async () => {
    temp = await startTempTroupe();
    history = startRecentHistory(temp.troupe, { intervalMs: 50 });
    const pushed: TMetricsTick[] = [];
    history.onTick((tick) => pushed.push(tick));
    const { id } = await temp.troupe.pipelines.create({ ...REFERENCE_PIPELINE, name: 'hist' });
    await temp.troupe.pipelines.publish(id, [{ sensorId: 's', value: 70, ts: Date.now() }]);
    // An overdraft throws in the handler: a failed turn.
    await temp.troupe.runtime
      .get('bank-account', 'empty')
      .ask('withdraw', { amount: 5 })
      .catch(() => undefined);
    await expect.poll(() => pushed.some((t) => t.pipelineEventsPerSec > 0)).toBe(true);
    await expect.poll(() => pushed.some((t) => t.failedTurnsPerSec > 0)).toBe(true);
    expect(pushed.at(-1)!.pipelinesRunning).toBe(1);
    expect(pushed.at(-1)!.errorsTotal.turns).toBe(1);
  });

  it('numbers lifecycle transitions in order and says since when it holds all of them', async () => {
    temp = await startTempTroupe();
    history = startRecentHistory(temp.troupe, { lifecycleEvents: 3 });
    const live: number[] = [];
    history.onLifecycle((event) => live.push(event.seq));
    expect(history.lifecycleSince()).toBe(history.epoch);
    await temp.troupe.runtime.get('counter', 'numbered').ask('increment');
    await temp.troupe.runtime.deactivate('counter', 'numbered');
    expect(live).toEqual([1, 2, 3, 4]); // activating, activated, deactivating, deactivated
    const newest = history.lifecycle(10);
    expect(newest.map((e) => [e.seq, e.transition])).toEqual([
      [4, 'deactivated'],
      [3, 'deactivating'],
      [2, 'activated'],
    ]);
    // Full: the oldest held event bounds what memory covers.
    expect(history.lifecycleSince()).toBe(newest.at(-1)!.at);
  });

  it('fills in from the stored log what a restarted process does not hold', async () => {
    temp = await startTempTroupe();
    await temp.troupe.runtime.get('counter', 'before').ask('increment');
    await temp.troupe.runtime.deactivate('counter', 'before');
    const troupe = await temp.restart();
    await sleep(5);
    history = startRecentHistory(troupe);
    await troupe.runtime.get('counter', 'after').ask('increment');
    await troupe.runtime.flush();

    const { epoch, events } = await readRecentLifecycle(history, troupe, 10);
    expect(epoch).toBe(history.epoch);
    expect(events.map((e) => [e.key, e.transition, e.reason ?? null, e.seq])).toEqual([
      ['after', 'activated', null, 2],
      ['after', 'activating', null, 1],
      // Stored: only activated/deactivated/failed are kept, numbered below zero, newest first.
      ['before', 'deactivated', 'manual', -1],
      ['before', 'activated', null, -2],
    ]);
    // As many as asked for, memory first.
    expect((await readRecentLifecycle(history, troupe, 1)).events.map((e) => e.seq)).toEqual([2]);
  });

  it('reads stored reasons and errors back apart', () => {
    const row = { type: 't', key: 'k', at: 1 };
    expect(fromStored({ ...row, event: 'deactivated', reason: 'idle' }, -1)).toMatchObject({
      reason: 'idle',
    });
    expect(fromStored({ ...row, event: 'failed', reason: 'error: boom: bad' }, -1)).toMatchObject({
      reason: 'error',
      error: 'boom: bad',
    });
    expect(fromStored({ ...row, event: 'failed', reason: 'state unreadable' }, -1)).toMatchObject({
      error: 'state unreadable',
    });
    expect(fromStored({ ...row, event: 'something-else', reason: null }, -1)).toBeNull();
  });
});
