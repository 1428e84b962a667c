// examples/*.ts run as real child processes against a live server, as CI and a reader would run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx } from '../server/test-support/run-child.ts';
import { serveTroupe, startTempTroupe, type TempTroupe } from '../server/test-support/temp-troupe.ts';

let temp: TempTroupe;
let served: Awaited<ReturnType<typeof serveTroupe>>;

beforeAll(async () => {
  temp = await startTempTroupe();
  served = await serveTroupe(temp.troupe, { token: 'examples-secret' });
});

afterAll(async () => {
  await served.stop();
  await temp.close();
});

const env = () => ({ TROUPE_URL: served.url, TROUPE_TOKEN: 'examples-secret' });

describe('examples', () => {
  it('counter.ts increments rivet-1, and its state survives deactivation', async () => {
    const run = await runTsx('examples/counter.ts', env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('increment -> 1\nincrement -> 2\nincrement -> 3\n');
    expect(run.stdout).toContain('increment by 10 -> 13');
    expect(run.stdout).toMatch(/after deactivation: count 13, status active, 2 activations/);
    const again = await runTsx('examples/counter.ts', env());
    expect(again.stdout).toContain('increment -> 14'); // durable across runs
  });

  it('pipeline.ts creates a pipeline, publishes events and prints its results', async () => {
    const run = await runTsx('examples/pipeline.ts', env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created pipeline example-sensors');
    expect(run.stdout).toContain('published 40 events');
    const results = run.stdout.match(/^#\d+ .*$/gm) ?? [];
    expect(results.length).toBeGreaterThan(0);
    for (const line of results)
      expect(JSON.parse(line.replace(/^#\d+ /, ''))).toMatchObject({ avg: expect.any(Number) });
    expect(run.stdout).toContain('map: in 40, out 40');
  });

  it('fails with a non-zero exit when the token is wrong', async () => {
    const run = await runTsx('examples/counter.ts', { ...env(), TROUPE_TOKEN: 'wrong-token' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('UNAUTHORIZED');
  });
});
