// The simulator's event generator on its own, tick by tick (no clock): determinism per seed, the
// round-robin schedule, strictly increasing ts per sensor, values inside the range, and disorder
// within the bounds it was configured with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { SensorStream, type SensorStreamOptions, type SensorTick, TICK_MS } from './simulated-sensors.ts';

const BASE: SensorStreamOptions = {
  ratePerSec: 200,
  sensors: 4,
  seed: 7,
  min: 0,
  max: 100,
  outOfOrderMs: 0,
  outOfOrderRatio: 0,
  lateRatio: 0,
  lateByMs: 0,
  startTs: 0,
};
/** A realistic epoch ms start: sub-millisecond offsets must survive its magnitude. */
const EPOCH = Date.UTC(2026, 10, 20, 12, 0, 0);

function run(options: Partial<SensorStreamOptions>, ticks: number): SensorTick[] {
  const stream = new SensorStream({ ...BASE, ...options });
  return Array.from({ length: ticks }, () => stream.next());
}

const delivered = (ticks: SensorTick[]) => ticks.flatMap((t) => t.events);
const sensorIndex = (sensorId: string) => Number(sensorId.slice('sensor-'.length)) - 1;

/** Events grouped by sensor, each list in delivery order. */
function bySensor(events: { sensorId: string; ts: number }[]) {
  const groups = new Map<string, number[]>();
  for (const e of events) {
    const series = groups.get(e.sensorId);
    if (series) series.push(e.ts);
    else groups.set(e.sensorId, [e.ts]);
  }
  return groups;
}

const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe('mulberry32', () => {
  it('gives the reference implementation’s numbers', () => {
    // The published one-liner, verbatim but for names (its sum stays exact for ~4.9 million draws).
    const reference = (a: number) => () => {
      a += 0x6d2b79f5;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (const seed of [0, 1, 42, 2 ** 31, 2 ** 32 - 1]) {
      const ours = mulberry32(seed);
      const theirs = reference(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(theirs());
    }
  });
});

describe('SensorStream', () => {
  it('repeats itself exactly for the same seed and options, and differs for another seed', () => {
    const options = { outOfOrderMs: 150, outOfOrderRatio: 0.2, lateRatio: 0.05, lateByMs: 300 };
    const first = run({ ...options, seed: 12345 }, 60);
    expect(run({ ...options, seed: 12345 }, 60)).toEqual(first);
    const other = delivered(run({ ...options, seed: 12346 }, 60)).map((e) => e.value);
    expect(other).not.toEqual(delivered(first).map((e) => e.value));
    // The events of a given seed never depend on the start: ts offsets are the same from EPOCH.
    const shifted = delivered(run({ ...options, seed: 12345, startTs: EPOCH }, 60));
    expect(shifted.map((e) => ({ ...e, ts: e.ts - EPOCH }))).toEqual(delivered(first));
  });

  it('disorder changes the delivery order only, not the events', () => {
    const plain = delivered(run({}, 80));
    const disordered = run({ outOfOrderMs: 400, outOfOrderRatio: 0.3, lateRatio: 0.1, lateByMs: 500 }, 80);
    const shuffled = delivered(disordered);
    const key = (e: { sensorId: string; ts: number }) => `${e.sensorId}@${e.ts}`;
    const plainByKey = new Map(plain.map((e) => [key(e), e]));
    for (const e of shuffled) expect(plainByKey.get(key(e))).toEqual(e);
    expect(new Set(shuffled.map(key)).size).toBe(shuffled.length);
    // What was not delivered yet is still held back, from the last ~500 ms of event time only.
    const stream = new SensorStream({
      ...BASE,
      outOfOrderMs: 400,
      outOfOrderRatio: 0.3,
      lateRatio: 0.1,
      lateByMs: 500,
    });
    for (let i = 0; i < 80; i++) stream.next();
    expect(plain.length - shuffled.length).toBe(stream.held);
    const seen = new Set(shuffled.map(key));
    const missing = plain.filter((e) => !seen.has(key(e)));
    for (const e of missing) expect(e.ts).toBeGreaterThanOrEqual(80 * TICK_MS - 500 - 100);
    expect(shuffled).not.toEqual(plain.slice(0, shuffled.length));
  });

  it('keeps the total rate and lets every sensor take its turn (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5000, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (ratePerSec, sensors, ticks) => {
          const counts = new Array<number>(sensors).fill(0);
          let total = 0;
          for (const tick of run({ ratePerSec, sensors }, ticks)) {
            const inTick = new Set(tick.events.map((e) => e.sensorId));
            // At least rate/10 events a tick cover all sensors: every sensor emits in every tick.
            if (ratePerSec >= 10 * sensors) expect(inTick.size).toBe(sensors);
            for (const e of tick.events) counts[sensorIndex(e.sensorId)]!++;
            total += tick.events.length;
            // Round robin: no sensor is ever more than one event ahead of another.
            expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          }
          expect(Math.abs(total - (ratePerSec * ticks) / 10)).toBeLessThan(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('below 10 events/s per sensor, each sensor emits every sensors/(rate/10) ticks', () => {
    // 45 events/s over 10 sensors: 4 or 5 a tick, so every sensor within any 3 consecutive ticks.
    const ticks = run({ ratePerSec: 45, sensors: 10 }, 30);
    for (let t = 0; t + 3 <= ticks.length; t++) {
      const seen = new Set(ticks.slice(t, t + 3).flatMap((tick) => tick.events.map((e) => e.sensorId)));
      expect(seen.size).toBe(10);
    }
    // 0.5 events/s: one event every 20 ticks, still spread over the sensors in turn.
    const slow = delivered(run({ ratePerSec: 0.5, sensors: 3 }, 120));
    expect(slow.map((e) => e.sensorId)).toEqual([
      'sensor-1',
      'sensor-2',
      'sensor-3',
      'sensor-1',
      'sensor-2',
      'sensor-3',
    ]);
    expect(slow.map((e) => e.ts)).toEqual([1900, 3900, 5900, 7900, 9900, 11900]);
  });

  it('stamps strictly increasing ts per sensor, inside each tick, in whole ms up to 1,000/s per sensor (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 20_000, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 15 }),
        (ratePerSec, sensors, ticks) => {
          const result = run({ ratePerSec, sensors, startTs: EPOCH }, ticks);
          const wholeMs = ratePerSec / sensors <= 1000;
          for (const tick of result) {
            const start = EPOCH + tick.tick * TICK_MS;
            const outside = tick.events.filter(
              (e) => e.ts < start || e.ts >= start + TICK_MS || (wholeMs && !Number.isInteger(e.ts)),
            );
            expect(outside).toEqual([]);
          }
          for (const series of bySensor(delivered(result)).values())
            expect(strictlyIncreasing(series)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('tells 1,000,000 events/s of one sensor apart (sub-millisecond ts)', () => {
    const events = delivered(run({ ratePerSec: 1_000_000, sensors: 1, startTs: EPOCH }, 3));
    expect(events).toHaveLength(300_000);
    expect(strictlyIncreasing(events.map((e) => e.ts))).toBe(true);
    expect(events.at(-1)!.ts).toBeLessThan(EPOCH + 3 * TICK_MS);
  });

  it('never reports a value outside [min, max] (property)', () => {
    const bound = fc.double({ min: -1e9, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(
        bound,
        bound,
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 0.1, max: 3000, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 30 }),
        (a, b, seed, ratePerSec, sensors, ticks) => {
          fc.pre(a !== b);
          const [min, max] = a < b ? [a, b] : [b, a];
          const events = delivered(run({ min, max, seed, ratePerSec, sensors }, ticks));
          const outside = events.filter(
            (e) => !(Number.isFinite(e.value) && e.value >= min && e.value <= max),
          );
          expect(outside).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses the whole range (a walk, not a constant) and rounds to 2 decimals over 0..100', () => {
    const values = delivered(run({ ratePerSec: 1000, sensors: 5 }, 100)).map((e) => e.value);
    expect(Math.min(...values)).toBeLessThan(25);
    expect(Math.max(...values)).toBeGreaterThan(75);
    for (const v of values) expect(Math.round(v * 100) / 100).toBe(v);
  });

  it('delivers out of order by at most outOfOrderMs and late by at least lateByMs, at the ratios asked (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 50, max: 2000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (seed, ratePerSec, sensors, outOfOrderMs, outOfOrderRatio, lateByMs, lateRatio) => {
          const options = { seed, ratePerSec, sensors, outOfOrderMs, outOfOrderRatio, lateByMs, lateRatio };
          const ticks = run(options, 40);
          let maxBefore = -Infinity;
          const maxOfSensor = new Map<string, number>();
          const wrong: string[] = [];
          for (const tick of ticks) {
            const late = new Set(tick.late);
            const delayed = new Set(tick.delayed);
            tick.events.forEach((e, i) => {
              const sensorMax = maxOfSensor.get(e.sensorId) ?? -Infinity;
              // Late: its own sensor already delivered an event lateByMs newer or more.
              if (late.has(i) && sensorMax - e.ts < lateByMs) wrong.push(`late ${e.ts} after ${sensorMax}`);
              // Out of order: nothing more than outOfOrderMs newer came before it.
              if (delayed.has(i) && maxBefore - e.ts > outOfOrderMs)
                wrong.push(`delayed ${e.ts} after ${maxBefore}`);
              // On time: nothing newer came before it.
              if (!late.has(i) && !delayed.has(i) && maxBefore > e.ts)
                wrong.push(`on time ${e.ts} after ${maxBefore}`);
              maxBefore = Math.max(maxBefore, e.ts);
              maxOfSensor.set(e.sensorId, Math.max(sensorMax, e.ts));
            });
          }
          expect(wrong).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds the ratios and really reorders per sensor when the delay exceeds a sensor’s period', () => {
    // 1,000 events/s over 5 sensors: a sensor every 5 ms; delays up to 50 ms overtake its own events.
    const ticks = run(
      {
        ratePerSec: 1000,
        sensors: 5,
        outOfOrderMs: 50,
        outOfOrderRatio: 0.2,
        lateRatio: 0.05,
        lateByMs: 200,
      },
      200,
    );
    const total = ticks.reduce((n, t) => n + t.events.length, 0);
    const delayed = ticks.reduce((n, t) => n + t.delayed.length, 0);
    const late = ticks.reduce((n, t) => n + t.late.length, 0);
    expect(delayed / total).toBeGreaterThan(0.17);
    expect(delayed / total).toBeLessThan(0.23);
    expect(late / total).toBeGreaterThan(0.035);
    expect(late / total).toBeLessThan(0.065);
    // Per sensor, some event arrives after a newer one of the same sensor (what watermarks handle).
    let reordered = 0;
    for (const series of bySensor(delivered(ticks)).values()) {
      let newest = -Infinity;
      for (const ts of series) {
        if (ts < newest) reordered++;
        newest = Math.max(newest, ts);
      }
    }
    expect(reordered).toBeGreaterThan(delayed / 4);
  });

  it('holds back at most maxHeld events, sending the rest on time', () => {
    const stream = new SensorStream({ ...BASE, lateRatio: 1, lateByMs: 10_000, maxHeld: 3 });
    for (let i = 0; i < 50; i++) {
      stream.next();
      expect(stream.held).toBeLessThanOrEqual(3);
    }
    expect(stream.held).toBe(3);
  });
});
