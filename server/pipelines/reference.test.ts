// Pins the reference model itself with hand-computed cases, so the property tests compare the engine
// against something known to follow the spec (a wrong oracle would make every property meaningless).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byKey, eventsArb, pipelineArb } from './testing/pipeline-arbitraries.ts';
import { type RefEvent, referencePipeline } from './testing/reference.ts';

const ev = (sensorId: string, value: number, ts: number): RefEvent => ({ sensorId, value, ts });

describe('reference pipeline', () => {
  it('map: c_to_f then round; other fields pass through', () => {
    const out = referencePipeline({ operators: [{ kind: 'map', config: { preset: 'c_to_f', round: 1 } }] }, [
      ev('a', 0, 1),
      ev('a', 100, 2),
      ev('b', 37, 3), // 37 * 1.8 + 32 = 98.60000000000001 before rounding
    ]);
    expect(out).toEqual([ev('a', 32, 1), ev('a', 212, 2), ev('b', 98.6, 3)]);
  });

  it('map: preset runs before scale/offset; f_to_c; no round keeps the raw float', () => {
    const cToF = { kind: 'map' as const, config: { preset: 'c_to_f' as const, scale: 2, offset: 1 } };
    expect(referencePipeline({ operators: [cToF] }, [ev('a', 10, 1)])).toEqual([ev('a', 101, 1)]);
    const fToC = { kind: 'map' as const, config: { preset: 'f_to_c' as const } };
    expect(referencePipeline({ operators: [fToC] }, [ev('a', 212, 1), ev('a', 50, 2)])).toEqual([
      ev('a', 100, 1),
      ev('a', 10, 2),
    ]);
    const scaled = { kind: 'map' as const, config: { scale: 0.1 } };
    expect(referencePipeline({ operators: [scaled] }, [ev('a', 3, 1)])).toEqual([ev('a', 3 * 0.1, 1)]);
    expect(3 * 0.1).not.toBe(0.3);
  });

  it('filter: > 50 keeps strictly greater values; == and != are strict', () => {
    const events = [ev('a', 10, 1), ev('a', 50, 2), ev('b', 51, 3), ev('a', 90, 4)];
    const gt = referencePipeline(
      { operators: [{ kind: 'filter', config: { field: 'value', op: '>', threshold: 50 } }] },
      events,
    );
    expect(gt).toEqual([ev('b', 51, 3), ev('a', 90, 4)]);
    const eq = referencePipeline(
      { operators: [{ kind: 'filter', config: { field: 'value', op: '==', threshold: 50 } }] },
      events,
    );
    expect(eq).toEqual([ev('a', 50, 2)]);
    const ne = referencePipeline(
      { operators: [{ kind: 'filter', config: { field: 'value', op: '!=', threshold: 50 } }] },
      events,
    );
    expect(ne).toHaveLength(3);
  });

  it('reduce: avg of 5 per key; a partial tail emits nothing', () => {
    const events = Array.from({ length: 12 }, (_, i) => ev('a', i + 1, 1000 + i));
    events.splice(3, 0, ev('b', 7, 5000)); // another key's partial window changes nothing for 'a'
    const out = referencePipeline(
      { operators: [{ kind: 'reduce', config: { windowSize: 5, fn: 'avg' } }] },
      events,
    );
    expect(out).toEqual([
      { sensorId: 'a', count: 5, windowStart: 1000, windowEnd: 1005, ts: 1004, avg: 3 },
      { sensorId: 'a', count: 5, windowStart: 1005, windowEnd: 1010, ts: 1009, avg: 8 },
    ]);
  });

  it('reduce: sum, count, min, max', () => {
    const events = [ev('a', 4, 1), ev('a', -2, 2), ev('a', 9, 3)];
    const run = (fn: 'sum' | 'count' | 'min' | 'max') =>
      referencePipeline({ operators: [{ kind: 'reduce', config: { windowSize: 3, fn } }] }, events)[0]?.[fn];
    expect([run('sum'), run('count'), run('min'), run('max')]).toEqual([11, 3, -2, 9]);
  });

  it('reduce: sums left to right starting at 0 (float order is part of the contract)', () => {
    const events = [ev('a', 0.1, 1), ev('a', 0.2, 2), ev('a', 0.3, 3)];
    const [out] = referencePipeline(
      { operators: [{ kind: 'reduce', config: { windowSize: 3, fn: 'sum' } }] },
      events,
    );
    expect(out?.sum).toBe(0.1 + 0.2 + 0.3);
    expect(out?.sum).not.toBe(0.3 + 0.2 + 0.1);
  });

  it('window: count 3 with max/min, keys interleaved', () => {
    const events = [ev('a', 5, 1), ev('b', 1, 2), ev('a', 9, 3), ev('b', 2, 4), ev('a', 2, 5), ev('b', 3, 6)];
    const out = referencePipeline(
      { operators: [{ kind: 'window', config: { size: 3, fns: ['max', 'min'] } }] },
      events,
    );
    expect(out).toEqual([
      { sensorId: 'a', count: 3, windowStart: 1, windowEnd: 6, ts: 5, max: 9, min: 2 },
      { sensorId: 'b', count: 3, windowStart: 2, windowEnd: 7, ts: 6, max: 3, min: 1 },
    ]);
  });

  it('window: time-based, aligned, a late event dropped, last window only on flush', () => {
    const spec = {
      operators: [
        { kind: 'window' as const, config: { timeMs: 1000, fns: ['max' as const, 'count' as const] } },
      ],
    };
    const events = [
      ev('a', 1, 100),
      ev('a', 3, 900),
      ev('a', 5, 1500), // index 1 > 0: closes [0, 1000)
      ev('a', 100, 700), // index 0 < 1: late, dropped
      ev('a', 4, 2100), // closes [1000, 2000)
      ev('a', 6, 2999),
    ];
    const closed = [
      { sensorId: 'a', count: 2, windowStart: 0, windowEnd: 1000, ts: 999, max: 3 },
      { sensorId: 'a', count: 1, windowStart: 1000, windowEnd: 2000, ts: 1999, max: 5 },
    ];
    expect(referencePipeline(spec, events)).toEqual(closed);
    expect(referencePipeline(spec, events, { flush: true })).toEqual([
      ...closed,
      { sensorId: 'a', count: 2, windowStart: 2000, windowEnd: 3000, ts: 2999, max: 6 },
    ]);
  });

  it('window: time-based flush emits open windows in first-seen key order; skipped windows emit nothing', () => {
    const spec = { operators: [{ kind: 'window' as const, config: { timeMs: 10, fns: ['avg' as const] } }] };
    const events = [ev('b', 1, 5), ev('a', 2, 6), ev('b', 3, 45), ev('a', 4, 7)];
    expect(referencePipeline(spec, events, { flush: true })).toEqual([
      { sensorId: 'b', count: 1, windowStart: 0, windowEnd: 10, ts: 9, avg: 1 },
      { sensorId: 'b', count: 1, windowStart: 40, windowEnd: 50, ts: 49, avg: 3 },
      { sensorId: 'a', count: 2, windowStart: 0, windowEnd: 10, ts: 9, avg: 3 },
    ]);
  });

  it('keyBy null: one global window across sensors, output sensorId "*"; map/filter keep sensorId', () => {
    const events = [ev('a', 1, 1), ev('b', 2, 2), ev('c', 3, 3), ev('a', 4, 4)];
    const out = referencePipeline(
      {
        keyBy: null,
        operators: [
          { kind: 'map', config: { offset: 10 } },
          { kind: 'reduce', config: { windowSize: 3, fn: 'sum' } },
        ],
      },
      events,
    );
    expect(out).toEqual([{ sensorId: '*', count: 3, windowStart: 1, windowEnd: 4, ts: 3, sum: 36 }]);
    const mapped = referencePipeline(
      { keyBy: null, operators: [{ kind: 'map', config: { offset: 1 } }] },
      events,
    );
    expect(mapped.map((r) => r.sensorId)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('after a reduce, map/filter read and write the fn field, and windows use the output ts (windowEnd - 1)', () => {
    const events = [ev('a', 10, 1), ev('a', 20, 2), ev('a', 60, 3), ev('a', 80, 4), ev('a', 1, 15)];
    events.push(ev('a', 1, 16), ev('a', 1, 30), ev('a', 1, 31));
    const out = referencePipeline(
      {
        operators: [
          { kind: 'reduce', config: { windowSize: 2, fn: 'avg' } }, // avg 15 @2, 70 @4, 1 @16, 1 @31
          { kind: 'map', config: { scale: 2 } }, // 30, 140, 2, 2
          { kind: 'filter', config: { field: 'value', op: '<', threshold: 100 } }, // drops 140
          { kind: 'window', config: { timeMs: 10, fns: ['min', 'count'] } }, // by ts: 2, 16, 31
        ],
      },
      events,
      { flush: true },
    );
    expect(out).toEqual([
      { sensorId: 'a', count: 1, windowStart: 0, windowEnd: 10, ts: 9, min: 30 },
      { sensorId: 'a', count: 1, windowStart: 10, windowEnd: 20, ts: 19, min: 2 },
      { sensorId: 'a', count: 1, windowStart: 30, windowEnd: 40, ts: 39, min: 2 },
    ]);
  });

  it('after a window, the next operator reads the first fn; flush cascades downstream', () => {
    const out = referencePipeline(
      {
        operators: [
          { kind: 'window', config: { timeMs: 10, fns: ['max', 'min'] } },
          { kind: 'window', config: { timeMs: 100, fns: ['avg'] } }, // reads max, ts = windowEnd - 1
        ],
      },
      [ev('a', 1, 1), ev('a', 7, 2), ev('a', 3, 25)],
      { flush: true },
    );
    // [0,10) max 7 (ts 9) and [20,30) max 3 (ts 29): both in [0,100), only emitted by the cascade.
    expect(out).toEqual([{ sensorId: 'a', count: 2, windowStart: 0, windowEnd: 100, ts: 99, avg: 5 }]);
  });

  it('stamps events without ts with the publish time', () => {
    const out = referencePipeline(
      { operators: [{ kind: 'map', config: {} }] },
      [{ sensorId: 'a', value: 1 }],
      {
        publishTs: 42,
      },
    );
    expect(out).toEqual([ev('a', 1, 42)]);
  });
});

describe('reference pipeline, metamorphic', () => {
  it('with keyBy sensorId, each key sees only its own events; a flush only appends', () => {
    fc.assert(
      fc.property(pipelineArb, eventsArb, (pipeline, events) => {
        const spec = { ...pipeline, keyBy: 'sensorId' as const };
        const all = byKey(referencePipeline(spec, events, { flush: true }));
        const unflushed = byKey(referencePipeline(spec, events));
        for (const [key, rows] of Object.entries(all)) {
          const alone = referencePipeline(
            spec,
            events.filter((e) => e.sensorId === key),
            { flush: true },
          );
          expect(rows).toEqual(alone);
          expect(rows.slice(0, unflushed[key]?.length ?? 0)).toEqual(unflushed[key] ?? []);
        }
      }),
      { numRuns: 200 },
    );
  });
});
