// What operator and sink actors need to know about a running pipeline, without depending on the
// manager that owns it (the manager implements this view).
import type { ActorError } from '../runtime/errors.ts';
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
  /**
   * What an operator or sink turn throws when `find` misses (or names no such operator): NOT_FOUND
   * on one node or when the pipeline is here; in cluster mode, when the pipeline is not held here,
   * a retriable UNAVAILABLE naming its home as this node sees it, which the message follows (and
   * this stray activation is let go, so the holder can claim the actor).
   */
  missing(actor: { type: string; key: string }, message: string): ActorError;
}

/** Epoch ms with sub-millisecond resolution, for latencies measured across turns. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** Internal hops never time out on their own: backpressure bounds them, not deadlines. */
export const HOP_TIMEOUT_MS = 10 * 60_000;
