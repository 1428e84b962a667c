// Contract: for random specs using named fields, every window kind, watermarks, lateness and a
// quiet-key timeout, over streams with bounded disorder and records far too late, the engine's three
// streams (results, late, errors) match the event-time reference model per key, with the clock moved
// by hand (timeouts are durable alarms on the runtime's injected clock), flushes in between, and
// rescales and restarts mid-stream.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, settle } from '../runtime/testing/manual-clock.ts';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { Troupe } from '../troupe.ts';
import { OPERATOR_TYPE } from './partition.ts';
import type { TSensorEvent } from './spec.ts';
import type { PipelineStream } from './streams.ts';
import {
  disorderedEventsArb,
  eventTimePipelineArb,
  type PlanOptions,
  type PlanStep,
  planArb,
  referenceSteps,
  timeoutPipelineArb,
} from './testing/event-time-arbitraries.ts';
import { eventTimeReference } from './testing/event-time-reference.ts';
import type { EtOutput, EtPipeline } from './testing/event-time-types.ts';

// Shrinking re-runs the engine many times; give a failing property room to find a minimal case.
const PROPERTY_TIMEOUT_MS = 300_000;

// EVENT_TIME_PROPERTY_RUNS=1000 turns the suite into a soak run; the default keeps it well under a minute.
const SCALE = Number(process.env.EVENT_TIME_PROPERTY_RUNS ?? 40) / 40;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });

const STREAMS: PipelineStream[] = ['results', 'late', 'errors'];

let names = 0;

async function readStream(troupe: Troupe, id: string, stream: PipelineStream): Promise<unknown[]> {
  const outputs: unknown[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await troupe.pipelines.results(id, afterSeq, 500, stream);
    if (page.items.length === 0) return outputs;
    for (const item of page.items) outputs.push(item.output);
    afterSeq = page.nextSeq;
  }
}

/**
 * Waits until the alarms due on the manual clock have run and their outputs went through every stage:
 * no due operator alarm left (a row is deleted with the turn it ran), no queued or ready turn, twice.
 */
async function quiesce(temp: TempTroupe, clock: ManualClock): Promise<void> {
  let quiet = 0;
  for (let round = 0; round < 500; round++) {
    await clock.advance(0);
    await settle(10);
    await temp.troupe.runtime.flush();
    const { n } = temp.troupe.db
      .prepare('select count(*) as n from alarm where type = ? and due_at <= ?')
      .get(OPERATOR_TYPE, clock.now()) as { n: number };
    const stats = temp.troupe.runtime.stats();
    if (n === 0 && stats.mailboxDepth === 0 && stats.schedulerReady === 0) quiet += 1;
    else quiet = 0;
    if (quiet >= 2) return;
  }
  throw new Error('the pipeline never settled after the clock moved');
}

/** Under keyBy null an operator may spread only when no window or reduce follows it (spec.ts). */
function partitionsAllowed(spec: EtPipeline, index: number, partitions: number): number {
  if (spec.keyBy !== null) return partitions;
  const parallel = spec.operators.slice(index).every((op) => op.kind === 'map' || op.kind === 'filter');
  return parallel ? partitions : 1;
}

async function runPlan(
  temp: TempTroupe,
  clock: ManualClock,
  id: string,
  spec: EtPipeline,
  plan: PlanStep[],
): Promise<void> {
  for (const step of plan) {
    switch (step.kind) {
      case 'publish': {
        const outcome = await temp.troupe.pipelines.publish(id, step.events as TSensorEvent[]);
        expect(outcome.accepted).toBe(step.events.length);
        break;
      }
      case 'advance':
        await clock.advance(step.ms);
        await quiesce(temp, clock);
        break;
      case 'quiet':
        throw new Error('plans move the clock instead');
      case 'flush':
        await temp.troupe.pipelines.flush(id);
        break;
      case 'scale': {
        const index = step.at % spec.operators.length;
        await temp.troupe.pipelines.scale(id, index, partitionsAllowed(spec, index, step.partitions));
        break;
      }
      case 'restart':
        await temp.restart();
        break;
    }
  }
}

/** JSON has no -0, Infinity or NaN: the streams are JSON, so the reference's output goes through it. */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * A session merged from parts sums its members in an order the spec does not fix (the reference:
 * arrival order), so with sessions non-integer numbers are compared to 12 significant digits.
 */
function roundFloats(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(roundFloats);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, roundFloats(v)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFloats(v)]));
  }
  return value;
}

/**
 * Per key (keys may interleave): results by sensorId; side-stream records by operator and the
 * record's sensorId, with `reason` (free text) checked to be a string and then left out.
 */
function groupStreams(streams: Record<PipelineStream, unknown[]>) {
  const grouped = new Map<string, unknown[]>();
  const add = (group: string, row: unknown) => {
    const rows = grouped.get(group) ?? [];
    rows.push(row);
    grouped.set(group, rows);
  };
  for (const stream of STREAMS) {
    for (const row of streams[stream]) {
      const item = row as {
        operator?: number;
        record?: { sensorId: string };
        sensorId?: string;
        reason?: unknown;
      };
      if (stream === 'results') {
        add(`results|${item.sensorId}`, row);
        continue;
      }
      const { reason, ...rest } = item;
      if (stream === 'errors') {
        expect(typeof reason).toBe('string');
      }
      add(`${stream}|${item.operator}|${item.record?.sensorId}`, rest);
    }
  }
  return new Map([...grouped].sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function expectMatchesReference(
  temp: TempTroupe,
  id: string,
  spec: EtPipeline,
  plan: PlanStep[],
  startMs: number,
): Promise<void> {
  const actual = Object.fromEntries(
    await Promise.all(STREAMS.map(async (s) => [s, await readStream(temp.troupe, id, s)] as const)),
  ) as Record<PipelineStream, unknown[]>;
  const reference: EtOutput = asJson(eventTimeReference(spec, referenceSteps(plan), { startMs }));
  const expected: Record<PipelineStream, unknown[]> = reference;
  const sessions = spec.operators.some((op) => op.kind === 'window' && op.config.gapMs !== undefined);
  const normalize = (streams: Record<PipelineStream, unknown[]>) =>
    sessions ? roundFloats(groupStreams(streams)) : groupStreams(streams);
  expect(normalize(actual)).toEqual(normalize(expected));
  for (const stream of STREAMS) expect(actual[stream]).toHaveLength(expected[stream].length);
  // The operators' late and errors counters live in memory: a restart starts them again.
  if (plan.some((step) => step.kind === 'restart')) return;
  const { operators } = await temp.troupe.pipelines.summarize(id);
  const counted = (records: { operator: number }[], index: number) =>
    records.filter((r) => r.operator === index).length;
  expect(operators.map((op) => [op.late, op.errors])).toEqual(
    spec.operators.map((_, i) => [counted(reference.late, i), counted(reference.errors, i)]),
  );
}

describe('event-time pipeline engine vs reference', () => {
  const clock = new ManualClock();
  let temp: TempTroupe;
  beforeAll(async () => {
    temp = await startTempTroupe({ clock });
  });
  afterAll(async () => {
    await temp.close();
  });

  /** Runs a plan on a fresh pipeline and compares all three streams with the reference. */
  async function check(spec: EtPipeline, plan: PlanStep[]): Promise<void> {
    const startMs = clock.now();
    const { id } = await temp.troupe.pipelines.create({ name: `et-${++names}`, ...spec });
    try {
      await runPlan(temp, clock, id, spec, plan);
      await expectMatchesReference(temp, id, spec, plan, startMs);
    } finally {
      await temp.troupe.pipelines.delete(id);
    }
  }

  const scenario = (pipeline: fc.Arbitrary<EtPipeline>, options: PlanOptions) =>
    fc
      .tuple(pipeline, disorderedEventsArb)
      .chain(([spec, events]) => fc.tuple(fc.constant(spec), planArb(events, options)));

  it(
    'disordered streams with clock advances and flushes: same results, late and errors per key',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario(eventTimePipelineArb, { engineSteps: false }), ([spec, plan]) =>
          check(spec, plan),
        ),
        runs(40),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'rescales and restarts between publishes change nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario(eventTimePipelineArb, { engineSteps: true }), ([spec, plan]) =>
          check(spec, plan),
        ),
        runs(20),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'timeouts alone close quiet keys, across rescales and restarts (no flush)',
    async () => {
      const options = { engineSteps: true, clockOnly: true };
      await fc.assert(
        fc.asyncProperty(scenario(timeoutPipelineArb, options), ([spec, plan]) => check(spec, plan)),
        runs(20),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
