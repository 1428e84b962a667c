// Self-scaling under a step of load (issue 15), with the controller's default timings: how long an
// autoscaled operator takes to scale up once load starts, to settle, and to come back to min once
// it stops; throughput at 1 partition and at the end of the load; and, against the reference, that
// the rescales lost or duplicated nothing. In-process, on a real SQLite file.

import { referencePipeline } from '../server/pipelines/testing/reference.ts';
import { startTroupe } from '../server/troupe.ts';
import { tempDatabaseUrl } from './fixtures.ts';
import { type BenchRow, row, sleep } from './report.ts';

const SUITE = 'autoscale';
const PUBLISHERS = 16;
const MAX = 4;

const spec = {
  name: 'bench-autoscale',
  operators: [
    // ~1 ms per event; 16 publishers keep about 16 records waiting per partition (target 4).
    {
      kind: 'map' as const,
      config: { scale: 2, costMs: 1 },
      autoscale: { min: 1, max: MAX, targetBacklog: 4 },
    },
    { kind: 'reduce' as const, config: { windowSize: 5, fn: 'sum' as const } },
  ],
};

export async function autoscaleStep(): Promise<BenchRow[]> {
  const troupe = await startTroupe({ databaseUrl: tempDatabaseUrl() });
  try {
    const { pipelines } = troupe;
    const { id } = await pipelines.create(spec);
    const partitions = () => pipelines.summarize(id).operators[0]!.partitions;
    const published: { sensorId: string; value: number; ts: number }[] = [];
    const samples: { at: number; events: number }[] = [];
    let stop = false;
    let batch = 0;
    // Each publisher owns its keys, one batch at a time: per key the order is its own.
    const publisher = async (n: number) => {
      while (!stop) {
        const b = batch++;
        const events = Array.from({ length: 8 }, (_, i) => ({
          sensorId: `s-${n}-${i % 3}`,
          value: (b * 7 + i) % 50,
          ts: b * 10 + i,
        }));
        await pipelines.publish(id, events, `b${b}`);
        published.push(...events);
        samples.push({ at: performance.now(), events: events.length });
      }
    };
    const waitFor = async (ok: () => boolean, ms: number) => {
      const until = performance.now() + ms;
      while (!ok() && performance.now() < until) await sleep(50);
      return ok();
    };

    const start = performance.now();
    const load = Promise.all(Array.from({ length: PUBLISHERS }, (_, n) => publisher(n)));
    await waitFor(() => partitions() > 1, 60_000);
    const firstUp = performance.now() - start;
    const reachedMax = await waitFor(() => partitions() === MAX, 60_000);
    const settled = performance.now() - start;
    await sleep(3000); // at max for a while: its throughput
    stop = true;
    await load;
    const loadEnd = performance.now();
    const backToMin = await waitFor(() => partitions() === 1, 120_000);
    const down = performance.now() - loadEnd;

    const rate = (from: number, to: number) =>
      samples.filter((s) => s.at >= from && s.at < to).reduce((n, s) => n + s.events, 0) /
      ((to - from) / 1000);
    const expected = referencePipeline(spec, published);
    const outputs: Record<string, unknown>[] = [];
    for (let after = 0; ; ) {
      const page = await pipelines.results(id, after, 1000);
      if (page.items.length === 0) break;
      outputs.push(...page.items.map((item) => item.output));
      after = page.nextSeq;
    }
    const exact = sameByKey(outputs, expected);
    const history = pipelines.summarize(id).history.filter((e) => e.kind === 'scaled');
    const steps = history.map((e) => `${e.from}->${e.to}`).join(', ');
    return [
      row({
        suite: SUITE,
        name: 'step of load -> first scale-up (1->2)',
        value: firstUp,
        unit: 'ms',
        note: 'up after 3 s over target',
      }),
      row({
        suite: SUITE,
        name: `step of load -> at max (${MAX} partitions)`,
        value: settled,
        unit: 'ms',
        pass: reachedMax,
        note: 'each doubling waits the 10 s cooldown',
      }),
      row({
        suite: SUITE,
        name: `load stops -> back at min (1 partition)`,
        value: down,
        unit: 'ms',
        pass: backToMin,
        note: `down after 15 s idle per halving; changes: ${steps}`,
      }),
      row({
        suite: SUITE,
        name: 'throughput at 1 partition (load start -> first scale-up)',
        value: rate(start, start + firstUp),
        unit: 'events/s',
        note: `first publish done ${Math.round((samples[0]?.at ?? Number.NaN) - start)} ms after the start`,
      }),
      row({
        suite: SUITE,
        name: `throughput, last 3 s of load (${MAX} partitions)`,
        value: rate(loadEnd - 3000, loadEnd),
        unit: 'events/s',
      }),
      row({
        suite: SUITE,
        name: 'outputs lost or duplicated across the rescales',
        value: Math.abs(outputs.length - expected.length) + (exact ? 0 : 1),
        unit: 'outputs',
        target: '0',
        pass: exact,
        note: `${published.length} events, ${outputs.length} outputs, reference ${expected.length}`,
      }),
    ];
  } finally {
    await troupe.close();
  }
}

function sameByKey(actual: Record<string, unknown>[], expected: Record<string, unknown>[]): boolean {
  const group = (rows: Record<string, unknown>[]) => {
    const keys = new Map<string, string[]>();
    for (const r of rows)
      keys.set(String(r.sensorId), [...(keys.get(String(r.sensorId)) ?? []), JSON.stringify(r)]);
    return keys;
  };
  const want = group(expected);
  const got = group(actual);
  if (want.size !== got.size) return false;
  for (const [key, rows] of want) if (got.get(key)?.join('\n') !== rows.join('\n')) return false;
  return true;
}
