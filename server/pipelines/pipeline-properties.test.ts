// Contract: the pipeline engine computes what the reference model computes, per key, for random
// specs and event streams — also across a rescale and a process restart in the middle of the stream,
// and with keyed (exactly-once) batches retried across both.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { Troupe } from '../troupe.ts';
import {
  byKey,
  eventsArb,
  pipelineArb,
  timeWindowPipelineArb,
  unorderedEventsArb,
} from './testing/pipeline-arbitraries.ts';
import { type RefEvent, type RefPipeline, type Row, referencePipeline } from './testing/reference.ts';
import { scaleOrExpectRefusal } from './testing/scale-or-refusal.ts';

// Shrinking re-runs the engine many times; give a failing property room to find a minimal case.
const PROPERTY_TIMEOUT_MS = 120_000;

// PIPELINE_PROPERTY_RUNS=1000 turns the suite into a soak run; the default keeps it a few seconds.
const SCALE = Number(process.env.PIPELINE_PROPERTY_RUNS ?? 50) / 50;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });

let names = 0;

async function createPipeline(troupe: Troupe, spec: Required<RefPipeline>): Promise<string> {
  const { id } = await troupe.pipelines.create({ name: `prop-${++names}`, ...spec });
  return id;
}

/** Runs `body` on a fresh pipeline of `troupe` and deletes the pipeline afterwards. */
async function withPipeline(
  troupe: Troupe,
  spec: Required<RefPipeline>,
  body: (troupe: Troupe, id: string) => Promise<void>,
): Promise<void> {
  const id = await createPipeline(troupe, spec);
  try {
    await body(troupe, id);
  } finally {
    await troupe.pipelines.delete(id);
  }
}

async function sinkOutputs(troupe: Troupe, id: string): Promise<Row[]> {
  const outputs: Row[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await troupe.pipelines.results(id, afterSeq, 500);
    if (page.items.length === 0) return outputs;
    for (const item of page.items) outputs.push(item.output as Row);
    afterSeq = page.nextSeq;
  }
}

/** Compares per key (keys may interleave in the sink) and in total count. */
async function expectMatchesReference(
  troupe: Troupe,
  id: string,
  spec: Required<RefPipeline>,
  events: RefEvent[],
  flush: boolean,
): Promise<void> {
  const actual = await sinkOutputs(troupe, id);
  // The sink is a JSON stream, and JSON has no -0 (Math.round(-0.4) is -0 in the reference, 0 after a
  // round trip). -0 === 0, so this normalisation is the only difference JSON makes for finite numbers.
  const expected = JSON.parse(JSON.stringify(referencePipeline(spec, events, { flush }))) as Row[];
  expect(byKey(actual)).toEqual(byKey(expected));
  expect(actual).toHaveLength(expected.length);
}

/** Publishes in consecutive batches split at the given fractions of the stream. */
async function publishInBatches(
  troupe: Troupe,
  id: string,
  events: RefEvent[],
  cuts: number[],
): Promise<void> {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * events.length)))].sort((a, b) => a - b);
  let start = 0;
  for (const end of [...points, events.length]) {
    if (end > start) {
      const { accepted } = await troupe.pipelines.publish(id, events.slice(start, end));
      expect(accepted).toBe(end - start);
    }
    start = end;
  }
}

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 });

describe('pipeline engine vs reference', () => {
  let temp: TempTroupe;
  beforeAll(async () => {
    temp = await startTempTroupe();
  });
  afterAll(async () => {
    await temp.close();
  });

  it(
    'random specs and streams: same outputs per key, before and after flush',
    async () => {
      await fc.assert(
        fc.asyncProperty(pipelineArb, eventsArb, cutsArb, async (spec, events, cuts) =>
          withPipeline(temp.troupe, spec, async (troupe, id) => {
            await publishInBatches(troupe, id, events, cuts);
            await expectMatchesReference(troupe, id, spec, events, false);
            await troupe.pipelines.flush(id);
            await expectMatchesReference(troupe, id, spec, events, true);
          }),
        ),
        runs(50),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'out-of-order timestamps: late events are dropped the same way',
    async () => {
      await fc.assert(
        fc.asyncProperty(timeWindowPipelineArb, unorderedEventsArb, async (spec, events) =>
          withPipeline(temp.troupe, spec, async (troupe, id) => {
            await troupe.pipelines.publish(id, events);
            await troupe.pipelines.flush(id);
            await expectMatchesReference(troupe, id, spec, events, true);
          }),
        ),
        runs(30),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'rescaling an operator mid-stream changes nothing',
    async () => {
      const rescale = pipelineArb.chain((spec) =>
        fc.record({
          spec: fc.constant(spec),
          operatorIndex: fc.integer({ min: 0, max: spec.operators.length - 1 }),
          partitions: fc.integer({ min: 1, max: 4 }),
        }),
      );
      await fc.assert(
        fc.asyncProperty(rescale, eventsArb, async ({ spec, operatorIndex, partitions }, events) =>
          withPipeline(temp.troupe, spec, async (troupe, id) => {
            const half = Math.floor(events.length / 2);
            await troupe.pipelines.publish(id, events.slice(0, half));
            await scaleOrExpectRefusal(troupe.pipelines, id, spec, operatorIndex, partitions);
            await troupe.pipelines.publish(id, events.slice(half));
            await troupe.pipelines.flush(id);
            await expectMatchesReference(troupe, id, spec, events, true);
          }),
        ),
        runs(50),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('pipeline engine vs reference across restarts', () => {
  it(
    'restarting the Troupe on the same SQLite file mid-stream changes nothing',
    async () => {
      const temp = await startTempTroupe();
      try {
        await fc.assert(
          fc.asyncProperty(pipelineArb, eventsArb, async (spec, events) => {
            const id = await createPipeline(temp.troupe, spec);
            try {
              const half = Math.floor(events.length / 2);
              await temp.troupe.pipelines.publish(id, events.slice(0, half));
              await temp.restart();
              await temp.troupe.pipelines.publish(id, events.slice(half));
              await temp.troupe.pipelines.flush(id);
              await expectMatchesReference(temp.troupe, id, spec, events, true);
            } finally {
              await temp.troupe.pipelines.delete(id);
            }
          }),
          runs(30),
        );
      } finally {
        await temp.close();
      }
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'any mix of keyed batches, retries, rescales and restarts changes nothing',
    async () => {
      const step = fc.oneof(
        fc.record({
          kind: fc.constant('scale' as const),
          at: fc.nat(),
          partitions: fc.integer({ min: 1, max: 4 }),
        }),
        fc.record({ kind: fc.constant('restart' as const) }),
      );
      // Each step happens after a (possibly empty) batch; `at` picks the operator modulo the count.
      const plan = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), step), { maxLength: 4 });
      const temp = await startTempTroupe();
      try {
        await fc.assert(
          fc.asyncProperty(pipelineArb, eventsArb, plan, async (spec, events, steps) => {
            const id = await createPipeline(temp.troupe, spec);
            // Every batch is keyed; after each rescale or restart all earlier ones are retried and
            // must be answered as duplicates, whatever the partitioning has become.
            const batches: RefEvent[][] = [];
            const publish = async (batch: RefEvent[]) => {
              batches.push(batch);
              const outcome = await temp.troupe.pipelines.publish(id, batch, `b${batches.length}`);
              expect(outcome).toEqual({ accepted: batch.length, duplicates: 0 });
            };
            const retryAll = async () => {
              for (const [i, batch] of batches.entries()) {
                const outcome = await temp.troupe.pipelines.publish(id, batch, `b${i + 1}`);
                expect(outcome).toEqual({ accepted: 0, duplicates: batch.length });
              }
            };
            try {
              const ordered = [...steps].sort(([a], [b]) => a - b);
              let published = 0;
              for (const [cut, action] of ordered) {
                const end = Math.floor(cut * events.length);
                if (end > published) await publish(events.slice(published, end));
                published = Math.max(published, end);
                if (action.kind === 'restart') await temp.restart();
                else
                  await scaleOrExpectRefusal(
                    temp.troupe.pipelines,
                    id,
                    spec,
                    action.at % spec.operators.length,
                    action.partitions,
                  );
                await retryAll();
              }
              if (published < events.length) await publish(events.slice(published));
              await retryAll();
              await expectMatchesReference(temp.troupe, id, spec, events, false);
              await temp.troupe.pipelines.flush(id);
              await expectMatchesReference(temp.troupe, id, spec, events, true);
            } finally {
              await temp.troupe.pipelines.delete(id);
            }
          }),
          runs(30),
        );
      } finally {
        await temp.close();
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});
