// Cluster mode: every pipeline procedure runs on the pipeline's home node (server/pipelines/
// pipeline-placement.ts), whichever node the call entered: forwarded there over NATS and answered
// with what the home answered. On one node, and for a call already forwarded, it runs here.
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
  const home = cluster.homeOf(pipelineGroup(input.id));
  if (ctx.forwarded || home === cluster.id) {
    await ctx.troupe.pipelines.ensureLoaded(input.id);
    return local();
  }
  return (await cluster.forwardProcedure(home, `pipelines.${procedure}`, input)) as T;
}

/** True when pipeline `id` runs on this node (always, outside cluster mode). */
export function isPipelineHome(troupe: Troupe, id: string): boolean {
  return !troupe.cluster || troupe.cluster.homeOf(pipelineGroup(id)) === troupe.cluster.id;
}
