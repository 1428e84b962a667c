// A pipeline as the engine runs it: spec, plans, current partitions, stats, and the intake gate
// (publishes in flight, and a barrier that rescale and delete raise to quiesce the pipeline).
import { type OperatorPlan, planOperators } from './operators.ts';
import type { LivePipelineView } from './pipeline-view.ts';
import type { RescaleIntent } from './rescale.ts';
import type { TPipelineSpec } from './spec.ts';
import { PipelineStats } from './stats.ts';

export type TPipelineStatus = 'running' | 'stopped';

export class LivePipeline implements LivePipelineView {
  readonly plans: OperatorPlan[];
  partitions: number[];
  readonly stats: PipelineStats;
  /** A rescale whose intent is durable but not yet fully applied: nothing runs until it is. */
  unappliedRescale: RescaleIntent | null = null;
  private inFlight = 0;
  private drained: (() => void)[] = [];
  private barrier: Promise<void> | null = null;

  constructor(
    readonly id: string,
    public spec: TPipelineSpec,
    public status: TPipelineStatus,
    readonly createdAt: number,
  ) {
    this.plans = planOperators(spec);
    this.partitions = spec.operators.map((op) => op.partitions);
    this.stats = new PipelineStats(spec.operators.length);
  }

  /** Runs `publish` through the intake gate: it waits while a barrier is up. */
  async admit<T>(publish: () => Promise<T>): Promise<T> {
    while (this.barrier) await this.barrier;
    this.inFlight++;
    try {
      return await publish();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  /** Holds new publishes, waits for in-flight ones (the pipeline is then quiescent), runs `work`. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.barrier) await this.barrier;
    let lower!: () => void;
    this.barrier = new Promise((resolve) => {
      lower = resolve;
    });
    try {
      if (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      return await work();
    } finally {
      this.barrier = null;
      lower();
    }
  }
}
