// Published records into the first operator: grouped by key hash (per-key order holds end to end),
// sent to each partition in chunks. A keyed run derives each message's idempotency key from the
// batchId and the partition, so re-driving the same records under the same partitioning (a pending
// batch after a crash) is applied once by every stage.
import type { Runtime } from '../runtime/runtime.ts';
import { chunkSize, sendInChunks } from './chunking.ts';
import { declaredCost, OPERATOR_TYPE } from './operator-actor.ts';
import { keyOf, type TRecord } from './operators.ts';
import { operatorKey, partitionOf } from './partition.ts';
import { type LivePipelineView, preciseNow } from './pipeline-view.ts';

export function groupForFirstStage(pipeline: LivePipelineView, records: TRecord[]): Map<number, TRecord[]> {
  const plan = pipeline.plans[0]!;
  const partitions = pipeline.partitions[0]!;
  const groups = new Map<number, TRecord[]>();
  for (const record of records) {
    const partition = partitionOf(keyOf(plan, record), partitions);
    const group = groups.get(partition);
    if (group) group.push(record);
    else groups.set(partition, [record]);
  }
  return groups;
}

export async function sendToFirstStage(
  runtime: Runtime,
  pipeline: LivePipelineView,
  groups: Map<number, TRecord[]>,
  batchId?: string,
): Promise<void> {
  const t0 = preciseNow();
  const size = chunkSize(
    pipeline.stats.operators[0],
    declaredCost(pipeline.plans[0]!),
    batchId !== undefined,
  );
  await Promise.all(
    [...groups].map(([partition, records]) =>
      sendInChunks(
        runtime.get(OPERATOR_TYPE, operatorKey(pipeline.id, 0, partition)),
        records,
        t0,
        size,
        batchId === undefined ? undefined : `${batchId}>0:${partition}`,
      ),
    ),
  );
}
