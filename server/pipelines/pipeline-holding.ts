// Cluster mode: one live node at a time runs (holds) a pipeline, so there is one live copy of its
// intake gate, rescale barrier and partition counts. Holding is a claim in the cluster's database,
// like an actor's ownership (server/cluster/ownership.ts): a node loads a pipeline only once it
// holds it, and the pipeline's operators and sink activate only on the node that holds it
// (cluster-placement.ts). The ring's choice (homeOf) says where a pipeline SHOULD run; the holder is
// where it DOES run, and the two agree once every node sees the same membership.
import type { ClusterNode } from '../cluster/cluster-node.ts';
import type { GroupAdoption } from '../cluster/cluster-placement.ts';
import { ActorError, isActorError } from '../runtime/errors.ts';
import { pipelineGroup } from './pipeline-placement.ts';

export type { GroupAdoption };

export interface PipelineHolding {
  /** This node's id. */
  readonly node: string;
  /** The node the ring picks for pipeline `id`, as this node sees the membership. */
  homeOf(id: string): string;
  /** Resolves once this node holds `id` (at once if it does); rejects retriably naming the holder. */
  hold(id: string): Promise<void>;
  /** The pipeline's actors stop activating here (a hand-off); the claim stays until release. */
  close(id: string): void;
  /** Gives the claim up: the next node may take the pipeline. */
  release(id: string): void;
  /** How this node brings pipeline `id` here when one of its actors is to activate here without it. */
  onAdopt(adopt: (id: string) => Promise<GroupAdoption>): void;
}

/** The holder an error names when a pipeline call reached a node that does not (or no longer) run it. */
export function pipelineHolderNamedBy(error: unknown): string | undefined {
  if (!isActorError(error) || error.code !== 'UNAVAILABLE') return undefined;
  const holder = (error.details as { pipelineHolder?: unknown } | undefined)?.pipelineHolder;
  return typeof holder === 'string' ? holder : undefined;
}

/** A retriable refusal of a pipeline call: it runs (or is going) to `holder`, to retry there. */
export function pipelineElsewhere(id: string, holder: string | undefined, here: string): ActorError {
  const named = holder === here ? undefined : holder;
  const message = named
    ? `pipeline "${id}" runs on node ${named}; retry there`
    : `pipeline "${id}" is moving between nodes; retry`;
  return new ActorError('UNAVAILABLE', message, { retriable: true, pipelineHolder: named });
}

/** Pipeline groups (`pipeline:<id>`) held through the cluster node's ownership. */
export function clusterPipelineHolding(cluster: ClusterNode): PipelineHolding {
  const PREFIX = pipelineGroup('');
  return {
    node: cluster.id,
    homeOf: (id) => cluster.homeOf(pipelineGroup(id)),
    async hold(id) {
      try {
        await cluster.ownership.holdGroup(pipelineGroup(id));
      } catch (error) {
        const owner = isActorError(error)
          ? (error.details as { owner?: unknown } | undefined)?.owner
          : undefined;
        throw pipelineElsewhere(id, typeof owner === 'string' ? owner : undefined, cluster.id);
      }
    },
    close: (id) => cluster.ownership.closeGroup(pipelineGroup(id)),
    release: (id) => cluster.ownership.releaseGroup(pipelineGroup(id)),
    onAdopt(adopt) {
      cluster.placement.adoptGroupsWith(async (group) =>
        group.startsWith(PREFIX) ? adopt(group.slice(PREFIX.length)) : 'elsewhere',
      );
    },
  };
}
