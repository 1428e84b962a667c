// Key -> partition. FNV-1a is stable across processes and restarts (routing must not change when
// the process does), cheap, and spreads short sensor ids well.

export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function partitionOf(key: string, partitions: number): number {
  return partitions <= 1 ? 0 : hashKey(key) % partitions;
}

/** The actor type of every operator instance (operator-actor.ts). */
export const OPERATOR_TYPE = 'pipeline-op';

/**
 * The actor type of each pipeline's sink, keyed by the pipeline id (sink-actor.ts). Defined here,
 * in a file without runtime imports, so the dashboard can link to it.
 */
export const SINK_TYPE = 'pipeline-sink';

/** Operator actor keys: `<pipelineId>/<operatorIndex>/<partition>`. */
export const operatorKey = (pipelineId: string, operatorIndex: number, partition: number) =>
  `${pipelineId}/${operatorIndex}/${partition}`;

export function parseOperatorKey(key: string): {
  pipelineId: string;
  operatorIndex: number;
  partition: number;
} {
  const [pipelineId = '', operatorIndex = '', partition = ''] = key.split('/');
  return { pipelineId, operatorIndex: Number(operatorIndex), partition: Number(partition) };
}
