// The simulator's timer loop with fake time: it publishes exactly the seeded stream, a tick skipped
// while a publish runs neither loses nor re-stamps events, and it counts what it sent, what was
// rejected and what it delivered out of order or late. (Through the real server: server/api/simulator.test.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SensorStream, type SimulatedEvent, TICK_MS } from './simulated-sensors.ts';
import { SensorSimulator } from './simulator.ts';

const START = Date.UTC(2026, 10, 20, 12, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A publish that records each batch and resolves only when told to. */
function pendingPublish() {
  const batches: SimulatedEvent[][] = [];
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const publish = (events: SimulatedEvent[]) => {
    batches.push(events);
    return new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const settle = async (fail = false) => {
    for (const w of waiting.splice(0)) {
      if (fail) w.reject(new Error('OVERLOADED'));
      else w.resolve();
    }
    await vi.advanceTimersByTimeAsync(0);
  };
  return { batches, publish, settle };
}

describe('SensorSimulator', () => {
  it('publishes the seeded stream tick by tick; skipped ticks delay it without changing it', async () => {
    const sink = pendingPublish();
    const options = { ratePerSec: 120, sensors: 3, seed: 99, outOfOrderMs: 30, outOfOrderRatio: 0.2 };
    const simulator = new SensorSimulator(options, sink.publish, () => {});
    try {
      await vi.advanceTimersByTimeAsync(TICK_MS); // tick 0 publishes
      expect(sink.batches).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(3 * TICK_MS); // three ticks find it still running
      expect(simulator.info.skippedTicks).toBe(3);
      expect(sink.batches).toHaveLength(1);
      for (let i = 0; i < 5; i++) {
        await sink.settle();
        await vi.advanceTimersByTimeAsync(TICK_MS);
      }
      await sink.settle();
      expect(sink.batches).toHaveLength(6);

      const expected = new SensorStream({
        ratePerSec: 120,
        sensors: 3,
        seed: 99,
        min: 0,
        max: 100,
        outOfOrderMs: 30,
        outOfOrderRatio: 0.2,
        lateRatio: 0,
        lateByMs: 0,
        startTs: START,
      });
      const ticks = Array.from({ length: 6 }, () => expected.next());
      expect(sink.batches).toEqual(ticks.map((t) => t.events));
      // Event time follows the published ticks, not the wall clock: tick 1 starts 100 ms in.
      expect(Math.min(...sink.batches[1]!.map((e) => e.ts))).toBe(START + TICK_MS);
      const sent = ticks.reduce((n, t) => n + t.events.length, 0);
      expect(simulator.info).toMatchObject({
        seed: 99,
        sent,
        rejected: 0,
        skippedTicks: 3,
        delayed: ticks.reduce((n, t) => n + t.delayed.length, 0),
        late: 0,
      });
      expect(simulator.info.delayed).toBeGreaterThan(0);
    } finally {
      simulator.stop();
    }
  });

  it('counts a rejected publish, picks and reports a seed when none is given, and ends after durationS', async () => {
    const sink = pendingPublish();
    const onEnd = vi.fn();
    const simulator = new SensorSimulator({ ratePerSec: 50, sensors: 5, durationS: 1 }, sink.publish, onEnd);
    expect(Number.isInteger(simulator.info.seed)).toBe(true);
    expect(simulator.info).toMatchObject({ min: 0, max: 100, endsAt: START + 1000 });
    await vi.advanceTimersByTimeAsync(TICK_MS);
    await sink.settle(true);
    expect(simulator.info.rejected).toBe(5);
    for (let i = 0; i < 12; i++) {
      await vi.advanceTimersByTimeAsync(TICK_MS);
      await sink.settle();
    }
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(simulator.info.sent + simulator.info.rejected).toBe(sink.batches.flat().length);
    expect(sink.batches.length).toBeLessThanOrEqual(10);
  });

  it('refuses options the schema refuses', () => {
    const publish = async () => {};
    expect(
      () => new SensorSimulator({ ratePerSec: 10, sensors: 1, min: 5, max: 5 }, publish, () => {}),
    ).toThrow('max (5) must be greater than min (5)');
  });
});
