// Pipelines through the typed client over real HTTP and SQLite, checked against the independent
// reference computation (server/pipelines/reference.ts).
import { describe, expect, it } from 'vitest';
import { REFERENCE_PIPELINE } from '../pipelines/spec.ts';
import { referencePipeline } from '../pipelines/testing/reference.ts';
import { codeOf, servedTroupePerTest } from '../test-support/served-troupe.ts';

const served = servedTroupePerTest();
/** Object.prototype as the test process started (a poisoned prototype gains members). */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** 1,000 events for 10 sensors with values spread over 0..100 and increasing timestamps. */
function sensorEvents(count: number, sensors: number, from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    sensorId: `sensor-${(i * 7) % sensors}`,
    value: Math.round(((i * 37 + from) % 101) * 1.3 * 100) / 100,
    ts: 1_000 + from + i,
  }));
}

async function readAll(id: string) {
  const outputs: Record<string, unknown>[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await served.client.pipelines.results.query({ id, afterSeq, limit: 1000 });
    outputs.push(...page.items.map((i) => i.output));
    if (page.items.length === 0) return outputs;
    afterSeq = page.nextSeq;
  }
}

function byKey(outputs: Record<string, unknown>[]) {
  const keys = new Map<string, Record<string, unknown>[]>();
  for (const o of outputs) keys.set(String(o.sensorId), [...(keys.get(String(o.sensorId)) ?? []), o]);
  return Object.fromEntries([...keys].sort(([a], [b]) => a.localeCompare(b)));
}

describe('pipelines over HTTP', () => {
  it('runs the reference pipeline on 1,000 events for 10 sensors exactly like the reference', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      ...REFERENCE_PIPELINE,
      name: 'reference',
    } as never);
    const events = sensorEvents(1000, 10);
    expect(await served.client.pipelines.publish.mutate({ id, events })).toEqual({
      accepted: 1000,
      duplicates: 0,
    });
    const expected = referencePipeline(REFERENCE_PIPELINE as never, events);
    const actual = await readAll(id);
    expect(expected.length).toBeGreaterThan(5);
    expect(actual).toHaveLength(expected.length);
    expect(byKey(actual)).toEqual(byKey(expected));

    const summary = await served.client.pipelines.get.query({ id });
    expect(summary.operators.map((o) => o.kind)).toEqual(['map', 'filter', 'reduce', 'window']);
    expect(summary.operators[0]?.eventsIn).toBe(1000);
    expect(summary.operators[1]?.dropped).toBe(1000 - (summary.operators[1]?.eventsOut ?? 0));
    expect(summary.sinkOutputs).toBe(expected.length);
  });

  it('rescales 1 -> 4 -> 1 partitions mid-stream without losing, duplicating or reordering', async () => {
    const spec = {
      name: 'rescaled',
      operators: [
        { kind: 'map' as const, config: { scale: 2 } },
        { kind: 'reduce' as const, config: { windowSize: 7, fn: 'sum' as const } },
      ],
    };
    const { id } = await served.client.pipelines.create.mutate(spec);
    const events = sensorEvents(900, 6);
    await served.client.pipelines.publish.mutate({ id, events: events.slice(0, 300) });
    await served.client.pipelines.scale.mutate({ id, operatorIndex: 1, partitions: 4 });
    await served.client.pipelines.publish.mutate({ id, events: events.slice(300, 600) });
    await served.client.pipelines.scale.mutate({ id, operatorIndex: 1, partitions: 1 });
    await served.client.pipelines.publish.mutate({ id, events: events.slice(600) });
    expect(byKey(await readAll(id))).toEqual(byKey(referencePipeline(spec, events)));
    expect((await served.client.pipelines.get.query({ id })).operators[1]?.partitions).toBe(1);
  });

  it('keeps a half-filled window across a restart and completes it after', async () => {
    const spec = {
      name: 'restarts',
      operators: [{ kind: 'reduce' as const, config: { windowSize: 10, fn: 'avg' as const } }],
    };
    const { id } = await served.client.pipelines.create.mutate(spec);
    const events = sensorEvents(95, 3);
    await served.client.pipelines.publish.mutate({ id, events: events.slice(0, 44) });
    await served.restart();
    await served.client.pipelines.publish.mutate({ id, events: events.slice(44) });
    expect(byKey(await readAll(id))).toEqual(byKey(referencePipeline(spec, events)));
  });

  it('applies a retried batchId once in every stage (exactly-once publish)', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      ...REFERENCE_PIPELINE,
      name: 'exactly-once',
    } as never);
    const events = sensorEvents(600, 6);
    const batches = [events.slice(0, 200), events.slice(200, 400), events.slice(400)];
    for (const [i, batch] of batches.entries()) {
      const publish = () => served.client.pipelines.publish.mutate({ id, events: batch, batchId: `b-${i}` });
      expect(await publish()).toEqual({ accepted: 200, duplicates: 0 });
      expect(await publish()).toEqual({ accepted: 0, duplicates: 200 }); // the retry
    }
    const late = await served.client.pipelines.publish.mutate({ id, events: batches[0]!, batchId: 'b-0' });
    expect(late).toEqual({ accepted: 0, duplicates: 200 });
    expect(byKey(await readAll(id))).toEqual(byKey(referencePipeline(REFERENCE_PIPELINE as never, events)));
    expect((await served.client.pipelines.get.query({ id })).published).toBe(600);
    const reused = served.client.pipelines.publish.mutate({ id, events: batches[1]!, batchId: 'b-0' });
    expect(codeOf(await reused.catch((e) => e))).toBe('CONFLICT');
  });

  it('a batchId retried after a rescale is still applied once (dedup does not depend on partitions)', async () => {
    const spec = {
      name: 'rescale-retry',
      operators: [
        { kind: 'map' as const, config: { scale: 1 } },
        { kind: 'reduce' as const, config: { windowSize: 1, fn: 'sum' as const } },
      ],
    };
    const { id } = await served.client.pipelines.create.mutate(spec);
    const events = sensorEvents(40, 40);
    const publish = () => served.client.pipelines.publish.mutate({ id, events, batchId: 'X' });
    expect(await publish()).toEqual({ accepted: 40, duplicates: 0 });
    expect(await publish()).toEqual({ accepted: 0, duplicates: 40 });
    await served.client.pipelines.scale.mutate({ id, operatorIndex: 0, partitions: 4 });
    await served.client.pipelines.scale.mutate({ id, operatorIndex: 1, partitions: 3 });
    expect(await publish()).toEqual({ accepted: 0, duplicates: 40 });
    await served.restart();
    expect(await publish()).toEqual({ accepted: 0, duplicates: 40 });
    const outputs = await readAll(id);
    expect(outputs).toHaveLength(40);
    expect(byKey(outputs)).toEqual(byKey(referencePipeline(spec, events)));
  });

  it('event time over HTTP: out-of-order within bound counts, a late record goes to the late stream, named fields travel', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      name: 'event-time',
      eventTime: { maxOutOfOrderMs: 500 },
      operators: [
        { kind: 'filter', config: { field: 'humidity', op: '>=', threshold: 0 } },
        { kind: 'window', config: { timeMs: 1000, fns: ['max', 'count'], field: 'humidity' } },
      ],
    });
    const at = (ts: number, humidity: number) => ({ sensorId: 's1', value: 0, ts, humidity });
    // 600 arrives after 1200 but within 500 ms of disorder: it still counts in [0, 1000).
    await served.client.pipelines.publish.mutate({ id, events: [at(100, 10), at(1200, 30), at(600, 50)] });
    expect((await readAll(id)).length).toBe(0); // W = 700: [0, 1000) is still open
    await served.client.pipelines.publish.mutate({ id, events: [at(1600, 20), at(200, 99)] }); // W = 1100
    expect(await readAll(id)).toEqual([
      { sensorId: 's1', windowStart: 0, windowEnd: 1000, ts: 999, count: 2, max: 50 },
    ]);
    const late = await served.client.pipelines.results.query({ id, stream: 'late' });
    expect(late.items).toEqual([
      { seq: 1, output: { operator: 1, key: 's1', watermark: 1100, record: at(200, 99) } },
    ]);
    const summary = await served.client.pipelines.get.query({ id });
    expect(summary.operators[1]).toMatchObject({ late: 1, errors: 0 });
    const wrong = await served.client.pipelines.results
      .query({ id, stream: 'nope' } as never)
      .catch((e) => e);
    expect(codeOf(wrong)).toBe('BAD_REQUEST');
  });

  it('two concurrent creates with one name get distinct readable ids', async () => {
    const spec = { name: 'Twin', operators: [{ kind: 'map' as const, config: {} }] };
    const created = await Promise.all(
      Array.from({ length: 5 }, () => served.client.pipelines.create.mutate(spec)),
    );
    expect(created.map((c) => c.id).sort()).toEqual(['twin', 'twin-2', 'twin-3', 'twin-4', 'twin-5']);
  });

  it('rejects unknown fields anywhere in a pipelines.* input, naming them (BAD_REQUEST)', async () => {
    const misspelled = await served.client.pipelines.create
      .mutate({
        name: 'sliding',
        operators: [
          { kind: 'map', config: {} },
          { kind: 'window', config: { timeMs: 1000, slidesMs: 500 } },
        ],
      } as never)
      .catch((e) => e);
    expect(codeOf(misspelled)).toBe('BAD_REQUEST');
    expect(misspelled.message).toContain('unrecognized key "slidesMs"');
    expect(misspelled.message).toContain('operators.1.config: unrecognized key "slidesMs"');
    const { id } = await served.client.pipelines.create.mutate({
      name: 'strict',
      operators: [{ kind: 'map' }],
    });
    const inputs = [
      () => served.client.pipelines.publish.mutate({ id, events: [], batchID: 'x' } as never),
      () =>
        served.client.pipelines.scale.mutate({ id, operatorIndex: 0, partitions: 2, force: true } as never),
      () => served.client.pipelines.get.query({ id, verbose: true } as never),
      () => served.client.pipelines.results.query({ id, after: 3 } as never),
      () => served.client.pipelines.simulate.mutate({ id, ratePerSec: 1, sensors: 1, jitter: 1 } as never),
    ];
    for (const call of inputs) {
      const error = await call().catch((e) => e);
      expect(codeOf(error)).toBe('BAD_REQUEST');
      expect(error.message).toContain('unrecognized key');
    }
    // Events may carry named fields; a name that could not be a record key is refused, named.
    const named = { sensorId: 's', value: 1, unit: 'C', humidity: 40 };
    await expect(served.client.pipelines.publish.mutate({ id, events: [named] })).resolves.toEqual({
      accepted: 1,
      duplicates: 0,
    });
    for (const bad of [{ valueOf: 1 }, { 'two words': 1 }, { ts2: { nested: true } }, { windowEnd: 3 }]) {
      const error = await served.client.pipelines.publish
        .mutate({ id, events: [{ sensorId: 's', value: 1, ...bad }] } as never)
        .catch((e) => e);
      expect(codeOf(error)).toBe('BAD_REQUEST');
      expect(error.message).toContain(Object.keys(bad)[0]);
    }
  });

  it('stop pauses intake with PRECONDITION_FAILED, start resumes; both idempotent; delete removes', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      name: 'pausable',
      operators: [{ kind: 'map', config: {} }],
    });
    await served.client.pipelines.stop.mutate({ id });
    await served.client.pipelines.stop.mutate({ id });
    const paused = await served.client.pipelines.publish
      .mutate({ id, events: sensorEvents(3, 1) })
      .catch((e) => e);
    expect(codeOf(paused)).toBe('PRECONDITION_FAILED');
    await served.client.pipelines.start.mutate({ id });
    await served.client.pipelines.start.mutate({ id });
    expect(await served.client.pipelines.publish.mutate({ id, events: sensorEvents(3, 1) })).toEqual({
      accepted: 3,
      duplicates: 0,
    });
    expect((await readAll(id)).length).toBe(3);

    await served.client.pipelines.delete.mutate({ id });
    expect(codeOf(await served.client.pipelines.get.query({ id }).catch((e) => e))).toBe('NOT_FOUND');
    const list = await served.client.pipelines.list.query();
    expect(list.map((p) => p.id)).not.toContain(id);
  });

  it('lets callers inspect operator actors but not drive them (FORBIDDEN)', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      name: 'sealed',
      operators: [{ kind: 'map', config: {} }],
    });
    await served.client.pipelines.publish.mutate({ id, events: sensorEvents(5, 1) });
    const key = `${id}/0/0`;
    expect((await served.client.actors.get.query({ type: 'pipeline-op', key })).status).toBe('active');
    const forged = served.client.actors.invoke.mutate({
      type: 'pipeline-sink',
      key: id,
      action: 'emit',
      args: { records: [{ sensorId: 'x', value: 1 }], t0: 0 },
    });
    expect(codeOf(await forged.catch((e) => e))).toBe('FORBIDDEN');
    const spawn = served.client.actors.spawn.mutate({ type: 'pipeline-op', key: `${id}/0/9` });
    expect(codeOf(await spawn.catch((e) => e))).toBe('FORBIDDEN');
    expect((await served.client.pipelines.results.query({ id })).items).toHaveLength(5);
  });

  it('rejects bad specs and events with BAD_REQUEST and field errors', async () => {
    const badSpec = await served.client.pipelines.create
      .mutate({ name: 'bad', operators: [{ kind: 'window', config: { fns: ['max'] } }] } as never)
      .catch((e) => e);
    expect(codeOf(badSpec)).toBe('BAD_REQUEST');
    const { id } = await served.client.pipelines.create.mutate({
      name: 'ok',
      operators: [{ kind: 'map', config: {} }],
    });
    const badEvent = await served.client.pipelines.publish
      .mutate({ id, events: [{ sensorId: 's', value: 'hot' }] } as never)
      .catch((e) => e);
    expect(codeOf(badEvent)).toBe('BAD_REQUEST');
    expect(
      codeOf(
        await served.client.pipelines.scale.mutate({ id, operatorIndex: 5, partitions: 2 }).catch((e) => e),
      ),
    ).toBe('NOT_FOUND');
  });

  it('simulates sensors into the pipeline until stopped', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      name: 'simulated',
      operators: [{ kind: 'map', config: {} }],
    });
    await served.client.pipelines.simulate.mutate({ id, ratePerSec: 200, sensors: 4 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const running = await served.client.pipelines.get.query({ id });
    expect(running.simulation?.sent).toBeGreaterThan(50);
    await served.client.pipelines.stop.mutate({ id });
    const stopped = await served.client.pipelines.get.query({ id });
    expect(stopped.simulation).toBeNull();
    expect(stopped.operators[0]?.eventsIn).toBeGreaterThan(50);
  });
});

describe('client strings as window keys', () => {
  const DANGEROUS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

  it('windows sensors named like Object.prototype members; the process survives, the prototype stays clean', async () => {
    const specs = [
      {
        name: 'time',
        operators: [{ kind: 'window' as const, config: { timeMs: 1000, fns: ['max' as const] } }],
      },
      {
        name: 'reduce',
        operators: [{ kind: 'reduce' as const, config: { windowSize: 2, fn: 'sum' as const } }],
      },
    ];
    for (const spec of specs) {
      const { id } = await served.client.pipelines.create.mutate(spec);
      const events = [0, 1, 2, 3].flatMap((i) =>
        DANGEROUS.map((sensorId) => ({ sensorId, value: i + 1, ts: 5000 + i * 600 })),
      );
      expect(await served.client.pipelines.publish.mutate({ id, events })).toMatchObject({
        accepted: events.length,
      });
      await served.client.pipelines.flush.mutate({ id });
      expect(byKey(await readAll(id))).toEqual(byKey(referencePipeline(spec, events, { flush: true })));
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect((await served.client.system.health.query()).ok).toBe(true);
  });
});
