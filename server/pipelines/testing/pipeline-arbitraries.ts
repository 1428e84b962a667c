// fast-check generators for pipeline specs and event streams, shared by the property tests.
// Ranges are small on purpose: small window sizes and few sensors make windows actually close,
// thresholds near the data make filters pass and drop, and short time windows make late events.

import fc from 'fast-check';
import { DANGEROUS_NAMES } from '../../reliability/support/fuzz-strings.ts';
import { mayRunParallelWithoutKey } from '../spec.ts';
import type { RefEvent, RefOperator, RefPipeline, Row } from './reference.ts';

const partitions = fc.integer({ min: 1, max: 4 });

const mapOp: fc.Arbitrary<RefOperator> = fc.record({
  kind: fc.constant('map' as const),
  config: fc.record(
    {
      scale: fc.constantFrom(-1, 0.5, 1, 1.5, 2, 3),
      offset: fc.integer({ min: -50, max: 50 }),
      round: fc.integer({ min: 0, max: 3 }),
      preset: fc.constantFrom('c_to_f' as const, 'f_to_c' as const),
    },
    { requiredKeys: [] },
  ),
  partitions,
});

const filterOp: fc.Arbitrary<RefOperator> = fc.record({
  kind: fc.constant('filter' as const),
  config: fc.record({
    field: fc.constant('value' as const),
    op: fc.constantFrom(
      '>' as const,
      '>=' as const,
      '<' as const,
      '<=' as const,
      '==' as const,
      '!=' as const,
    ),
    threshold: fc.integer({ min: 0, max: 100 }),
  }),
  partitions,
});

const reduceOp: fc.Arbitrary<RefOperator> = fc.record({
  kind: fc.constant('reduce' as const),
  config: fc.record({
    windowSize: fc.integer({ min: 1, max: 8 }),
    fn: fc.constantFrom('avg' as const, 'sum' as const, 'count' as const, 'min' as const, 'max' as const),
  }),
  partitions,
});

const windowFns = fc.array(
  fc.constantFrom('max' as const, 'min' as const, 'avg' as const, 'count' as const),
  {
    minLength: 1,
    maxLength: 4,
  },
);

const timeWindowConfig = fc.record({ timeMs: fc.constantFrom(1, 5, 10, 25, 100, 1000), fns: windowFns });

const windowOp: fc.Arbitrary<RefOperator> = fc.record({
  kind: fc.constant('window' as const),
  config: fc.oneof(fc.record({ size: fc.integer({ min: 1, max: 8 }), fns: windowFns }), timeWindowConfig),
  partitions,
});

const timeWindowOp: fc.Arbitrary<RefOperator> = fc.record({
  kind: fc.constant('window' as const),
  config: timeWindowConfig,
  partitions,
});

export const operatorArb = fc.oneof(mapOp, filterOp, reduceOp, windowOp);

export const pipelineArb: fc.Arbitrary<Required<RefPipeline>> = fc
  .record({
    operators: fc.array(operatorArb, { minLength: 1, maxLength: 4 }),
    keyBy: fc.constantFrom('sensorId' as const, null),
  })
  .map((pipeline) =>
    // Without a key, an operator at or before a window runs on one partition (spec.ts).
    pipeline.keyBy !== null
      ? pipeline
      : {
          ...pipeline,
          operators: pipeline.operators.map((op, index) =>
            mayRunParallelWithoutKey(pipeline.operators, index) ? op : { ...op, partitions: 1 },
          ),
        },
  );

/** Keyed pipelines with a time window somewhere, so out-of-order ts always meet late-event dropping. */
export const timeWindowPipelineArb: fc.Arbitrary<Required<RefPipeline>> = fc
  .tuple(fc.array(operatorArb, { maxLength: 2 }), timeWindowOp, fc.array(operatorArb, { maxLength: 1 }))
  .map(([before, window, after]) => ({
    operators: [...before, window, ...after],
    keyBy: 'sensorId' as const,
  }));

/** A value 0–100 in steps of 0.5: mostly integers, some halves to exercise rounding. */
const value = fc.integer({ min: 0, max: 200 }).map((half) => half / 2);

/** 1–300 events over 1–8 sensors with non-decreasing ts starting near 0. */
export const eventsArb: fc.Arbitrary<RefEvent[]> = fc
  .integer({ min: 1, max: 8 })
  .chain((sensors) =>
    fc.array(fc.tuple(fc.integer({ min: 0, max: sensors - 1 }), value, fc.integer({ min: 0, max: 25 })), {
      minLength: 1,
      maxLength: 300,
      // Without this fast-check keeps arrays short (< 50), and long chains of windows emit nothing.
      size: 'max',
    }),
  )
  .map((rows) => {
    let ts = 0;
    return rows.map(([sensor, v, gap]) => {
      ts += gap;
      return { sensorId: `s${sensor}`, value: v, ts };
    });
  });

/** Like eventsArb but ts jump around, so time windows see late events. */
export const unorderedEventsArb: fc.Arbitrary<RefEvent[]> = fc.array(
  fc.record({
    sensorId: fc.integer({ min: 0, max: 3 }).map((s) => `s${s}`),
    value,
    ts: fc.integer({ min: 0, max: 500 }),
  }),
  { minLength: 1, maxLength: 200, size: 'max' },
);

// Sensor ids a client may send that collide with Object.prototype members or JavaScript conventions
// (thenables), plus random unicode: window state keyed by them must stay exact.

const clientSensorId = fc.oneof(
  fc.constantFrom(...DANGEROUS_NAMES),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
);

/** Like eventsArb, over 1–6 sensors whose ids come from DANGEROUS_NAMES or random unicode. */
export const clientKeyedEventsArb: fc.Arbitrary<RefEvent[]> = fc
  .uniqueArray(clientSensorId, { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.array(fc.tuple(fc.constantFrom(...ids), value, fc.integer({ min: 0, max: 25 })), {
      minLength: 1,
      maxLength: 200,
      size: 'max',
    }),
  )
  .map((rows) => {
    let ts = 0;
    return rows.map(([sensorId, v, gap]) => {
      ts += gap;
      return { sensorId, value: v, ts };
    });
  });

/** Per-key sequences: the only order the spec promises (keys may interleave in the sink). */
export function byKey(rows: Row[]): Record<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const rowsOfKey = grouped.get(row.sensorId) ?? [];
    rowsOfKey.push(row);
    grouped.set(row.sensorId, rowsOfKey);
  }
  // fromEntries defines own properties: a "__proto__" sensor stays a key, not a prototype.
  return Object.fromEntries(grouped);
}
