// `troupe pipelines simulate` with the simulator's options, through the real CLI and server: the
// flags reach the simulator (seed, range, disorder), the seed is printed, bad values are refused.
import { describe, expect, it } from 'vitest';
import { runTroupe } from '../server/test-support/run-child.ts';
import { serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();
const troupe = (...args: string[]) => runTroupe([...args, '--url', fixture.url]);

describe('troupe pipelines simulate', () => {
  it('passes seed, range and disorder flags, prints the seed, refuses bad values', async () => {
    const created = await troupe('pipelines', 'create', '{"name":"cli-sim","operators":[{"kind":"map"}]}');
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };

    const flags = ['--rate', '50', '--sensors', '2', '--seed', '77', '--min=-5', '--max', '5'];
    const disorder = [
      '--out-of-order-ms',
      '200',
      '--out-of-order-ratio',
      '0.3',
      '--late-by-ms',
      '400',
      '--late-ratio',
      '0.1',
    ];
    const started = await troupe('pipelines', 'simulate', id, ...flags, ...disorder);
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({
      seed: 77,
      min: -5,
      max: 5,
      outOfOrderRatio: 0.3,
      lateByMs: 400,
    });
    const simulation = JSON.parse((await troupe('pipelines', 'get', id)).stdout).simulation;
    expect(simulation).toMatchObject({
      seed: 77,
      min: -5,
      max: 5,
      outOfOrderMs: 200,
      outOfOrderRatio: 0.3,
      lateRatio: 0.1,
      lateByMs: 400,
    });

    const random = await troupe('pipelines', 'simulate', id, '--rate', '10');
    expect(Number.isInteger(JSON.parse(random.stdout).seed)).toBe(true);

    const notNumber = await troupe('pipelines', 'simulate', id, '--seed', 'abc');
    expect(notNumber.code).toBe(1);
    expect(notNumber.stderr).toContain('--seed must be a number');
    const inverted = await troupe('pipelines', 'simulate', id, '--min', '10', '--max', '1');
    expect(inverted.code).toBe(1);
    expect(inverted.stderr).toContain('max (1) must be greater than min (10)');
  }, 60_000); // six CLI processes, each a Node start
});
