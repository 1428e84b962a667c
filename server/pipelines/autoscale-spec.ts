// The `autoscale` option of an operator (Dirigo's self-scaling): the controller (autoscaler.ts)
// keeps the operator's partitions within [min, max], driven by its backlog or its latency.
import { z } from 'zod';

export const ZAutoscaleSchema = z
  .strictObject({
    min: z.number().int().min(1).max(64),
    max: z.number().int().min(1).max(64),
    /** Records waiting per partition above which the operator scales up. */
    targetBacklog: z.number().int().min(1).max(1_000_000).optional(),
    /** The operator's p99 processing latency (ms) above which it scales up. */
    targetP99Ms: z.number().min(0.01).max(60_000).optional(),
  })
  .refine((a) => a.min <= a.max, 'autoscale: min must be <= max');
export type TAutoscale = z.infer<typeof ZAutoscaleSchema>;

/** Where an operator's partitions start at create: its `partitions`, clamped into [min, max]. */
export function clampToAutoscale(partitions: number, autoscale: TAutoscale | undefined): number {
  return autoscale ? Math.min(autoscale.max, Math.max(autoscale.min, partitions)) : partitions;
}
