// What operator and sink actors need to know about a running pipeline, without depending on the
// manager that owns it (the manager implements this view).
import type { OperatorPlan } from './operators.ts';
import type { PipelineStats } from './stats.ts';

export interface LivePipelineView {
  id: string;
  plans: OperatorPlan[];
  /** Current partition count of each operator. */
  partitions: number[];
  stats: PipelineStats;
}

export interface PipelineLookup {
  find(pipelineId: string): LivePipelineView | undefined;
}

/** Epoch ms with sub-millisecond resolution, for latencies measured across turns. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** Internal hops never time out on their own: backpressure bounds them, not deadlines. */
export const HOP_TIMEOUT_MS = 10 * 60_000;
