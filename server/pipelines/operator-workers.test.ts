// Contract: expensive map and filter batches run on worker threads with the same outputs as on the
// event loop (the worker runs the same runOperator), through a whole pipeline too; a worker that
// dies mid-batch fails the turn retriably, is replaced, and a retried keyed publish then loses and
// duplicates nothing; closing the Troupe stops the workers. Real threads, real SQLite files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorError } from '../runtime/errors.ts';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import type { Troupe } from '../troupe.ts';
import {
  defaultWorkerCount,
  OperatorWorkerPool,
  operatorWorkersFromEnv,
  shouldOffload,
} from './operator-workers.ts';
import { type Emitter, emptyOperatorState, planOperators, runOperator, type TRecord } from './operators.ts';
import type { TOperatorSpec, TPipelineSpecInput } from './spec.ts';
import { byKey } from './testing/pipeline-arbitraries.ts';
import { type Row, referencePipeline } from './testing/reference.ts';

const fieldName = fc.constantFrom('value', 'temp', 'hum', 'out');
const mapSpec: fc.Arbitrary<TOperatorSpec> = fc.record({
  kind: fc.constant('map' as const),
  config: fc.record(
    {
      // 1e300 overflows to Infinity with large values: those records go to the errors side stream.
      scale: fc.constantFrom(-1, 0.5, 1.8, 3, 1e300),
      offset: fc.integer({ min: -50, max: 50 }),
      round: fc.integer({ min: 0, max: 3 }),
      preset: fc.constantFrom('c_to_f' as const, 'f_to_c' as const),
      field: fieldName,
      as: fieldName,
      costMs: fc.constantFrom(0.001, 0.002),
    },
    { requiredKeys: ['costMs'] },
  ),
  partitions: fc.integer({ min: 1, max: 3 }),
});
const filterSpec: fc.Arbitrary<TOperatorSpec> = fc.record({
  kind: fc.constant('filter' as const),
  config: fc.record({
    field: fieldName,
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
  partitions: fc.integer({ min: 1, max: 3 }),
});
const recordsArb = fc.array(
  fc.record(
    {
      sensorId: fc.constantFrom('s1', 's2', 's3', '__proto__', 'constructor'),
      value: fc.oneof(fc.integer({ min: -10, max: 110 }), fc.double({ min: -1e10, max: 1e10, noNaN: true })),
      ts: fc.integer({ min: 0, max: 10_000 }),
      temp: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant('n/a')),
      hum: fc.double({ min: 0, max: 100, noNaN: true }),
    },
    { requiredKeys: ['sensorId', 'value', 'ts'] },
  ),
  { maxLength: 60 },
);

/** Waits until `count` workers of the pool have loaded (a thread takes up to a second or so). */
async function readyWorkers(pool: OperatorWorkerPool, count: number): Promise<void> {
  for (let i = 0; i < 1500 && pool.info().ready < count; i++) await new Promise((r) => setTimeout(r, 10));
  expect(pool.info().ready).toBe(count);
}

describe('operator worker pool', () => {
  let pool: OperatorWorkerPool;
  beforeAll(() => {
    pool = new OperatorWorkerPool(2);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('a batch gives the same outputs and side entries on a worker as on the event loop', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mapSpec, filterSpec), recordsArb, async (op, records) => {
        const [plan] = planOperators({ operators: [op], keyBy: 'sensorId' });
        const inline: Emitter = { out: [], side: [] };
        runOperator(plan!, emptyOperatorState(), structuredClone(records) as TRecord[], inline, 1234);
        const offloaded = await pool.run('g', plan!, records as TRecord[], 1234);
        expect(offloaded.out).toEqual(inline.out);
        expect(offloaded.side).toEqual(inline.side);
        expect(offloaded.elapsedMs).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100 },
    );
    // The first batch started the whole pool.
    expect(pool.info()).toMatchObject({ workers: 2, crashes: 0, queued: 0 });
  });

  it.runIf(existsSync('/proc/self/task'))(
    'worker threads run at a lower OS priority than the event loop (Linux: nice per thread)',
    async () => {
      await readyWorkers(pool, 2);
      const niceOf = (tid: string) => {
        const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return Number(fields[16]); // field 19 of stat: nice
      };
      const nices = readdirSync('/proc/self/task').map(niceOf);
      expect(niceOf(String(process.pid))).toBe(0); // the main thread (its tid is the pid)
      expect(nices.filter((nice) => nice === 10)).toHaveLength(2);
    },
  );

  it('takes queued batches round robin across groups: a light group does not wait behind a backlog', async () => {
    const one = new OperatorWorkerPool(1);
    try {
      one.prepare();
      await readyWorkers(one, 1);
      const [plan] = planOperators({
        operators: [{ kind: 'map', config: { costMs: 5 }, partitions: 1 }],
        keyBy: null,
      });
      const record = [{ sensorId: 's', value: 1 }];
      const done: string[] = [];
      const submit = (group: string, name: string) =>
        one.run(group, plan!, record, 0).then(() => done.push(name));
      const all = [1, 2, 3, 4, 5, 6].map((i) => submit('heavy', `h${i}`));
      all.push(submit('light', 'l'));
      expect(one.info().queued).toBe(6);
      await Promise.all(all);
      // h1 was running, h2 was next in the ring; then the light group's turn.
      expect(done.indexOf('l')).toBe(2);
    } finally {
      await one.close();
    }
  });

  it('offloads maps that declare a cost, and batches measured to cost enough; never windows', () => {
    const plan = (op: TOperatorSpec) => planOperators({ operators: [op], keyBy: 'sensorId' })[0]!;
    const heavyMap = plan({ kind: 'map', config: { costMs: 1 }, partitions: 1 });
    const map = plan({ kind: 'map', config: {}, partitions: 1 });
    const filter = plan({ kind: 'filter', config: { op: '>', threshold: 1 }, partitions: 1 });
    const reduce = plan({ kind: 'reduce', config: { windowSize: 5, fn: 'avg' }, partitions: 1 });
    expect(shouldOffload(heavyMap, 0, 1)).toBe(true);
    expect(shouldOffload(map, 0.0003, 8192)).toBe(false); // cheap per event: copying costs as much
    expect(shouldOffload(map, 0.01, 50)).toBe(false); // 0.5 ms batch: a short turn already
    expect(shouldOffload(map, 0.1, 5)).toBe(false); // one GC pause in a small batch's average
    expect(shouldOffload(filter, 0.01, 100)).toBe(true);
    expect(shouldOffload(reduce, 1, 100)).toBe(false); // stateful: stays in its turn
  });

  it('TROUPE_OPERATOR_WORKERS: a count, 0 = off, default cores - 1; anything else is refused by name', () => {
    expect(operatorWorkersFromEnv({ TROUPE_OPERATOR_WORKERS: '0' })).toBe(0);
    expect(operatorWorkersFromEnv({ TROUPE_OPERATOR_WORKERS: '3' })).toBe(3);
    expect(operatorWorkersFromEnv({})).toBe(defaultWorkerCount());
    expect(defaultWorkerCount()).toBeGreaterThanOrEqual(1);
    for (const bad of ['-1', '1.5', 'many', '65']) {
      expect(() => operatorWorkersFromEnv({ TROUPE_OPERATOR_WORKERS: bad })).toThrow(
        /TROUPE_OPERATOR_WORKERS/,
      );
    }
  });
});

/** The sink's results, oldest first. */
async function results(troupe: Troupe, id: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await troupe.pipelines.results(id, afterSeq, 500);
    if (page.items.length === 0) return rows;
    rows.push(...page.items.map((item) => item.output as Row));
    afterSeq = page.nextSeq;
  }
}

describe('pipelines with and without operator workers', () => {
  let withWorkers: TempTroupe;
  let without: TempTroupe;
  beforeAll(async () => {
    withWorkers = await startTempTroupe({ operatorWorkers: 1 });
    without = await startTempTroupe({ operatorWorkers: 0 });
    // Turns offload only to a started worker (until then batches run on the loop): start it first.
    withWorkers.troupe.operatorWorkers!.prepare();
    await readyWorkers(withWorkers.troupe.operatorWorkers!, 1);
  });
  afterAll(async () => {
    await withWorkers.close();
    await without.close();
  });

  it('random map and filter chains give identical results, side streams included', async () => {
    let n = 0;
    const chain = fc.array(fc.oneof(mapSpec, filterSpec), { minLength: 1, maxLength: 3 });
    const tail = fc.option(
      fc.constant({ kind: 'reduce' as const, config: { windowSize: 3, fn: 'sum' as const } }),
    );
    await fc.assert(
      fc.asyncProperty(chain, tail, recordsArb, async (operators, reduce, records) => {
        const spec: TPipelineSpecInput = {
          name: `offload-${++n}`,
          operators: reduce ? [...operators, { ...reduce, partitions: 1 }] : operators,
        };
        const events = records.map(({ sensorId, value, ts }) => ({ sensorId, value, ts }));
        const outputs = [];
        for (const temp of [withWorkers, without]) {
          const { id } = await temp.troupe.pipelines.create(spec);
          if (events.length > 0) await temp.troupe.pipelines.publish(id, events);
          outputs.push({
            results: byKey(await results(temp.troupe, id)),
            errors: (await temp.troupe.pipelines.results(id, 0, 1000, 'errors')).items.map((i) => i.output),
          });
          await temp.troupe.pipelines.delete(id);
        }
        expect(outputs[0]).toEqual(outputs[1]);
      }),
      { numRuns: 15 },
    );
    // The maps did run on the worker (they all declare a cost).
    expect(withWorkers.troupe.operatorWorkers!.info().batches).toBeGreaterThan(0);
    expect(without.troupe.operatorWorkers).toBeUndefined();
  }, 120_000);

  it('a worker killed mid-batch fails the publish retriably; the retry applies every event exactly once', async () => {
    const troupe = withWorkers.troupe;
    const pool = troupe.operatorWorkers!;
    const spec: TPipelineSpecInput = {
      name: 'crash',
      operators: [
        { kind: 'map', config: { scale: 2, costMs: 2 } }, // one event per 2 ms turn (keyed chunks)
        { kind: 'filter', config: { op: '>', threshold: 40 } },
        { kind: 'reduce', config: { windowSize: 3, fn: 'sum' } },
      ],
    };
    const { id } = await troupe.pipelines.create(spec);
    const events = Array.from({ length: 60 }, (_, i) => ({ sensorId: `s${i % 4}`, value: i, ts: i }));
    await readyWorkers(pool, 1);
    const crashesBefore = pool.info().crashes;
    const first = troupe.pipelines.publish(id, events, 'batch-1').then(
      () => null,
      (error: unknown) => error,
    );
    // Kill the worker while it runs one of the batch's events (the batch takes ~120 ms of turns).
    let killed = 0;
    for (let i = 0; i < 400 && killed === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (troupe.pipelines.require(id).stats.operators[0]!.eventsIn >= 10) killed = pool.killBusy();
    }
    expect(killed).toBe(1);
    const failure = await first;
    expect(failure).toBeInstanceOf(ActorError);
    expect(failure).toMatchObject({ code: 'UNAVAILABLE', details: { retriable: true } });
    expect(pool.info().crashes).toBe(crashesBefore + 1);

    // The retry completes the batch: stages that already applied their part skip it.
    expect(await troupe.pipelines.publish(id, events, 'batch-1')).toEqual({ accepted: 60, duplicates: 0 });
    expect(await troupe.pipelines.publish(id, events, 'batch-1')).toEqual({ accepted: 0, duplicates: 60 });
    const expected = JSON.parse(JSON.stringify(referencePipeline(spec as never, events))) as Row[];
    const actual = await results(troupe, id);
    expect(byKey(actual)).toEqual(byKey(expected));
    expect(actual).toHaveLength(expected.length);
    expect(pool.info().workers).toBe(1); // replaced
    await troupe.pipelines.delete(id);
  }, 60_000);

  it('the first heavy batches do not wait for the workers to start', async () => {
    const temp = await startTempTroupe({ operatorWorkers: 0 });
    const pool = new OperatorWorkerPool(2);
    try {
      const { id } = await temp.troupe.pipelines.create({
        name: 'cold',
        operators: [{ kind: 'map', config: { costMs: 0.5 }, partitions: 2 }],
      });
      temp.troupe.pipelines.operatorWorkers = pool; // a pool that has not started yet
      const events = [
        { sensorId: 'a', value: 1 },
        { sensorId: 'b', value: 2 },
      ];
      await temp.troupe.pipelines.publish(id, events);
      // Ran on the loop (no worker was ready) and started the pool in the background.
      expect(pool.info()).toMatchObject({ workers: 2, batches: 0 });
      await readyWorkers(pool, 2);
      await temp.troupe.pipelines.publish(id, events);
      expect(pool.info().batches).toBe(2);
    } finally {
      await temp.close();
      await pool.close();
    }
  });

  it('a pipeline that declares a cost starts the workers when created; closing the Troupe stops them', async () => {
    const temp = await startTempTroupe({ operatorWorkers: 2 });
    const pool = temp.troupe.operatorWorkers!;
    expect(pool.info().workers).toBe(0); // nothing started before a pipeline needs it
    await temp.troupe.pipelines.create({ name: 'cheap', operators: [{ kind: 'map', config: {} }] });
    expect(pool.info().workers).toBe(0);
    await temp.troupe.pipelines.create({
      name: 'close',
      operators: [{ kind: 'map', config: { costMs: 0.5 }, partitions: 2 }],
    });
    expect(pool.info().workers).toBe(2);
    await readyWorkers(pool, 2);
    await temp.close();
    expect(pool.info().workers).toBe(0);
    const [plan] = planOperators({
      operators: [{ kind: 'map', config: {}, partitions: 1 }],
      keyBy: 'sensorId',
    });
    await expect(pool.run('g', plan!, [], 0)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
