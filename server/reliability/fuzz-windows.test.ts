// A sensor named `__proto__`, `constructor`, `toString`... is windowed like any other sensor: a time
// window and a count window produce, for a hostile sensor id, exactly the outputs they produce for
// a plain one fed the same events (over real HTTP, with the fuzz invariants checked after each run).
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TPipelineSpecInput } from '../pipelines/spec.ts';
import { type FuzzEnv, startFuzzEnv } from './support/fuzz-env.ts';
import { problemWith } from './support/fuzz-http.ts';
import { DANGEROUS_NAMES, dangerousName, hostileString } from './support/fuzz-strings.ts';

const RUNS = Math.max(20, Math.ceil(Number(process.env.FUZZ_RUNS ?? 1_000) / 20));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const WINDOWS: Record<string, TPipelineSpecInput['operators']> = {
  time: [{ kind: 'window', config: { timeMs: 1_000, fns: ['max', 'min'] } }],
  count: [{ kind: 'window', config: { size: 2, fns: ['max', 'min'] } }],
};

/** Two full windows and an open one per sensor: [0, 1000) closes on ts 1100, flush closes the rest. */
const eventsOf = (sensorId: string) => [
  { sensorId, value: 10, ts: 100 },
  { sensorId, value: 20, ts: 200 },
  { sensorId, value: 30, ts: 1_100 },
];

/** Every valid sensor id (1 to 128 characters) the fuzzer can write, dangerous names first. */
const sensorId = fc.oneof(
  { arbitrary: fc.constantFrom(...DANGEROUS_NAMES), weight: 3 },
  { arbitrary: dangerousName, weight: 1 },
  { arbitrary: hostileString(128).filter((s) => s.length >= 1 && s.length <= 128), weight: 1 },
);

let env: FuzzEnv;
let run = 0;
beforeAll(async () => {
  env = await startFuzzEnv();
}, 60_000);
afterAll(() => env.close());

async function call(path: string, input: unknown, query = false): Promise<unknown> {
  const response = await env.call(path, input, query);
  const problem = problemWith(response);
  if (problem) throw new Error(`${path}: ${problem}`);
  const body = JSON.parse(response.text) as { result?: { data?: { json?: unknown } }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${response.text.slice(0, 300)}`);
  return body.result.data?.json;
}

/** The outputs a window pipeline produced per sensor, without the sensor id. */
async function windowsOf(kind: string, sensors: string[]): Promise<unknown[][]> {
  const { id } = (await call('pipelines.create', {
    name: `windows-${kind}-${++run}`,
    operators: WINDOWS[kind],
  })) as {
    id: string;
  };
  await call('pipelines.publish', { id, events: sensors.flatMap(eventsOf) });
  await call('pipelines.flush', { id });
  const { items } = (await call('pipelines.results', { id, limit: 100 }, true)) as {
    items: { output: Record<string, unknown> }[];
  };
  return sensors.map((sensor) =>
    items
      .map((item) => item.output)
      .filter((output) => output.sensorId === sensor)
      .map(({ sensorId: _, ...window }) => window),
  );
}

it(`${RUNS} hostile sensor ids: time and count windows like a plain sensor's`, async () => {
  await fc.assert(
    fc.asyncProperty(sensorId, async (hostile) => {
      await env.prepare();
      const plain = `plain-${run}`;
      const windows = await Promise.all([
        windowsOf('time', [hostile, plain]),
        windowsOf('count', [hostile, plain]),
      ]).catch((error: Error) => error);
      // Checked whatever happened above: it also restores a polluted prototype for the next run.
      expect(await env.check()).toEqual([]);
      if (windows instanceof Error) throw windows;
      const [time, count] = windows;
      expect(time[1]).toHaveLength(2);
      expect(count[1]).toHaveLength(1);
      expect({ time: time[0], count: count[0] }).toEqual({ time: time[1], count: count[1] });
    }),
    { numRuns: RUNS, seed: SEED },
  );
}, 600_000);
