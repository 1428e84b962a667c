// Cluster mode: every pipeline procedure runs on the pipeline's home node (server/pipelines/
// pipeline-placement.ts), whichever node the call entered: forwarded there over NATS and answered
// with what the home answered. On one node, and for a call already forwarded, it runs here.
import { pipelineHolderNamedBy } from '../pipelines/pipeline-holding.ts';
import { pipelineGroup } from '../pipelines/pipeline-placement.ts';
import type { Troupe } from '../troupe.ts';
import type { TContext } from './context.ts';

/** The pipelines.* procedures that name a pipeline (routers/pipelines.ts). */
const PIPELINE_PROCEDURES = [
  'get',
  'start',
  'stop',
  'delete',
  'scale',
  'publish',
  'flush',
  'results',
  'simulate',
] as const;
export type PipelineProcedure = (typeof PIPELINE_PROCEDURES)[number];

export function isPipelineProcedure(name: string | undefined): name is PipelineProcedure {
  return (PIPELINE_PROCEDURES as readonly (string | undefined)[]).includes(name);
}

/** Runs `local` where pipeline `id` lives: here (loading it if needed), or forwarded to its home. */
export async function atPipelineHome<T>(
  ctx: TContext,
  procedure: PipelineProcedure,
  input: { id: string },
  local: () => T | Promise<T>,
): Promise<T> {
  const cluster = ctx.troupe.cluster;
  if (!cluster) return local();
  // While views differ, the node a call reaches may not be the one holding the pipeline: its refusal
  // names the holder (pipeline-holding.ts) and the call follows, at most MAX_HOPS times.
  let target = cluster.homeOf(pipelineGroup(input.id));
  for (let hop = 0; ; hop++) {
    try {
      if (target !== cluster.id && !ctx.forwarded) {
        return (await cluster.forwardProcedure(target, `pipelines.${procedure}`, input)) as T;
      }
      await ctx.troupe.pipelines.ensureLoaded(input.id);
    } catch (error) {
      const holder = pipelineHolderNamedBy(error);
      if (ctx.forwarded || !holder || holder === target || hop >= MAX_HOPS) throw error;
      target = holder;
      continue;
    }
    return local();
  }
}

const MAX_HOPS = 3;

/** True when pipeline `id` runs on this node (always, outside cluster mode). */
export function isPipelineHome(troupe: Troupe, id: string): boolean {
  return !troupe.cluster || troupe.cluster.homeOf(pipelineGroup(id)) === troupe.cluster.id;
}
