// The controller on a real Troupe (real runtime, real SQLite, real clock): a step of load on an
// expensive map scales it up, and once the load stops it comes back down to min; the events
// published meanwhile, exactly-once, give exactly what the reference computes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { referencePipeline } from './testing/reference.ts';

let temp: TempTroupe;
beforeAll(async () => {
  temp = await startTempTroupe();
  // Shorter than the defaults so the test takes seconds; sampling stays once a second.
  Object.assign(temp.troupe.pipelines.autoscaler.timings, {
    upAfterMs: 2000,
    downAfterMs: 3000,
    cooldownMs: 2000,
  });
});
afterAll(async () => {
  await temp.close();
});

const spec = {
  name: 'autoscaled',
  operators: [
    // ~1 ms of CPU per event: with 16 publishers, about 16 records wait per partition.
    {
      kind: 'map' as const,
      config: { scale: 2, costMs: 1 },
      autoscale: { min: 1, max: 4, targetBacklog: 4 },
    },
    { kind: 'reduce' as const, config: { windowSize: 5, fn: 'sum' as const } },
  ],
};

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('autoscaler on a real Troupe', () => {
  it('scales an operator up under a step of load and back down once it stops, losing nothing', async () => {
    const { pipelines } = temp.troupe;
    const { id } = await pipelines.create(spec);
    const partitions = () => pipelines.summarize(id).operators[0]!.partitions;
    const published: { sensorId: string; value: number; ts: number }[] = [];
    let stop = false;
    let batch = 0;
    // Each publisher owns its keys and publishes one batch at a time: per key, the order is its own.
    const publisher = async (n: number) => {
      while (!stop) {
        const batchId = `b${batch++}`;
        const events = Array.from({ length: 8 }, (_, i) => ({
          sensorId: `s-${n}-${i % 3}`,
          value: (batch * 7 + i) % 50,
          ts: batch * 10 + i,
        }));
        await pipelines.publish(id, events, batchId);
        published.push(...events);
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, n) => publisher(n)));
    const history = () => pipelines.summarize(id).history.filter((e) => e.kind === 'scaled');
    // Generous waits: the machine may be shared; on a quiet one this takes about 12 s in all.
    await waitFor('a scale-up', () => partitions() > 1, 30_000);
    await waitFor('the max', () => partitions() === 4, 40_000);
    stop = true;
    await load;
    const loadEnded = Date.now();
    await waitFor('the way back down', () => partitions() === 1, 45_000);

    const scaled = history();
    const during = scaled.filter((e) => e.at < loadEnded);
    const after = scaled.filter((e) => e.at >= loadEnded);
    const seen = JSON.stringify(scaled);
    // Under load: doubled up to max, each time because of the backlog.
    expect(
      during.map((e) => [e.from, e.to]),
      seen,
    ).toEqual([
      [1, 2],
      [2, 4],
    ]);
    for (const up of during) expect(up.reason, seen).toMatch(/^backlog \d+ > 4 per partition$/);
    // Once it stopped: halved back to min, idle.
    expect(
      after.map((e) => [e.from, e.to]),
      seen,
    ).toEqual([
      [4, 2],
      [2, 1],
    ]);
    for (const down of after) expect(down.reason, seen).toBe('idle: backlog 0');

    // Rescaled twice each way while it ran: per key, exactly the reference's outputs, in order.
    const outputs: Record<string, unknown>[] = [];
    for (let after = 0; ; ) {
      const page = await pipelines.results(id, after, 1000);
      if (page.items.length === 0) break;
      outputs.push(...page.items.map((item) => item.output));
      after = page.nextSeq;
    }
    const byKey = (rows: Record<string, unknown>[]) => {
      const keys = new Map<string, unknown[]>();
      for (const row of rows)
        keys.set(String(row.sensorId), [...(keys.get(String(row.sensorId)) ?? []), row]);
      return new Map([...keys].sort(([a], [b]) => a.localeCompare(b)));
    };
    expect(published.length).toBeGreaterThan(100);
    expect(byKey(outputs)).toEqual(byKey(referencePipeline(spec, published)));
  }, 150_000);
});
