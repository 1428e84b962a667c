// The autoscale policy, driven sample by sample on a made-up clock: when it scales up and down,
// by how much, with what reason, and that a steady load never makes it flap.
import { describe, expect, it } from 'vitest';
import {
  type AutoscaleReading,
  type AutoscaleTimings,
  DEFAULT_TARGET_BACKLOG,
  decideScale,
  newTrack,
  type OperatorTrack,
} from './autoscale-policy.ts';
import type { TAutoscale } from './autoscale-spec.ts';

const TIMINGS: AutoscaleTimings = {
  intervalMs: 1000,
  upAfterMs: 3000,
  downAfterMs: 15_000,
  cooldownMs: 10_000,
};

/**
 * Runs the policy once a second from `from` for `seconds`, applying every change at once; the
 * reading of each second comes from `load(now, partitions)`. Returns the changes made.
 */
function run(
  autoscale: TAutoscale,
  load: (now: number, partitions: number) => AutoscaleReading,
  seconds: number,
  start = { partitions: 1, track: undefined as OperatorTrack | undefined, from: 0 },
) {
  let partitions = start.partitions;
  let track = start.track ?? newTrack(partitions);
  const changes: { at: number; from: number; to: number; reason: string }[] = [];
  for (let s = 0; s < seconds; s++) {
    const now = start.from + s * 1000;
    const decided = decideScale({
      autoscale,
      partitions,
      reading: load(now, partitions),
      track,
      now,
      timings: TIMINGS,
    });
    track = decided.track;
    if (decided.change) {
      changes.push({ at: now, from: partitions, to: decided.change.to, reason: decided.change.reason });
      partitions = decided.change.to;
    }
  }
  return { changes, partitions, track };
}

const idle = (): AutoscaleReading => ({ backlog: 0, p99Ms: null });

describe('decideScale', () => {
  it('doubles after the backlog was over target at every sample for upAfterMs, then cools down', () => {
    const autoscale = { min: 1, max: 8, targetBacklog: 10 };
    // A total backlog of 1000: over target at any partition count up to 8.
    const { changes } = run(autoscale, () => ({ backlog: 1000, p99Ms: 1 }), 40);
    expect(changes).toEqual([
      { at: 3000, from: 1, to: 2, reason: 'backlog 1000 > 10 per partition' },
      // The change restarts the cooldown (10 s) and the sustain timer from the next sample.
      { at: 14_000, from: 2, to: 4, reason: 'backlog 500 > 10 per partition' },
      { at: 25_000, from: 4, to: 8, reason: 'backlog 250 > 10 per partition' },
    ]);
  });

  it('caps at max and never goes past it', () => {
    const { changes, partitions } = run(
      { min: 1, max: 3, targetBacklog: 10 },
      () => ({ backlog: 1e6, p99Ms: 1 }),
      120,
    );
    expect(changes.map((c) => c.to)).toEqual([2, 3]);
    expect(partitions).toBe(3);
  });

  it('does not scale up on a burst shorter than upAfterMs', () => {
    // Over for two samples out of every three: never three in a row.
    const bursty = (now: number) => ({ backlog: now % 3000 === 2000 ? 0 : 1000, p99Ms: 1 });
    expect(run({ min: 1, max: 8, targetBacklog: 10 }, bursty, 120).changes).toEqual([]);
  });

  it('halves after idling for downAfterMs, floored at min, saying why', () => {
    const autoscale = { min: 3, max: 16, targetBacklog: 10 };
    const { changes } = run(autoscale, idle, 60, { partitions: 16, track: undefined, from: 0 });
    expect(changes).toEqual([
      { at: 15_000, from: 16, to: 8, reason: 'idle: backlog 0' },
      // Each change is seen at the next sample, which starts the next 15 s.
      { at: 31_000, from: 8, to: 4, reason: 'idle: backlog 0' },
      { at: 47_000, from: 4, to: 3, reason: 'idle: backlog 0' },
    ]);
  });

  it('scales down a busy operator only when halving keeps it at most half its targets', () => {
    const autoscale = { min: 1, max: 8, targetBacklog: 100, targetP99Ms: 10 };
    // 4 partitions, 160 waiting: 40 per partition now, 80 after halving (> 50): stays.
    expect(
      run(autoscale, () => ({ backlog: 160, p99Ms: 1 }), 120, { partitions: 4, track: undefined, from: 0 })
        .changes,
    ).toEqual([]);
    // 80 waiting: 40 per partition after halving (<= 50), p99 4 ms (<= 5): halves.
    const quiet = run(autoscale, () => ({ backlog: 80, p99Ms: 4 }), 16, {
      partitions: 4,
      track: undefined,
      from: 0,
    });
    expect(quiet.changes).toEqual([
      { at: 15_000, from: 4, to: 2, reason: 'under target: backlog 20 per partition, p99 4 ms' },
    ]);
    // p99 6 ms is under the 10 ms target but not well under: stays.
    expect(
      run(autoscale, () => ({ backlog: 0, p99Ms: 6 }), 120, { partitions: 4, track: undefined, from: 0 })
        .changes,
    ).toEqual([]);
  });

  it('scales up on p99 over its target, and counts an idle operator (no turns) as not over', () => {
    const autoscale = { min: 1, max: 4, targetP99Ms: 5 };
    const slow = run(autoscale, () => ({ backlog: 0, p99Ms: 12 }), 4);
    expect(slow.changes).toEqual([{ at: 3000, from: 1, to: 2, reason: 'p99 12 ms > 5 ms' }]);
    // Without a backlog target only p99 counts: a huge backlog of an idle operator does nothing.
    expect(run(autoscale, () => ({ backlog: 1e6, p99Ms: null }), 30).changes).toEqual([]);
  });

  it('names every target that is exceeded', () => {
    const autoscale = { min: 1, max: 4, targetBacklog: 500, targetP99Ms: 5 };
    const { changes } = run(autoscale, () => ({ backlog: 1234, p99Ms: 12.345 }), 4);
    expect(changes[0]?.reason).toBe('backlog 1234 > 500 per partition; p99 12.35 ms > 5 ms');
  });

  it(`holds an operator with neither target to ${DEFAULT_TARGET_BACKLOG} records per partition`, () => {
    const at = (backlog: number) => run({ min: 1, max: 4 }, () => ({ backlog, p99Ms: 50 }), 5).changes;
    expect(at(DEFAULT_TARGET_BACKLOG)).toEqual([]);
    expect(at(DEFAULT_TARGET_BACKLOG + 1)).toEqual([
      {
        at: 3000,
        from: 1,
        to: 2,
        reason: `backlog ${DEFAULT_TARGET_BACKLOG + 1} > ${DEFAULT_TARGET_BACKLOG} per partition`,
      },
    ]);
  });

  it('never flaps under a steady load: it settles and stays, for an hour', () => {
    // A steady 300 records waiting in total (a queue that the operator keeps at that level).
    const { changes, partitions } = run(
      { min: 1, max: 16, targetBacklog: 100 },
      () => ({ backlog: 300, p99Ms: 2 }),
      3600,
    );
    // 300 > 100 at 1, 150 > 100 at 2; at 4 it is 75 (not over) and would be 150 after halving (not under).
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(partitions).toBe(4);
  });

  it('goes up under a step of load and back down once it stops', () => {
    const load = (now: number, partitions: number) =>
      now < 60_000 ? { backlog: 400 * partitions, p99Ms: 3 } : { backlog: 0, p99Ms: null };
    const { changes, partitions } = run({ min: 1, max: 4, targetBacklog: 100 }, load, 180);
    expect(changes.map((c) => [c.at, c.from, c.to])).toEqual([
      [3000, 1, 2],
      [14_000, 2, 4],
      [75_000, 4, 2], // 15 s after the load stopped
      [91_000, 2, 1],
    ]);
    expect(partitions).toBe(1);
  });

  it('restarts the cooldown when someone else changed the partitions', () => {
    const autoscale = { min: 1, max: 8, targetBacklog: 10 };
    const over = { backlog: 1000, p99Ms: 1 };
    let track = newTrack(1);
    for (let now = 0; now < 3000; now += 1000) {
      track = decideScale({ autoscale, partitions: 1, reading: over, track, now, timings: TIMINGS }).track;
    }
    // A manual scale to 2 just before the third over-sample: no change for a cooldown.
    const after = decideScale({
      autoscale,
      partitions: 2,
      reading: over,
      track,
      now: 3000,
      timings: TIMINGS,
    });
    expect(after.change).toBeNull();
    expect(after.track).toMatchObject({ partitions: 2, changedAt: 3000 });
    const { changes } = run(autoscale, () => over, 12, { partitions: 2, track: after.track, from: 4000 });
    expect(changes).toEqual([{ at: 13_000, from: 2, to: 4, reason: 'backlog 500 > 10 per partition' }]);
  });

  it('brings partitions outside the bounds back inside at once', () => {
    const low = decideScale({
      autoscale: { min: 2, max: 4 },
      partitions: 1,
      reading: idle(),
      track: newTrack(1),
      now: 0,
      timings: TIMINGS,
    });
    expect(low.change).toEqual({ to: 2, reason: 'outside autoscale bounds [2, 4]' });
    const high = decideScale({
      autoscale: { min: 2, max: 4 },
      partitions: 9,
      reading: idle(),
      track: newTrack(9),
      now: 0,
      timings: TIMINGS,
    });
    expect(high.change?.to).toBe(4);
  });
});
