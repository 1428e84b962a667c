// examples/spec.json and examples/events.ndjson through the real CLI, as examples/README.md shows:
// create, publish, flush, results, and the simulator started and stopped without stopping the pipeline.
import { describe, expect, it } from 'vitest';
import { runTroupe } from '../server/test-support/run-child.ts';
import { serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();
const troupe = (...args: string[]) => runTroupe([...args, '--url', fixture.url]);

describe('examples/spec.json and examples/events.ndjson', () => {
  it('create a pipeline, publish, flush and read results; simulate starts and stops', async () => {
    const created = await troupe('pipelines', 'create', '--file', 'examples/spec.json');
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(id).toBe('sensor-sample');

    const published = await troupe('pipelines', 'publish', id, '--file', 'examples/events.ndjson', '--quiet');
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ published: 24 });
    expect((await troupe('pipelines', 'flush', id)).code).toBe(0);
    const results = JSON.parse((await troupe('pipelines', 'results', id)).stdout) as { items: unknown[] };
    expect(results.items.length).toBeGreaterThan(0);

    const started = await troupe('pipelines', 'simulate', id, '--rate', '200', '--sensors', '4');
    expect(started.code).toBe(0);
    const eventsIn = async () => {
      const summary = JSON.parse((await troupe('pipelines', 'get', id)).stdout) as {
        operators: { eventsIn: number }[];
      };
      return summary.operators[0]!.eventsIn;
    };
    const published24 = await eventsIn();
    await expect.poll(eventsIn, { timeout: 10_000 }).toBeGreaterThan(published24); // the simulator feeds it
    const stopped = await troupe('pipelines', 'simulate', id, '--rate', '0');
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ stopped: true });
    const get = JSON.parse((await troupe('pipelines', 'get', id)).stdout) as { status: string };
    expect(get.status).toBe('running'); // the pipeline runs on
    const afterStop = await eventsIn();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await eventsIn()).toBe(afterStop); // and nothing feeds it any more
    const bad = await troupe('pipelines', 'simulate', id, '--rate', '-1');
    expect(bad.code).toBe(1);
    const unknown = await troupe('pipelines', 'simulate', 'no-such-pipeline', '--rate', '0');
    expect(unknown.code).toBe(2);
  });
});
