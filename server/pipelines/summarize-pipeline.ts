// The control plane's and live views' picture of a pipeline: spec, status, per-operator stats
// (rates, dropped, queue depth, partitions, resident activations, latency percentiles).
import type { Runtime } from '../runtime/runtime.ts';
import type { LivePipeline } from './live-pipeline.ts';
import { OPERATOR_TYPE, operatorKey } from './partition.ts';
import type { THistoryEntry } from './pipeline-history.ts';
import type { SimulationInfo } from './simulator.ts';

export function summarizePipeline(
  runtime: Runtime,
  pipeline: LivePipeline,
  simulation: SimulationInfo | null,
  history: readonly THistoryEntry[] = [],
) {
  const { stats } = pipeline;
  const operators = pipeline.spec.operators.map((op, index) => {
    const counters = stats.operators[index]!;
    let queueDepth = 0;
    let residentActivations = 0;
    for (let partition = 0; partition < pipeline.partitions[index]!; partition++) {
      const resident = runtime.describe(OPERATOR_TYPE, operatorKey(pipeline.id, index, partition));
      if (!resident) continue;
      residentActivations++;
      queueDepth += resident.mailboxDepth;
    }
    const processing = counters.processing.percentiles();
    return {
      index,
      kind: op.kind,
      config: op.config as Record<string, unknown>,
      partitions: pipeline.partitions[index]!,
      autoscale: op.autoscale ?? null,
      eventsIn: counters.eventsIn,
      eventsOut: counters.eventsOut,
      // Filters drop what they reject; windows absorb what they aggregate (not counted as dropped).
      dropped: op.kind === 'filter' ? counters.eventsIn - counters.eventsOut : 0,
      // Records behind the watermark (side stream `late`) and non-finite numbers (`errors`).
      late: counters.late,
      errors: counters.errors,
      rateIn: counters.rateIn,
      rateOut: counters.rateOut,
      queueDepth,
      residentActivations,
      processingP50Ms: processing?.p50 ?? null,
      processingP99Ms: processing?.p99 ?? null,
    };
  });
  const latency = stats.endToEnd.percentiles();
  return {
    id: pipeline.id,
    name: pipeline.spec.name,
    status: pipeline.status,
    keyBy: pipeline.spec.keyBy,
    priority: pipeline.spec.priority,
    createdAt: pipeline.createdAt,
    published: stats.published,
    rejected: stats.rejected,
    publishRate: stats.publishRate,
    sinkOutputs: stats.sinkOutputs,
    latencyP50Ms: latency?.p50 ?? null,
    latencyP99Ms: latency?.p99 ?? null,
    operators,
    simulation,
    history: [...history],
  };
}

export type TPipelineSummary = ReturnType<typeof summarizePipeline>;
