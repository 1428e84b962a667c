// The controller around the policy, on a made-up clock and host: what it samples, what it asks the
// manager to do, one change per pipeline at a time, and no retry storm after a failed change.
import { describe, expect, it } from 'vitest';
import type { TAutoscale } from './autoscale-spec.ts';
import { type AutoscaleHost, Autoscaler, type OperatorReading } from './autoscaler.ts';
import type { TPipelineSpec } from './spec.ts';

interface FakePipeline {
  id: string;
  status: 'running' | 'stopped';
  spec: TPipelineSpec;
  partitions: number[];
}

function pipeline(id: string, autoscales: (TAutoscale | undefined)[]): FakePipeline {
  const operators = autoscales.map((autoscale) => ({ kind: 'map', config: {}, partitions: 1, autoscale }));
  return {
    id,
    status: 'running',
    spec: { name: id, operators, keyBy: 'sensorId', priority: 1 } as unknown as TPipelineSpec,
    partitions: autoscales.map(() => 1),
  };
}

function harness(pipelines: FakePipeline[], read: (id: string, index: number) => OperatorReading) {
  let now = 0;
  const calls: { id: string; index: number; to: number; reason: string }[] = [];
  const reads: string[] = [];
  const errors: unknown[] = [];
  let scale: AutoscaleHost['scale'] = async (id, index, to, reason) => {
    calls.push({ id, index, to, reason });
    pipelines.find((p) => p.id === id)!.partitions[index] = to;
  };
  const host: AutoscaleHost = {
    pipelines: () => pipelines,
    read: (id, index) => {
      reads.push(`${id}/${index}`);
      return read(id, index);
    },
    scale: (...args) => scale(...args),
  };
  const autoscaler = new Autoscaler(host, {
    now: () => now,
    timings: { upAfterMs: 2000, downAfterMs: 5000, cooldownMs: 3000 },
    onError: (error) => errors.push(error),
  });
  return {
    autoscaler,
    calls,
    reads,
    errors,
    setScale: (fn: AutoscaleHost['scale']) => {
      scale = fn;
    },
    /** Ticks once a second `seconds` times, awaiting each tick's changes. */
    async run(seconds: number) {
      for (let s = 0; s < seconds; s++) {
        await autoscaler.tick();
        now += 1000;
      }
    },
  };
}

const busy = (backlog: number, turns: number, p99Ms = 1): OperatorReading => ({ backlog, turns, p99Ms });

describe('Autoscaler', () => {
  it('scales an autoscaled operator through the host with the reason, and leaves the others alone', async () => {
    const p = pipeline('p', [undefined, { min: 1, max: 4, targetBacklog: 10 }]);
    let turns = 0;
    const h = harness([p], () => busy(500, ++turns));
    await h.run(4);
    expect(h.calls).toEqual([{ id: 'p', index: 1, to: 2, reason: 'backlog 500 > 10 per partition' }]);
    expect(new Set(h.reads)).toEqual(new Set(['p/1']));
    expect(p.partitions).toEqual([1, 2]);
  });

  it('counts p99 only when the operator ran turns since the last sample', async () => {
    const p = pipeline('p', [{ min: 1, max: 4, targetP99Ms: 5 }]);
    // The stats still hold a slow p99 from long ago, but no turn runs: idle, not slow.
    const h = harness([p], () => busy(0, 7, 50));
    await h.run(10);
    expect(h.calls).toEqual([]);
    let turns = 7;
    const moving = harness([p], () => busy(0, ++turns, 50));
    await moving.run(4);
    expect(moving.calls.map((c) => c.reason)).toEqual(['p99 50 ms > 5 ms']);
  });

  it('does not sample stopped pipelines, and starts afresh when they run again', async () => {
    const p = pipeline('p', [{ min: 1, max: 4, targetBacklog: 10 }]);
    p.status = 'stopped';
    let turns = 0;
    const h = harness([p], () => busy(500, ++turns));
    await h.run(10);
    expect(h.reads).toEqual([]);
    p.status = 'running';
    await h.run(2); // a sustained 2 s begins with the first sample after the start
    expect(h.calls).toEqual([]);
    await h.run(1);
    expect(h.calls).toHaveLength(1);
  });

  it('runs one change per pipeline at a time and does not sample a pipeline being rescaled', async () => {
    const p = pipeline('p', [
      { min: 1, max: 4, targetBacklog: 10 },
      { min: 1, max: 4, targetBacklog: 10 },
    ]);
    let turns = 0;
    const h = harness([p], () => busy(500, ++turns));
    let finish!: () => void;
    h.setScale((id, index, to, reason) => {
      h.calls.push({ id, index, to, reason });
      return new Promise<void>((resolve) => {
        finish = () => {
          p.partitions[index] = to;
          resolve();
        };
      });
    });
    await h.run(2);
    const pending = h.autoscaler.tick(); // third over-sample: both operators are due
    expect(h.calls.map((c) => c.index)).toEqual([0]);
    const readsBefore = h.reads.length;
    void h.autoscaler.tick();
    expect(h.reads.length).toBe(readsBefore); // still rescaling: not sampled
    finish();
    await pending;
    h.setScale(async (id, index, to, reason) => {
      h.calls.push({ id, index, to, reason });
      p.partitions[index] = to;
    });
    await h.run(1);
    expect(h.calls.map((c) => c.index)).toEqual([0, 1]);
  });

  it('after a failed change waits a cooldown before trying again', async () => {
    const p = pipeline('p', [{ min: 1, max: 4, targetBacklog: 10 }]);
    let turns = 0;
    const h = harness([p], () => busy(500, ++turns));
    h.setScale(async (id, index, to, reason) => {
      h.calls.push({ id, index, to, reason });
      throw new Error('storage down');
    });
    await h.run(3);
    expect(h.calls).toHaveLength(1);
    await h.run(2);
    expect(h.calls).toHaveLength(1); // cooling down (3 s)
    await h.run(2);
    expect(h.calls).toHaveLength(2);
    expect(h.errors).toHaveLength(2);
  });
});
