// fast-check generators for the event-time property tests: specs using named fields, every window
// kind, watermark options and one quiet-key timeout; event streams with bounded disorder plus some
// records far too late; and plans interleaving publishes with clock advances, flushes, rescales and
// restarts. Ranges are small on purpose so windows close, sessions merge and records turn late.
import fc from 'fast-check';
import type { AggFn, EtEvent, EtOperator, EtPipeline, EtStep } from './event-time-types.ts';

/** Named fields of the generated events besides `value`: numbers, sometimes missing or a string. */
export const EVENT_FIELDS = ['temp', 'hum'] as const;

const partitions = fc.integer({ min: 1, max: 4 });
/** An operator's field: the default (the value field), `value` or a named field. */
const readField = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom('value', 'temp', 'hum', 'tempF') },
);
const comparison = fc.constantFrom('>' as const, '>=' as const, '<' as const, '<=' as const, '!=' as const);
const aggFn = fc.constantFrom<AggFn>('avg', 'sum', 'count', 'min', 'max');
const fns = fc.uniqueArray(aggFn, { minLength: 1, maxLength: 3 });

/** Drops undefined options, as a client would leave them out. */
function defined<T extends object>(config: T): T {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as T;
}

const mapOp: fc.Arbitrary<EtOperator> = fc
  .record({
    // No negative scale: with values near the float limit, sums of mixed signs overflow or not
    // depending on the order of additions, which only count and aligned windows fix.
    scale: fc.constantFrom(undefined, 0.5, 1, 1.5, 2, 3),
    offset: fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }),
    round: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    preset: fc.constantFrom(undefined, undefined, 'c_to_f' as const, 'f_to_c' as const),
    field: readField,
    as: fc.constantFrom(undefined, undefined, 'tempF', 'hum', 'value'),
  })
  .chain((config) =>
    fc.record({ kind: fc.constant('map' as const), config: fc.constant(defined(config)), partitions }),
  );

const filterOp: fc.Arbitrary<EtOperator> = fc.record({
  kind: fc.constant('filter' as const),
  config: fc
    .record({ field: readField, op: comparison, threshold: fc.integer({ min: 0, max: 100 }) })
    .map(defined),
  partitions,
});

/** A timeout (of the one operator that has one) and, for count windows, whether it emits partials. */
export interface TimeoutChoice {
  timeoutMs?: number;
  emitPartial?: boolean;
}

// Timeouts end in 5 and the clock only moves in steps of 10, so no timeout is ever due exactly at the
// end of an advance (whether "quiet for timeoutMs" includes that instant is not what is tested here).
const timeoutMs = fc.constantFrom(1005, 2505);

function reduceOp(timeout: boolean): fc.Arbitrary<EtOperator> {
  return fc.record({
    kind: fc.constant('reduce' as const),
    config: fc
      .record({
        windowSize: fc.integer({ min: 1, max: 6 }),
        fn: aggFn,
        field: fc.constantFrom(undefined, undefined, 'temp', 'hum'),
        timeoutMs: timeout ? timeoutMs : fc.constant(undefined),
        emitPartial: fc.constantFrom(undefined, true, true, false),
      })
      .map(defined),
    partitions,
  });
}

function windowOp(timeout: boolean): fc.Arbitrary<EtOperator> {
  const common = {
    fns,
    field: fc.constantFrom(undefined, undefined, 'temp', 'hum'),
    timeoutMs: timeout ? timeoutMs : fc.constant(undefined),
  };
  const shape = fc.oneof(
    fc.record({
      size: fc.integer({ min: 1, max: 6 }),
      emitPartial: fc.constantFrom(undefined, true),
      ...common,
    }),
    fc.record({ timeMs: fc.constantFrom(5, 10, 25, 100), ...common }),
    fc
      .record({ timeMs: fc.constantFrom(10, 20, 50), slideRatio: fc.constantFrom(1, 2, 5), ...common })
      .map(({ slideRatio, ...config }) => ({ ...config, slideMs: config.timeMs / slideRatio })),
    fc.record({ gapMs: fc.constantFrom(3, 10, 30), ...common }),
  );
  return fc.record({ kind: fc.constant('window' as const), config: shape.map(defined), partitions });
}

const eventTime = fc.option(
  fc
    .record({
      maxOutOfOrderMs: fc.constantFrom(undefined, 0, 5, 20, 60),
      allowedLatenessMs: fc.constantFrom(undefined, 0, 10, 40, 40),
    })
    .map(defined),
  { nil: undefined, freq: 4 },
);

/**
 * 1–4 operators, windows and reduces among them, at most one with a timeout. keyBy null gives every
 * window and reduce one partition, as the engine requires.
 */
export const eventTimePipelineArb: fc.Arbitrary<EtPipeline> = pipelineArb(
  fc.oneof(windowOp(false), windowOp(true), reduceOp(true)),
);

/** Like eventTimePipelineArb, with the timeout always there. */
export const timeoutPipelineArb: fc.Arbitrary<EtPipeline> = pipelineArb(
  fc.oneof(windowOp(true), reduceOp(true)),
);

function pipelineArb(mainOp: fc.Arbitrary<EtOperator>): fc.Arbitrary<EtPipeline> {
  return fc
    .record({
      before: fc.array(fc.oneof(mapOp, filterOp, reduceOp(false), windowOp(false)), { maxLength: 2 }),
      main: mainOp,
      after: fc.array(fc.oneof(mapOp, filterOp, reduceOp(false), windowOp(false)), { maxLength: 1 }),
      keyBy: fc.constantFrom('sensorId' as const, 'sensorId' as const, null),
      eventTime,
    })
    .map(({ before, main, after, keyBy, eventTime }) => {
      const all = [...before, main, ...after];
      const aggregates = (op: EtOperator) => op.kind === 'reduce' || op.kind === 'window';
      const firstAggregate = all.findIndex(aggregates);
      const lastAggregate = all.findLastIndex(aggregates);
      const operators = all.map((op, index) => {
        // Window outputs carry no event fields: reading one after a window would only skip everything.
        const adjusted = index > firstAggregate ? withoutEventFields(op) : op;
        // keyBy null: a global window needs one arrival order, so nothing up to it runs in parallel.
        return keyBy === null && index <= lastAggregate ? { ...adjusted, partitions: 1 } : adjusted;
      });
      return eventTime ? { operators, keyBy, eventTime } : { operators, keyBy };
    });
}

function withoutEventFields(op: EtOperator): EtOperator {
  const field = op.config.field;
  if (field === undefined || field === 'value') return op;
  const { field: _, ...config } = op.config;
  return { ...op, config } as EtOperator;
}

/** A value 0–100 in steps of 0.5 (sums stay exact), now and then 1e308 (sums and maps overflow). */
const value = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 200 }).map((half) => half / 2) },
  { weight: 1, arbitrary: fc.constant(1e308) },
);
const namedField = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 100 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('n/a') },
);

/**
 * 1–120 events over 1–4 sensors. Arrival order follows a clock that moves 0–15 ms per event; each ts
 * is that time minus a disorder of up to `maxDisorder` (0, 10, 40 or 100 ms, per stream), and about one
 * event in 15 is 300 ms older still: late for every window and bound generated here. About one event
 * in 1,000 has no ts and gets the publish time.
 */
export const disorderedEventsArb: fc.Arbitrary<EtEvent[]> = fc
  .record({ sensors: fc.integer({ min: 1, max: 4 }), maxDisorder: fc.constantFrom(0, 10, 40, 100) })
  .chain(({ sensors, maxDisorder }) =>
    fc.array(
      fc.record({
        sensor: fc.integer({ min: 0, max: sensors - 1 }),
        value,
        gap: fc.integer({ min: 0, max: 15 }),
        disorder: fc.integer({ min: 0, max: maxDisorder }),
        veryLate: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
        // Rare: no ts, so the publish time (the clock, far ahead of these ts) stamps it.
        noTs: fc.integer({ min: 0, max: 999 }).map((n) => n === 0),
        temp: namedField,
        hum: namedField,
      }),
      { minLength: 1, maxLength: 120, size: 'max' },
    ),
  )
  .map((rows) => {
    let clock = 500;
    return rows.map(({ sensor, value, gap, disorder, veryLate, noTs, temp, hum }) => {
      clock += gap;
      const event: EtEvent = { sensorId: `s${sensor}`, value };
      if (!noTs) event.ts = clock - disorder - (veryLate ? 300 : 0);
      if (temp !== undefined) event.temp = temp;
      if (hum !== undefined) event.hum = hum;
      return event;
    });
  });

/** Steps the engine test takes between publishes; the reference ignores rescales and restarts. */
export type EngineOnlyStep = { kind: 'scale'; at: number; partitions: number } | { kind: 'restart' };
export type PlanStep = EtStep | EngineOnlyStep;

/** A multiple of 10 ms, from a blink to past the operators' 60 s idle deactivation. */
const advanceMs = fc.constantFrom(10, 500, 1000, 1500, 3000, 70_000);

const between: fc.Arbitrary<PlanStep> = fc.oneof(
  { weight: 4, arbitrary: advanceMs.map((ms): PlanStep => ({ kind: 'advance', ms })) },
  { weight: 1, arbitrary: fc.constant<PlanStep>({ kind: 'flush' }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('scale' as const),
      at: fc.nat(),
      partitions: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant<PlanStep>({ kind: 'restart' }) },
);

export interface PlanOptions {
  /** Rescales and restarts among the steps. */
  engineSteps: boolean;
  /** Clock advances only, and no final flush: timeouts alone close the last windows. */
  clockOnly?: boolean;
}

/** Cuts the events into 1–5 publishes with 0–2 other steps after each, and maybe a final flush. */
export function planArb(events: EtEvent[], options: PlanOptions): fc.Arbitrary<PlanStep[]> {
  const other = between.filter((step) => {
    if (options.clockOnly) return step.kind === 'advance' || (options.engineSteps && step.kind !== 'flush');
    return options.engineSteps || (step.kind !== 'scale' && step.kind !== 'restart');
  });
  return fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, events.length - 1) }), { maxLength: 4 }),
      gaps: fc.array(fc.array(other, { maxLength: 2 }), { minLength: 5, maxLength: 5 }),
      finalFlush: options.clockOnly ? fc.constant(false) : fc.boolean(),
    })
    .map(({ cuts, gaps, finalFlush }) => {
      const points = [...cuts.filter((c) => c < events.length).sort((a, b) => a - b), events.length];
      const steps: PlanStep[] = [];
      let start = 0;
      for (const [i, end] of points.entries()) {
        steps.push({ kind: 'publish', events: events.slice(start, end) });
        steps.push(...(gaps[i] ?? []));
        start = end;
      }
      if (finalFlush) steps.push({ kind: 'flush' });
      return steps;
    });
}

/** The reference's view of a plan: rescales and restarts change nothing. */
export function referenceSteps(plan: PlanStep[]): EtStep[] {
  return plan.filter((step): step is EtStep => step.kind !== 'scale' && step.kind !== 'restart');
}
