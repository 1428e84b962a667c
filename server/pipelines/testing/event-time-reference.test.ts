// Pins the event-time reference model with small cases computed by hand from docs/concepts.md, so the
// property tests compare the engine against something known to follow the spec.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  disorderedEventsArb,
  eventTimePipelineArb,
  planArb,
  referenceSteps,
} from './event-time-arbitraries.ts';
import { eventTimeReference } from './event-time-reference.ts';
import type { EtEvent, EtOperator, EtOutput, EtPipeline, EtStep } from './event-time-types.ts';

const ev = (sensorId: string, value: number, ts: number, fields: Record<string, unknown> = {}): EtEvent => ({
  sensorId,
  value,
  ts,
  ...fields,
});
const publish = (...events: EtEvent[]): EtStep => ({ kind: 'publish', events });
const flush: EtStep = { kind: 'flush' };
const advance = (ms: number): EtStep => ({ kind: 'advance', ms });

const tumbling = (
  timeMs: number,
  extra: Partial<Extract<EtOperator, { kind: 'window' }>['config']> = {},
) => ({
  kind: 'window' as const,
  config: { timeMs, fns: ['sum' as const], ...extra },
});

/** A window output as the spec writes it: ts = windowEnd - 1, count always present. */
const win = (key: string, windowStart: number, windowEnd: number, fields: Record<string, unknown>) => ({
  sensorId: key,
  ts: windowEnd - 1,
  windowStart,
  windowEnd,
  ...fields,
});

describe('event-time reference: tumbling windows and watermarks', () => {
  it('out-of-order within maxOutOfOrderMs joins its window; beyond it the record goes to late', () => {
    const pipeline: EtPipeline = { operators: [tumbling(10)], eventTime: { maxOutOfOrderMs: 5 } };
    const out = eventTimeReference(pipeline, [
      // W: -4, 7, 7 (8 is within the bound: [0,10) is not expired while 10 > W), then 11 fires [0,10).
      publish(ev('a', 1, 1), ev('a', 2, 12), ev('a', 4, 8), ev('a', 8, 16)),
      // [0,10) ends at 10 <= W = 11: expired, so ts 5 is late with the watermark it met.
      publish(ev('a', 100, 5)),
    ]);
    expect(out.results).toEqual([win('a', 0, 10, { count: 2, sum: 5 })]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 11, record: ev('a', 100, 5) }]);
    expect(out.errors).toEqual([]);
  });

  it('without eventTime the bound is 0: a window fires as soon as W reaches its end', () => {
    const out = eventTimeReference({ operators: [tumbling(10)] }, [
      publish(ev('a', 1, 3), ev('a', 2, 10), ev('a', 3, 9), ev('b', 4, 9)),
    ]);
    expect(out.results).toEqual([win('a', 0, 10, { count: 1, sum: 1 })]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 10, record: ev('a', 3, 9) }]);
  });

  it('allowedLatenessMs: a late-but-allowed record re-fires its window with revision 1, 2, ...', () => {
    const pipeline: EtPipeline = { operators: [tumbling(10)], eventTime: { allowedLatenessMs: 10 } };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 2), ev('a', 2, 12)), // W = 12 fires [0,10); kept until W >= 20
      publish(ev('a', 3, 5), ev('a', 4, 7)), // revisions 1 and 2, the whole window each time
      publish(ev('a', 10, 25)), // W = 25 fires [10,20) and forgets [0,10)
      publish(ev('a', 99, 3)), // [0,10): 10 + 10 <= 25, late
    ]);
    expect(out.results).toEqual([
      win('a', 0, 10, { count: 1, sum: 1 }),
      win('a', 0, 10, { count: 2, sum: 4, revision: 1 }),
      win('a', 0, 10, { count: 3, sum: 8, revision: 2 }),
      win('a', 10, 20, { count: 1, sum: 2 }),
    ]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 25, record: ev('a', 99, 3) }]);
  });

  it('several windows fire in (windowEnd, windowStart) order on one record', () => {
    const pipeline: EtPipeline = { operators: [tumbling(10)], eventTime: { maxOutOfOrderMs: 100 } };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 25), ev('a', 2, 3), ev('a', 3, 14), ev('a', 4, 140)),
    ]);
    expect(out.results).toEqual([
      win('a', 0, 10, { count: 1, sum: 2 }),
      win('a', 10, 20, { count: 1, sum: 3 }),
      win('a', 20, 30, { count: 1, sum: 1 }),
    ]);
  });
});

describe('event-time reference: sliding and session windows', () => {
  it('sliding: a record joins every [k*slide, k*slide + timeMs) containing it, negative starts too', () => {
    const pipeline: EtPipeline = {
      operators: [{ kind: 'window', config: { timeMs: 10, slideMs: 5, fns: ['max', 'count'] } }],
      eventTime: { maxOutOfOrderMs: 10 },
    };
    const out = eventTimeReference(pipeline, [
      // 7 in [0,10) [5,15); 12 in [5,15) [10,20); 3 in [-5,5) [0,10); 16 in [10,20) [15,25), W = 6.
      publish(ev('a', 7, 7), ev('a', 12, 12), ev('a', 3, 3), ev('a', 16, 16)),
      flush,
    ]);
    expect(out.results).toEqual([
      win('a', -5, 5, { count: 1, max: 3 }),
      win('a', 0, 10, { count: 2, max: 7 }),
      win('a', 5, 15, { count: 2, max: 12 }),
      win('a', 10, 20, { count: 2, max: 16 }),
      win('a', 15, 25, { count: 1, max: 16 }),
    ]);
  });

  it('sliding: a record is late only if all its windows expired, else it joins the live ones', () => {
    const pipeline: EtPipeline = {
      operators: [{ kind: 'window', config: { timeMs: 10, slideMs: 5, fns: ['sum'] } }],
    };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 11)), // W = 11
      publish(ev('a', 2, 9)), // [0,10) expired, [5,15) live: joins it
      publish(ev('a', 4, 4)), // [-5,5) and [0,10) both expired: late
      flush,
    ]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 11, record: ev('a', 4, 4) }]);
    expect(out.results).toEqual([
      win('a', 5, 15, { count: 2, sum: 3 }),
      win('a', 10, 20, { count: 1, sum: 1 }),
    ]);
  });

  it('session: an out-of-order record bridging two sessions merges them into one', () => {
    const pipeline: EtPipeline = {
      operators: [{ kind: 'window', config: { gapMs: 10, fns: ['sum', 'min'] } }],
      eventTime: { maxOutOfOrderMs: 100 },
    };
    const out = eventTimeReference(pipeline, [
      // [0,10) and [17,27); then 9's [9,19) overlaps both: one session [0,27).
      publish(ev('a', 1, 0), ev('a', 2, 17), ev('a', 4, 9)),
      // [30,40) does not overlap [0,27): its own session.
      publish(ev('a', 8, 30)),
      flush,
    ]);
    expect(out.results).toEqual([
      win('a', 0, 27, { count: 3, sum: 7, min: 1 }),
      win('a', 30, 40, { count: 1, sum: 8, min: 8 }),
    ]);
  });

  it("session: touching sessions stay apart; a merged session fires with its parts' highest firing count", () => {
    const pipeline: EtPipeline = {
      operators: [{ kind: 'window', config: { gapMs: 10, fns: ['count'] } }],
      eventTime: { allowedLatenessMs: 100 },
    };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 0, 0)), // [0,10)
      publish(ev('a', 0, 30)), // W = 30 fires [0,10) (its 1st firing); [30,40) open
      publish(ev('a', 0, 25)), // [25,35) merges with [30,40): [25,40), not due
      publish(ev('a', 0, 5)), // [5,15) merges with [0,10): [0,15) fires as revision 1
      publish(ev('a', 0, 12)), // [12,22) merges with [0,15): [0,22) fires as revision 2
      publish(ev('a', 0, 20)), // [20,30) bridges [0,22) (3 firings) and [25,40) (0): [0,40), not due
      flush, // revision 3
      publish(ev('a', 0, 25)), // W after the flush: 40 + 100 = 140, and [25,35) ends at 35 + 100 <= 140: late
    ]);
    expect(out.results).toEqual([
      win('a', 0, 10, { count: 1 }),
      win('a', 0, 15, { count: 2, revision: 1 }),
      win('a', 0, 22, { count: 3, revision: 2 }),
      win('a', 0, 40, { count: 6, revision: 3 }),
    ]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 140, record: ev('a', 0, 25) }]);
  });

  it('session: two records gapMs apart are two sessions', () => {
    const pipeline: EtPipeline = { operators: [{ kind: 'window', config: { gapMs: 10, fns: ['count'] } }] };
    const out = eventTimeReference(pipeline, [publish(ev('a', 0, 0), ev('a', 0, 10)), flush]);
    expect(out.results).toEqual([win('a', 0, 10, { count: 1 }), win('a', 10, 20, { count: 1 })]);
  });
});

describe('event-time reference: timeouts and flush', () => {
  it('a key quiet for timeoutMs is closed: its windows fire and a record for them is then late', () => {
    const pipeline: EtPipeline = { operators: [tumbling(10, { timeoutMs: 1000 })] };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 1), ev('a', 2, 5)), // clock 0
      advance(500),
      publish(ev('b', 3, 4)), // clock 500
      advance(499), // clock 999: nobody quiet yet
      advance(1), // clock 1000: a closes, b does not
      publish(ev('a', 7, 8)),
      advance(500), // b closes at 1500
    ]);
    expect(out.results).toEqual([
      win('a', 0, 10, { count: 2, sum: 3 }),
      win('b', 0, 10, { count: 1, sum: 3 }),
    ]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 10, record: ev('a', 7, 8) }]);
  });

  it('a record restarts the quiet timer; a timeout closes only the key it belongs to', () => {
    const pipeline: EtPipeline = { operators: [tumbling(10, { timeoutMs: 1000 })] };
    const steps = [publish(ev('a', 1, 1)), advance(900), publish(ev('a', 2, 2)), advance(900)];
    expect(eventTimeReference(pipeline, steps).results).toEqual([]);
    expect(eventTimeReference(pipeline, [...steps, advance(100)]).results).toEqual([
      win('a', 0, 10, { count: 2, sum: 3 }),
    ]);
  });

  it('explicit quiet step: the timeout of one key at one operator', () => {
    const pipeline: EtPipeline = { operators: [tumbling(10)], eventTime: { allowedLatenessMs: 5 } };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 1), ev('b', 2, 2)),
      { kind: 'quiet', operator: 0, key: 'a' },
      publish(ev('a', 3, 3)), // W = 10 + 5 = 15: [0,10) expired
      publish(ev('a', 4, 16)), // a later window is not late
    ]);
    expect(out.results).toEqual([win('a', 0, 10, { count: 1, sum: 1 })]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 15, record: ev('a', 3, 3) }]);
  });

  it('timeout with emitPartial emits the incomplete count window and restarts the count', () => {
    const reduce = (emitPartial: boolean): EtPipeline => ({
      operators: [{ kind: 'reduce', config: { windowSize: 3, fn: 'sum', timeoutMs: 100, emitPartial } }],
    });
    const steps = [
      publish(ev('a', 1, 7), ev('a', 2, 4)),
      advance(100),
      publish(ev('a', 3, 9), ev('a', 4, 1)),
    ];
    expect(eventTimeReference(reduce(true), steps).results).toEqual([
      win('a', 4, 8, { count: 2, sum: 3, partial: true }),
    ]);
    // Without emitPartial the window keeps waiting: 3 records complete it.
    expect(eventTimeReference(reduce(false), steps).results).toEqual([win('a', 4, 10, { count: 3, sum: 6 })]);
  });

  it('a timeout upstream reaches downstream at its due time and restarts the downstream timer', () => {
    const pipeline: EtPipeline = {
      operators: [
        tumbling(10, { timeoutMs: 100 }),
        { kind: 'reduce', config: { windowSize: 2, fn: 'sum', timeoutMs: 150, emitPartial: true } },
      ],
    };
    const out = eventTimeReference(pipeline, [publish(ev('a', 5, 1)), advance(200), advance(49), advance(1)]);
    // [0,10) closes at 100 and reaches the reduce then; the reduce's partial is due at 250.
    const partial = win('a', 9, 10, { count: 1, sum: 5, partial: true });
    expect(out.results).toEqual([partial]);
    expect(eventTimeReference(pipeline, [publish(ev('a', 5, 1)), advance(249)]).results).toEqual([]);
  });

  it('flush closes every key stage by stage, then a record for a flushed window is late', () => {
    const pipeline: EtPipeline = {
      operators: [tumbling(10), tumbling(100)],
      eventTime: { maxOutOfOrderMs: 50 },
    };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 1), ev('a', 2, 12), ev('b', 4, 3)),
      flush, // stage 0 emits [0,10) and [10,20) of a, [0,10) of b; stage 1 then closes [0,100)
      publish(ev('a', 8, 15)),
    ]);
    expect(out.results).toEqual([
      win('a', 0, 100, { count: 2, sum: 3 }),
      win('b', 0, 100, { count: 1, sum: 4 }),
    ]);
    expect(out.late).toEqual([{ operator: 0, key: 'a', watermark: 20, record: ev('a', 8, 15) }]);
  });

  it('emitPartial on flush: partial count windows with partial: true; without it they keep waiting', () => {
    const pipeline: EtPipeline = {
      operators: [
        { kind: 'window', config: { size: 3, fns: ['max'], emitPartial: true } },
        { kind: 'reduce', config: { windowSize: 2, fn: 'count' } },
      ],
    };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 5, 20), ev('a', 9, 10)),
      flush, // partial [10,21) reaches the reduce, which holds 1 of 2 and keeps waiting
      publish(ev('a', 1, 30), ev('a', 2, 31), ev('a', 3, 32)), // a full window [30,33) completes the reduce
    ]);
    expect(out.results).toEqual([win('a', 20, 33, { count: 2 })]);
    const partialOnly = eventTimeReference({ operators: [pipeline.operators[0]!] }, [
      publish(ev('a', 5, 20), ev('a', 9, 10)),
      flush,
      flush, // nothing left: the count restarted
    ]);
    expect(partialOnly.results).toEqual([win('a', 10, 21, { count: 2, max: 9, partial: true })]);
  });
});

describe('event-time reference: records, fields and side streams', () => {
  it('count windows: windowStart = min ts, windowEnd = max ts + 1, ts = windowEnd - 1, never late', () => {
    const out = eventTimeReference(
      { operators: [{ kind: 'reduce', config: { windowSize: 3, fn: 'avg' } }] },
      [publish(ev('a', 3, 50), ev('a', 6, 20), ev('a', 9, 40), ev('a', 1, 0), ev('a', 1, 1))],
    );
    expect(out.results).toEqual([win('a', 20, 51, { count: 3, avg: 6 })]);
    expect(out.late).toEqual([]);
  });

  it('named fields: map field/as, filter field, window field; other fields travel along', () => {
    const pipeline: EtPipeline = {
      operators: [
        { kind: 'map', config: { field: 'temp', as: 'tempF', preset: 'c_to_f' } },
        { kind: 'filter', config: { field: 'hum', op: '<', threshold: 50 } },
        { kind: 'map', config: { scale: 10 } }, // the value field: still `value`
        { kind: 'window', config: { size: 2, fns: ['max', 'sum'], field: 'tempF' } },
      ],
    };
    const out = eventTimeReference(pipeline, [
      publish(
        ev('a', 1, 1, { temp: 10, hum: 40, site: 'x' }),
        ev('a', 2, 2, { temp: 20, hum: 60 }), // filtered out
        ev('a', 3, 3, { temp: 'hot', hum: 10 }), // map passes it unchanged; the window skips it
        ev('a', 4, 4, { temp: 0, hum: 45 }),
      ),
    ]);
    expect(out.results).toEqual([win('a', 1, 5, { count: 2, max: 50, sum: 82 })]);
    const mapped = eventTimeReference({ operators: pipeline.operators.slice(0, 3) }, [
      publish(ev('a', 1, 1, { temp: 10, hum: 40, site: 'x' }), ev('a', 3, 3, { temp: 'hot', hum: 10 })),
    ]);
    expect(mapped.results).toEqual([
      ev('a', 10, 1, { temp: 10, tempF: 50, hum: 40, site: 'x' }),
      ev('a', 30, 3, { temp: 'hot', hum: 10 }),
    ]);
  });

  it('the value field: the upstream reduce fn, then the upstream window first fn; filter fails a missing field', () => {
    const pipeline: EtPipeline = {
      operators: [
        { kind: 'reduce', config: { windowSize: 1, fn: 'max' } },
        { kind: 'map', config: { offset: 1 } }, // max + 1
        { kind: 'window', config: { size: 2, fns: ['sum', 'min'] } }, // sums max
        { kind: 'filter', config: { op: '>', threshold: 0 } }, // reads sum
      ],
    };
    const out = eventTimeReference(pipeline, [publish(ev('a', 4, 1), ev('a', 6, 2))]);
    expect(out.results).toEqual([win('a', 1, 3, { count: 2, sum: 12, min: 5 })]);
    const missing = eventTimeReference(
      { operators: [{ kind: 'filter', config: { field: 'nope', op: '!=', threshold: 0 } }] },
      [publish(ev('a', 4, 1))],
    );
    expect(missing.results).toEqual([]);
  });

  it('field "value" means the value field: after a window, field/as "value" address its first fn', () => {
    const pipeline: EtPipeline = {
      operators: [
        { kind: 'window', config: { size: 2, fns: ['max', 'min'] } },
        { kind: 'map', config: { field: 'value', scale: 10, as: 'big' } }, // big = max * 10
        { kind: 'map', config: { field: 'min', offset: 1, as: 'value' } }, // max = min + 1
        { kind: 'filter', config: { field: 'value', op: '>', threshold: 1.5 } }, // compares max
      ],
    };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1, 1), ev('a', 3, 2), ev('a', 5, 3), ev('a', 0, 4)),
    ]);
    // [1,3): max 3, min 1 -> big 30, max 2 (kept); [3,5): max 5, min 0 -> big 50, max 1 (dropped).
    expect(out.results).toEqual([win('a', 1, 3, { count: 2, max: 2, min: 1, big: 30 })]);
  });

  it('errors: a map result or a window sum/avg outside the finite range goes to errors, not results', () => {
    const pipeline: EtPipeline = {
      operators: [
        { kind: 'map', config: { scale: 2 } },
        { kind: 'window', config: { size: 2, fns: ['max', 'sum'] } },
      ],
    };
    const out = eventTimeReference(pipeline, [
      publish(ev('a', 1e308, 1), ev('a', 6e307, 2), ev('a', 6e307, 3), ev('a', 1, 4), ev('a', 2, 5)),
    ]);
    expect(out.errors).toEqual([
      { operator: 0, key: 'a', reason: expect.any(String), record: ev('a', 1e308, 1) },
      {
        operator: 1,
        key: 'a',
        reason: expect.any(String),
        record: win('a', 2, 4, { count: 2, max: 6e307 * 2 }), // the reason names sum; no null, no Infinity
      },
    ]);
    expect(out.results).toEqual([win('a', 4, 6, { count: 2, max: 4, sum: 6 })]);
  });

  it('keyBy null: one key "*" for windows, watermarks, late and errors; map keeps sensorId', () => {
    const pipeline: EtPipeline = {
      keyBy: null,
      operators: [{ kind: 'map', config: { offset: 1 } }, tumbling(10)],
    };
    const out = eventTimeReference(pipeline, [publish(ev('a', 1, 3), ev('b', 2, 15), ev('c', 3, 4)), flush]);
    expect(out.results).toEqual([
      win('*', 0, 10, { count: 1, sum: 2 }),
      win('*', 10, 20, { count: 1, sum: 3 }),
    ]);
    expect(out.late).toEqual([{ operator: 1, key: '*', watermark: 15, record: ev('c', 4, 4) }]);
  });

  it('an event without ts gets the clock time of its publish', () => {
    const out = eventTimeReference(
      { operators: [{ kind: 'map', config: {} }] },
      [advance(42), publish({ sensorId: 'a', value: 1 })],
      { startMs: 1000 },
    );
    expect(out.results).toEqual([{ sensorId: 'a', value: 1, ts: 1042 }]);
  });
});

const scenarioArb = fc
  .tuple(eventTimePipelineArb, disorderedEventsArb)
  .chain(([spec, events]) => fc.tuple(fc.constant(spec), planArb(events, { engineSteps: false })));

/** A key's share of every stream: results by sensorId, side streams by their record's sensorId. */
function ofKey(out: EtOutput, key: string): EtOutput {
  return {
    results: out.results.filter((r) => r.sensorId === key),
    late: out.late.filter((r) => r.record.sensorId === key),
    errors: out.errors.filter((r) => r.record.sensorId === key),
  };
}

describe('event-time reference, metamorphic', () => {
  it('with keyBy sensorId each key sees only its own events, timeouts and flushes included', () => {
    fc.assert(
      fc.property(scenarioArb, ([spec, plan]) => {
        const keyed = { ...spec, keyBy: 'sensorId' as const };
        const steps = referenceSteps(plan);
        const all = eventTimeReference(keyed, steps);
        const keys = new Set(
          steps.flatMap((s) => (s.kind === 'publish' ? s.events.map((e) => e.sensorId) : [])),
        );
        for (const key of keys) {
          const alone = steps.map((s) =>
            s.kind === 'publish' ? { ...s, events: s.events.filter((e) => e.sensorId === key) } : s,
          );
          expect(ofKey(all, key)).toEqual(eventTimeReference(keyed, alone));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the generators reach every behaviour: late, revisions, partials, merged sessions, errors, timeouts', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, ([spec, plan]) => {
        const out = eventTimeReference(spec, referenceSteps(plan));
        if (out.late.length > 0) seen.add('late');
        if (out.errors.length > 0) seen.add('errors');
        if (out.results.some((r) => r.revision !== undefined)) seen.add('revision');
        if (out.results.some((r) => r.partial === true)) seen.add('partial');
        const session = spec.operators.some((op) => op.kind === 'window' && op.config.gapMs !== undefined);
        if (session && out.results.some((r) => (r.count as number) > 1)) seen.add('merged session');
        const sliding = spec.operators.some((op) => op.kind === 'window' && op.config.slideMs !== undefined);
        if (sliding && out.results.length > 0) seen.add('sliding');
        // A timeout that changed something: the same plan without advances emits less.
        const withoutClock = referenceSteps(plan).filter((s) => s.kind !== 'advance');
        if (eventTimeReference(spec, withoutClock).results.length < out.results.length) seen.add('timeout');
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(
      ['errors', 'late', 'merged session', 'partial', 'revision', 'sliding', 'timeout'].sort(),
    );
  });
});
