// Property tests rescale random operators; without a key, an operator at or before a window must
// stay on one partition, and the engine must say so rather than rescale.
import { expect } from 'vitest';
import type { PipelineManager } from '../manager.ts';
import { mayRunParallelWithoutKey } from '../spec.ts';
import type { RefPipeline } from './reference.ts';

/** Rescales, or (keyBy null, an operator at or before a window) checks the engine refuses to. */
export async function scaleOrExpectRefusal(
  pipelines: PipelineManager,
  id: string,
  spec: Required<RefPipeline>,
  operatorIndex: number,
  partitions: number,
): Promise<void> {
  const allowed =
    partitions === 1 || spec.keyBy !== null || mayRunParallelWithoutKey(spec.operators, operatorIndex);
  const scaling = pipelines.scale(id, operatorIndex, partitions);
  if (allowed) await scaling;
  else await expect(scaling).rejects.toMatchObject({ code: 'BAD_INPUT' });
}
