// Cluster mode places a pipeline whole: its operator partitions and its sink live on the pipeline's
// home node, next to the manager that routes its events, so a batch crosses its stages without a
// network hop and a rescale stays the local, exactly-once operation it is on one node. Different
// pipelines spread over the nodes.
import { actorId } from '../runtime/storage.ts';
import { OPERATOR_TYPE, parseOperatorKey, SINK_TYPE } from './partition.ts';

/** The placement group of a pipeline's actors. */
export const pipelineGroup = (id: string) => `pipeline:${id}`;

/** What an actor is placed by: its pipeline for operators and sinks, its identity otherwise. */
export function placementKeyOf(type: string, key: string): string {
  if (type === OPERATOR_TYPE) return pipelineGroup(parseOperatorKey(key).pipelineId);
  if (type === SINK_TYPE) return pipelineGroup(key);
  return actorId(type, key);
}
