// How records reach an operator stage, from a publish or from the stage before: grouped by the
// hash of their window key (their sensor, for map and filter) (so per-key order holds end to end), each partition's group sent in
// cost-aware chunks (chunking.ts). A keyed delivery derives each message's idempotency key from
// its own key, the stage and the partition, so re-driving the same records under the same
// partitioning (a pending batch after a crash) is applied once by every stage.
import type { ActorRefLike } from '../runtime/definition.ts';
import { chunkSize, sendInChunks } from './chunking.ts';
import { type OperatorPlan, routingKeyOf, type TRecord } from './operators.ts';
import { OPERATOR_TYPE, operatorKey, partitionOf } from './partition.ts';
import type { LivePipelineView } from './pipeline-view.ts';

/** A ref to an actor: the runtime's (publishing) or a turn's (`ctx.get`, forwarding). */
export type RefFor = (type: string, key: string) => ActorRefLike;

export function groupByPartition(
  pipeline: LivePipelineView,
  stage: number,
  records: TRecord[],
): Map<number, TRecord[]> {
  const plan = pipeline.plans[stage]!;
  const partitions = pipeline.partitions[stage]!;
  const groups = new Map<number, TRecord[]>();
  for (const record of records) {
    const partition = partitionOf(routingKeyOf(plan, record), partitions);
    const group = groups.get(partition);
    if (group) group.push(record);
    else groups.set(partition, [record]);
  }
  return groups;
}

/** Sends each partition's group to its operator actor; resolves once every stage downstream is done. */
export async function sendToStage(
  refFor: RefFor,
  pipeline: LivePipelineView,
  stage: number,
  groups: Map<number, TRecord[]>,
  t0: number,
  key?: string,
): Promise<void> {
  const size = chunkSize(
    pipeline.stats.operators[stage],
    declaredCost(pipeline.plans[stage]!),
    key !== undefined,
  );
  await Promise.all(
    [...groups].map(([partition, records]) =>
      sendInChunks(
        refFor(OPERATOR_TYPE, operatorKey(pipeline.id, stage, partition)),
        records,
        t0,
        size,
        key === undefined ? undefined : `${key}>${stage}:${partition}`,
      ),
    ),
  );
}

/** The cost an operator declares (map costMs), used for deterministic chunking of keyed deliveries. */
function declaredCost(plan: OperatorPlan): number {
  return plan.op.kind === 'map' ? (plan.op.config.costMs ?? 0) : 0;
}
