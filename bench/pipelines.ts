// Pipeline benchmarks of issue 4: throughput, latency at half load, noisy neighbour (fair DRR vs
// FIFO), rescale under load. In-process, on a real SQLite file, durable windows.

import { REFERENCE_PIPELINE, type TPipelineSpecInput, type TSensorEvent } from '../server/pipelines/spec.ts';
import { referencePipeline } from '../server/pipelines/testing/reference.ts';
import { startTroupe, type Troupe } from '../server/troupe.ts';
import { tempDatabaseUrl } from './fixtures.ts';
import { type BenchRow, row, sleep } from './report.ts';

const SUITE = 'pipelines';

function eventSource(sensors: number) {
  let i = 0;
  return (count: number): TSensorEvent[] =>
    Array.from({ length: count }, () => {
      const n = i++;
      return { sensorId: `s-${n % sensors}`, value: (n * 37) % 101, ts: n };
    });
}

async function withTroupe<T>(
  fn: (troupe: Troupe) => Promise<T>,
  policy: 'fair' | 'fifo' = 'fair',
): Promise<T> {
  const troupe = await startTroupe({ databaseUrl: tempDatabaseUrl(), runtime: { scheduler: { policy } } });
  try {
    return await fn(troupe);
  } finally {
    await troupe.close();
  }
}

/** Publishes as fast as `publishers` concurrent callers can for `ms`; returns events/s. */
async function saturate(
  troupe: Troupe,
  id: string,
  ms: number,
  batch = 5000,
  publishers = 4,
): Promise<number> {
  const next = eventSource(10);
  let events = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: publishers }, async () => {
      while (performance.now() < until) {
        events += (await troupe.pipelines.publish(id, next(batch))).accepted;
      }
    }),
  );
  return events / ((performance.now() - started) / 1000);
}

/** Publishes `ratePerSec` in 10 ms ticks for `ms`; returns the sink's end-to-end p50/p99. */
async function paced(troupe: Troupe, id: string, ratePerSec: number, ms: number, sensors = 10) {
  const next = eventSource(sensors);
  const stats = troupe.pipelines.require(id).stats;
  stats.endToEnd.reset();
  const perTick = Math.max(1, Math.round(ratePerSec / 100));
  const inflight: Promise<unknown>[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    inflight.push(troupe.pipelines.publish(id, next(perTick)));
    await sleep(10);
  }
  await Promise.all(inflight);
  return stats.endToEnd.percentiles() ?? { p50: Number.NaN, p99: Number.NaN };
}

export async function pipelineThroughputAndLatency(): Promise<BenchRow[]> {
  return withTroupe(async (troupe) => {
    const { id } = await troupe.pipelines.create({ ...REFERENCE_PIPELINE, name: 'bench-reference' });
    await saturate(troupe, id, 500); // warm up
    const max = await saturate(troupe, id, 3000);
    const half = Math.round(max / 2);
    const latency = await paced(troupe, id, half, 3000);
    return [
      row({
        suite: SUITE,
        name: 'reference pipeline throughput (durable windows)',
        value: max,
        unit: 'events/s',
        target: '>= 500,000/s',
        pass: max >= 500_000,
      }),
      row({
        suite: SUITE,
        name: `end-to-end latency p50 at 50% load (${half.toLocaleString('en-US')}/s)`,
        value: latency.p50,
        unit: 'ms',
      }),
      row({
        suite: SUITE,
        name: 'end-to-end latency p99 at 50% load',
        value: latency.p99,
        unit: 'ms',
        target: '<= 20 ms',
        pass: latency.p99 <= 20,
      }),
    ];
  });
}

const LIGHT: TPipelineSpecInput = {
  name: 'light-b',
  operators: [
    { kind: 'map', config: { scale: 1.8, offset: 32 } },
    { kind: 'filter', config: { field: 'value', op: '>', threshold: 50 } },
    { kind: 'reduce', config: { windowSize: 5, fn: 'avg' } },
  ],
};
const HEAVY: TPipelineSpecInput = {
  name: 'heavy-a',
  operators: [
    { kind: 'map', config: { costMs: 1 }, partitions: 4 },
    { kind: 'filter', config: { field: 'value', op: '>', threshold: 50 } },
  ],
};

async function neighbourRun(policy: 'fair' | 'fifo') {
  return withTroupe(async (troupe) => {
    const b = (await troupe.pipelines.create(LIGHT)).id;
    const a = (await troupe.pipelines.create(HEAVY)).id;
    await paced(troupe, b, 2000, 500);
    const alone = await paced(troupe, b, 2000, 3000);
    let stop = false;
    const next = eventSource(4);
    // Many publishers and four partitions keep A's mailboxes deep: under FIFO every ready A actor
    // runs until the slice ends; under DRR, A's whole group shares one quantum per round.
    const heavy = Array.from({ length: 32 }, async () => {
      while (!stop) await troupe.pipelines.publish(a, next(16));
    });
    await sleep(300); // A is saturated and its cost per event learned
    const beside = await paced(troupe, b, 2000, 3000);
    stop = true;
    await Promise.all(heavy);
    const heavyRate = troupe.pipelines.require(a).stats.operators[0]!.eventsIn;
    return { alone, beside, heavyRate };
  }, policy);
}

export async function noisyNeighbour(): Promise<BenchRow[]> {
  const fair = await neighbourRun('fair');
  const fifo = await neighbourRun('fifo');
  const ratio = fair.beside.p99 / fair.alone.p99;
  return [
    row({ suite: SUITE, name: 'noisy neighbour: B p99 alone', value: fair.alone.p99, unit: 'ms' }),
    row({
      suite: SUITE,
      name: 'noisy neighbour: B p99 beside saturated A (fair DRR)',
      value: fair.beside.p99,
      unit: 'ms',
      baseline: fair.alone.p99,
      target: '<= 2x alone',
      pass: ratio <= 2,
      note: `A processed ${fair.heavyRate} events at ~1 ms each`,
    }),
    row({ suite: SUITE, name: 'noisy neighbour: B p99 alone (FIFO run)', value: fifo.alone.p99, unit: 'ms' }),
    row({
      suite: SUITE,
      name: 'noisy neighbour: B p99 beside saturated A (plain FIFO)',
      value: fifo.beside.p99,
      unit: 'ms',
      baseline: fifo.alone.p99,
      note: 'what the fair scheduler buys',
    }),
  ];
}

export async function rescaleUnderLoad(): Promise<BenchRow[]> {
  return withTroupe(async (troupe) => {
    const spec = { ...REFERENCE_PIPELINE, name: 'bench-rescale' };
    const { id } = await troupe.pipelines.create(spec);
    const next = eventSource(10);
    const published: TSensorEvent[] = [];
    let stop = false;
    const samples: { at: number; events: number }[] = [];
    const publisher = (async () => {
      while (!stop) {
        const events = next(2000);
        await troupe.pipelines.publish(id, events);
        for (const e of events) published.push(e);
        samples.push({ at: performance.now(), events: events.length });
      }
    })();
    const phase = async (ms: number) => {
      const from = performance.now();
      await sleep(ms);
      return { from, to: performance.now() };
    };
    const before = await phase(1500);
    const up = performance.now();
    await troupe.pipelines.scale(id, 2, 4);
    const upDone = performance.now();
    const middle = await phase(1500);
    const down = performance.now();
    await troupe.pipelines.scale(id, 2, 1);
    const downDone = performance.now();
    const after = await phase(1500);
    stop = true;
    await publisher;

    const rate = (from: number, to: number) =>
      samples.filter((s) => s.at >= from && s.at < to).reduce((n, s) => n + s.events, 0) /
      ((to - from) / 1000);
    const expected = referencePipeline(spec as never, published);
    const actual = troupe.pipelines.require(id).stats.sinkOutputs;
    const exact = await tailMatches(troupe, id, expected);
    return [
      row({
        suite: SUITE,
        name: 'rescale under load: before (1 partition)',
        value: rate(before.from, before.to),
        unit: 'events/s',
      }),
      row({
        suite: SUITE,
        name: `rescale under load: during 1->4 (${Math.round(upDone - up)} ms) and 4->1 (${Math.round(downDone - down)} ms)`,
        value: (rate(up, upDone) + rate(down, downDone)) / 2,
        unit: 'events/s',
      }),
      row({
        suite: SUITE,
        name: 'rescale under load: at 4 partitions',
        value: rate(middle.from, middle.to),
        unit: 'events/s',
      }),
      row({
        suite: SUITE,
        name: 'rescale under load: after (back to 1)',
        value: rate(after.from, after.to),
        unit: 'events/s',
      }),
      row({
        suite: SUITE,
        name: 'rescale under load: outputs lost or duplicated',
        value: Math.abs(actual - expected.length) + (exact ? 0 : 1),
        unit: 'outputs',
        target: '0',
        pass: actual === expected.length && exact,
        note: `${published.length} events, ${actual} outputs, reference ${expected.length}; retained tail per key ${exact ? 'equal' : 'DIFFERS'}`,
      }),
    ];
  });
}

/** Compares the retained results (the newest ones) per key with the tail of the reference's. */
async function tailMatches(
  troupe: Troupe,
  id: string,
  expected: Record<string, unknown>[],
): Promise<boolean> {
  const retained: Record<string, unknown>[] = [];
  for (let after = 0; ; ) {
    const page = await troupe.pipelines.results(id, after, 1000);
    if (page.items.length === 0) break;
    retained.push(...page.items.map((i) => i.output));
    after = page.nextSeq;
  }
  const group = (rows: Record<string, unknown>[]) => {
    const map = new Map<string, string[]>();
    for (const r of rows)
      map.set(String(r.sensorId), [...(map.get(String(r.sensorId)) ?? []), JSON.stringify(r)]);
    return map;
  };
  const want = group(expected);
  for (const [key, got] of group(retained)) {
    const tail = (want.get(key) ?? []).slice(-got.length);
    if (tail.join('\n') !== got.join('\n')) return false;
  }
  return retained.length > 0;
}
