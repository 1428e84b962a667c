// The sensor simulator through the real server: tRPC over HTTP, a real pipeline on a temp SQLite
// file. A seeded simulation runs, reports its counts, and the pipeline's outputs are exactly the
// seeded stream (values, sensors, ts offsets from the start); bad options are refused by name.
import { describe, expect, it } from 'vitest';
import { SensorStream, type SimulatedEvent } from '../pipelines/simulated-sensors.ts';
import { codeOf, servedTroupePerTest } from '../test-support/served-troupe.ts';

const served = servedTroupePerTest();

async function readAll(id: string) {
  const outputs: Record<string, unknown>[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await served.client.pipelines.results.query({ id, afterSeq, limit: 1000 });
    if (page.items.length === 0) return outputs;
    outputs.push(...page.items.map((i) => i.output));
    afterSeq = page.nextSeq;
  }
}

/** Each sensor's events in arrival order, as `ts:value` strings. */
function seriesBySensor(events: readonly { sensorId?: unknown; ts?: unknown; value?: unknown }[]) {
  const series = new Map<string, string[]>();
  for (const e of events) {
    const key = String(e.sensorId);
    const list = series.get(key) ?? [];
    list.push(`${e.ts}:${e.value}`);
    series.set(key, list);
  }
  return series;
}

describe('pipelines.simulate', () => {
  it('runs a seeded simulation with disorder, reports its counts and delivers exactly the seeded events', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      name: 'seeded',
      operators: [{ kind: 'map', config: {} }],
    });
    const options = {
      ratePerSec: 200,
      sensors: 4,
      seed: 2024,
      outOfOrderMs: 40,
      outOfOrderRatio: 0.2,
      lateRatio: 0.05,
      lateByMs: 100,
    };
    await served.client.pipelines.simulate.mutate({ id, ...options });
    const simulation = async () => (await served.client.pipelines.get.query({ id })).simulation;
    await expect.poll(async () => (await simulation())?.late ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const running = await simulation();
    expect(running).toMatchObject({ ...options, min: 0, max: 100, rejected: 0 });
    expect(running?.sent).toBeGreaterThan(0);
    expect(running?.delayed).toBeGreaterThan(0);

    await served.client.pipelines.simulate.mutate({ id, ratePerSec: 0, sensors: 4 });
    expect(await simulation()).toBeNull();
    const outputs = await readAll(id);
    expect(outputs.length).toBeGreaterThanOrEqual(running?.sent ?? Infinity);

    // The same seed and options, generated here: each sensor's outputs are a prefix of its series.
    const stream = new SensorStream({ ...options, min: 0, max: 100, startTs: running?.startedAt ?? 0 });
    const expected: SimulatedEvent[] = [];
    while (expected.length < outputs.length + 1000) expected.push(...stream.next().events);
    const want = seriesBySensor(expected);
    const got = seriesBySensor(outputs);
    expect([...got.keys()].sort()).toEqual(['sensor-1', 'sensor-2', 'sensor-3', 'sensor-4']);
    for (const [sensor, series] of got) expect(series).toEqual(want.get(sensor)?.slice(0, series.length));
  });

  it('refuses bad options with a BAD_REQUEST naming them', async () => {
    const { id } = await served.client.pipelines.create.mutate({
      name: 'bad-sim',
      operators: [{ kind: 'map' }],
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ min: 10, max: 10 }, 'max (10) must be greater than min (10)'],
      [{ outOfOrderMs: 10, outOfOrderRatio: 0.6, lateByMs: 10, lateRatio: 0.6 }, 'at most 1'],
      [{ outOfOrderRatio: 0.1 }, 'outOfOrderMs and outOfOrderRatio go together'],
      [{ lateByMs: 500 }, 'lateByMs and lateRatio go together'],
      [{ seed: 2 ** 32 }, 'seed'],
      [{ seed: 1.5 }, 'seed'],
      [{ outOfOrderMs: 60_001, outOfOrderRatio: 0.1 }, 'outOfOrderMs'],
    ];
    for (const [bad, message] of cases) {
      const error = await served.client.pipelines.simulate
        .mutate({ id, ratePerSec: 10, sensors: 2, ...bad } as never)
        .catch((e) => e);
      expect(codeOf(error), JSON.stringify(bad)).toBe('BAD_REQUEST');
      expect(error.message, JSON.stringify(bad)).toContain(message);
    }
    expect((await served.client.pipelines.get.query({ id })).simulation).toBeNull();
  });
});
