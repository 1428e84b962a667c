// Contract: sensor ids are client data, never object keys with meaning. Ids named like
// Object.prototype members (`__proto__`, `constructor`, `toString`, ...), `then`, or random unicode
// window exactly like any other id, in every operator kind and across a rescale, and leave
// Object.prototype untouched.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import {
  byKey,
  clientKeyedEventsArb,
  pipelineArb,
  timeWindowPipelineArb,
} from './testing/pipeline-arbitraries.ts';
import { type RefPipeline, type Row, referencePipeline } from './testing/reference.ts';
import { scaleOrExpectRefusal } from './testing/scale-or-refusal.ts';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const SCALE = Number(process.env.PIPELINE_PROPERTY_RUNS ?? 50) / 50;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });

describe('client sensor ids as window keys', () => {
  let temp: TempTroupe;
  let names = 0;
  beforeAll(async () => {
    temp = await startTempTroupe();
  });
  afterAll(async () => {
    await temp.close();
  });

  async function outputs(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (let afterSeq = 0; ; ) {
      const page = await temp.troupe.pipelines.results(id, afterSeq, 1000);
      if (page.items.length === 0) return rows;
      rows.push(...page.items.map((item) => item.output as Row));
      afterSeq = page.nextSeq;
    }
  }

  const specArb = fc.oneof(pipelineArb, timeWindowPipelineArb);
  const scaleArb = fc.record({ at: fc.nat(), partitions: fc.integer({ min: 1, max: 4 }) });

  it('engine equals the reference for dangerous and unicode ids, across a rescale', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, clientKeyedEventsArb, scaleArb, async (spec, events, scale) => {
        const pipelines = temp.troupe.pipelines;
        const { id } = await pipelines.create({ name: `keys-${++names}`, ...spec });
        try {
          const half = Math.floor(events.length / 2);
          await pipelines.publish(id, events.slice(0, half));
          await scaleOrExpectRefusal(pipelines, id, spec, scale.at % spec.operators.length, scale.partitions);
          await pipelines.publish(id, events.slice(half));
          await pipelines.flush(id);
          const expected = referencePipeline(spec as RefPipeline, events, { flush: true });
          const actual = await outputs(id);
          expect(byKey(actual)).toEqual(byKey(JSON.parse(JSON.stringify(expected)) as Row[]));
          expect(actual).toHaveLength(expected.length);
          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
        } finally {
          await pipelines.delete(id);
        }
      }),
      runs(60),
    );
  }, 120_000);
});
