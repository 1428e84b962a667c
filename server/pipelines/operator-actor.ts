// Every operator instance is a virtual actor `pipeline-op/<pipelineId>/<operatorIndex>/<partition>`:
// activated by its first batch, deactivated when idle, its window state durable. A turn processes a
// micro-batch and hands the outputs to the next operator's partitions (by key hash, so per-key order
// holds end to end), waiting for them: that wait is the backpressure between stages.
import { z } from 'zod';
import type { ActorContext } from '../runtime/definition.ts';
import { defineActor } from '../runtime/definition.ts';
import { ActorError } from '../runtime/errors.ts';
import { recordCost } from './chunking.ts';
import {
  emptyOperatorState,
  flushOperator,
  type OperatorState,
  runOperator,
  type TRecord,
} from './operators.ts';
import { setOwn } from './own-record.ts';
import { OPERATOR_TYPE, parseOperatorKey, SINK_TYPE } from './partition.ts';
import { HOP_TIMEOUT_MS, type LivePipelineView, type PipelineLookup, preciseNow } from './pipeline-view.ts';
import { groupByPartition, sendToStage } from './routing.ts';

export { SINK_TYPE };

export interface TBatch {
  records: TRecord[];
  /** Identity of this delivery when the publish was keyed (exactly-once); derived downstream. */
  key?: string;
  /** When the oldest record of the batch was published (end-to-end latency). */
  t0: number;
}

// Internal messages are produced by the engine itself; a structural check is enough and keeps the
// per-batch cost independent of its size.
const ZBatch = z.custom<TBatch>(
  (v) => Array.isArray((v as TBatch | null)?.records),
  'expected { records: [...] }',
);
// Window keys are client sensor ids: they travel as entries, because z.record drops a "__proto__" key.
const ZWindowEntries = z.object({ entries: z.array(z.tuple([z.string(), z.any()])) });

export function createOperatorActor(pipelines: PipelineLookup) {
  const locate = (ctx: ActorContext<OperatorState>) => {
    const { pipelineId, operatorIndex } = parseOperatorKey(ctx.self.key);
    const pipeline = pipelines.find(pipelineId);
    const plan = pipeline?.plans[operatorIndex];
    if (!pipeline || !plan)
      throw new ActorError('NOT_FOUND', `pipeline ${pipelineId} has no operator ${operatorIndex}`);
    return { pipeline, plan, operatorIndex };
  };

  return defineActor({
    type: OPERATOR_TYPE,
    internal: true,
    state: emptyOperatorState,
    idleTimeoutMs: 60_000,
    mailboxCapacity: 256,
    schedulingGroup: (key) => `pipeline:${parseOperatorKey(key).pipelineId}`,
    actions: {
      process: {
        description: 'Runs the operator over a micro-batch and forwards its outputs (internal).',
        input: ZBatch,
        handler: async (ctx, batch) => {
          const { pipeline, plan, operatorIndex } = locate(ctx);
          const started = performance.now();
          const out: TRecord[] = [];
          runOperator(plan, ctx.state, batch.records, out);
          const counters = pipeline.stats.operators[operatorIndex]!;
          counters.eventsIn += batch.records.length;
          counters.eventsOut += out.length;
          counters.turns++;
          const elapsed = performance.now() - started;
          counters.processing.add(elapsed);
          recordCost(counters, batch.records.length, elapsed);
          await forward(ctx, pipeline, operatorIndex, out, batch.t0, batch.key);
          return out.length;
        },
      },
      flush: {
        description: 'Emits open time windows downstream (internal).',
        input: z.object({}),
        handler: async (ctx) => {
          const { pipeline, plan, operatorIndex } = locate(ctx);
          const out: TRecord[] = [];
          flushOperator(plan, ctx.state, out);
          pipeline.stats.operators[operatorIndex]!.eventsOut += out.length;
          await forward(ctx, pipeline, operatorIndex, out, preciseNow());
          return out.length;
        },
      },
      exportWindows: {
        description: 'Returns the per-key window state as [key, window] entries (rescaling).',
        input: z.object({}),
        handler: (ctx) => Object.entries(ctx.state.windows),
      },
      replaceWindows: {
        description: 'Replaces the per-key window state with the given entries (rescaling).',
        input: ZWindowEntries,
        handler: (ctx, { entries }) => {
          const windows: OperatorState['windows'] = {};
          for (const [key, window] of entries) setOwn(windows, key, window);
          ctx.state.windows = windows;
          return entries.length;
        },
      },
    },
  });
}

/** Sends outputs to the next operator's partitions (grouped by key hash) or to the sink. */
async function forward(
  ctx: ActorContext<OperatorState>,
  pipeline: LivePipelineView,
  operatorIndex: number,
  out: TRecord[],
  t0: number,
  key?: string,
): Promise<void> {
  if (out.length === 0) return;
  const next = operatorIndex + 1;
  const plan = pipeline.plans[next];
  if (!plan) {
    // Outputs are a deterministic function of committed state and input, so a retried delivery
    // produces the same message under the same derived key: the sink applies it once.
    const sinkKey = key === undefined ? undefined : `${key}>sink`;
    const options = { timeoutMs: HOP_TIMEOUT_MS, idempotencyKey: sinkKey };
    await ctx.get(SINK_TYPE, pipeline.id).ask('emit', { records: out, t0 }, options);
    return;
  }
  await sendToStage(ctx.get.bind(ctx), pipeline, next, groupByPartition(pipeline, next, out), t0, key);
}
