// Every operator instance is a virtual actor `pipeline-op/<pipelineId>/<operatorIndex>/<partition>`:
// activated by its first batch, deactivated when idle, its window state durable. A turn processes a
// micro-batch and hands the outputs to the next operator's partitions (by key hash, so per-key order
// holds end to end), waiting for them: that wait is the backpressure between stages.
import { z } from 'zod';
import type { ActorContext } from '../runtime/definition.ts';
import { defineActor } from '../runtime/definition.ts';
import { recordCost } from './chunking.ts';
import { type OperatorOffload, shouldOffload } from './operator-workers.ts';
import {
  closeKeys,
  type Emitter,
  emptyOperatorState,
  nextTimeout,
  type OperatorPlan,
  type OperatorState,
  runOperator,
  type SideEntry,
  type TRecord,
  timeoutOf,
  upgradeState,
} from './operators.ts';
import { setOwn } from './own-record.ts';
import { OPERATOR_TYPE, parseOperatorKey, SINK_TYPE } from './partition.ts';
import { HOP_TIMEOUT_MS, type LivePipelineView, type PipelineLookup, preciseNow } from './pipeline-view.ts';
import { groupByPartition, sendToStage } from './routing.ts';
import type { KeyState } from './window-state.ts';

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

/** `workers`: the operator worker pool, if any (operator-workers.ts); read at each turn. */
export function createOperatorActor(
  pipelines: PipelineLookup,
  workers: () => OperatorOffload | undefined = () => undefined,
) {
  const locate = (ctx: ActorContext<OperatorState>) => {
    const { pipelineId, operatorIndex } = parseOperatorKey(ctx.self.key);
    const pipeline = pipelines.find(pipelineId);
    const plan = pipeline?.plans[operatorIndex];
    if (!pipeline || !plan)
      throw pipelines.missing(ctx.self, `pipeline ${pipelineId} has no operator ${operatorIndex}`);
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
          ctx.state = upgradeState(ctx.state);
          const started = performance.now();
          const counters = pipeline.stats.operators[operatorIndex]!;
          const pool = workers();
          let emit: Emitter = { out: [], side: [] };
          let cost: number;
          const offload = pool && shouldOffload(plan, counters.costPerEventMs, batch.records.length);
          if (offload && !pool.ready) pool.prepare(); // this batch still runs here
          if (offload && pool.ready) {
            // An expensive map or filter batch runs on a worker thread while the event loop serves
            // other pipelines; this turn still holds the actor until the outputs are back.
            const done = await pool.run(pipeline.id, plan, batch.records, ctx.now());
            emit = { out: done.out, side: done.side };
            cost = done.elapsedMs;
          } else {
            runOperator(plan, ctx.state, batch.records, emit, ctx.now());
            cost = performance.now() - started;
          }
          counters.eventsIn += batch.records.length;
          counters.turns++;
          counters.processing.add(performance.now() - started);
          recordCost(counters, batch.records.length, cost);
          armTimeout(ctx, plan);
          await deliver(ctx, pipeline, operatorIndex, emit, batch.t0, batch.key);
          return emit.out.length;
        },
      },
      flush: {
        description:
          'Closes every key: fires open time windows, emits partial ones if configured (internal).',
        input: z.object({}),
        handler: async (ctx) => {
          const { pipeline, plan, operatorIndex } = locate(ctx);
          ctx.state = upgradeState(ctx.state);
          const emit: Emitter = { out: [], side: [] };
          closeKeys(plan, ctx.state, emit);
          await deliver(ctx, pipeline, operatorIndex, emit, preciseNow());
          return emit.out.length;
        },
      },
      timeout: {
        description: 'Closes the keys that have been quiet for timeoutMs (a durable alarm; internal).',
        input: z.unknown(),
        handler: async (ctx) => {
          const { pipeline, plan, operatorIndex } = locate(ctx);
          ctx.state = upgradeState(ctx.state);
          delete ctx.state.timerAt;
          const timeoutMs = timeoutOf(plan);
          const emit: Emitter = { out: [], side: [] };
          if (timeoutMs !== undefined) closeKeys(plan, ctx.state, emit, ctx.now() - timeoutMs);
          armTimeout(ctx, plan);
          // The turn's number names what it forwards: a retried timeout turn (its state rolled back)
          // sends the same messages under the same keys, and downstream applies them once.
          const turn = (ctx.state.timeouts ?? 0) + 1;
          ctx.state.timeouts = turn;
          await deliver(ctx, pipeline, operatorIndex, emit, preciseNow(), `${ctx.self.key}@timeout${turn}`);
          return emit.out.length;
        },
      },
      exportWindows: {
        description: 'Returns the per-key state as [key, state] entries (rescaling).',
        input: z.object({}),
        handler: (ctx) => Object.entries(upgradeState(ctx.state).keys),
      },
      replaceWindows: {
        description: 'Replaces the per-key state with the given entries (rescaling).',
        input: ZWindowEntries,
        handler: (ctx, { entries }) => {
          const keys: OperatorState['keys'] = {};
          for (const [key, keyState] of entries) setOwn(keys, key, keyState as KeyState);
          // The timeout-turn count survives: it names what timeout turns forward, and a number
          // reused after a rescale would be taken downstream for a retry and dropped.
          ctx.state = { keys, timeouts: ctx.state.timeouts };
          // Keys that moved here may be waiting for a timeout: arm one for them, and only one.
          ctx.schedule.cancel('timeout');
          const { plan } = locate(ctx);
          armTimeout(ctx, plan);
          return entries.length;
        },
      },
    },
  });
}

/**
 * Schedules the timeout alarm for the earliest quiet key. A pending one is never later than needed:
 * a key's deadline only moves later with each record, and a new key's is now + timeoutMs.
 */
function armTimeout(ctx: ActorContext<OperatorState>, plan: OperatorPlan): void {
  if (ctx.state.timerAt !== undefined) return;
  const due = nextTimeout(plan, ctx.state);
  if (due === null) return;
  ctx.schedule({ at: due }, 'timeout', {});
  ctx.state.timerAt = due;
}

/** Forwards outputs downstream and side entries (late records, errors) to the sink. */
async function deliver(
  ctx: ActorContext<OperatorState>,
  pipeline: LivePipelineView,
  operatorIndex: number,
  emit: Emitter,
  t0: number,
  key?: string,
): Promise<void> {
  const counters = pipeline.stats.operators[operatorIndex]!;
  counters.eventsOut += emit.out.length;
  await forward(ctx, pipeline, operatorIndex, emit.out, t0, key);
  if (emit.side.length > 0) {
    for (const { stream } of emit.side) counters[stream]++;
    await sendSide(ctx, pipeline, emit.side, key);
  }
}

function sendSide(
  ctx: ActorContext<OperatorState>,
  pipeline: LivePipelineView,
  side: SideEntry[],
  key?: string,
): Promise<unknown> {
  const options = {
    timeoutMs: HOP_TIMEOUT_MS,
    idempotencyKey: key === undefined ? undefined : `${key}>side`,
  };
  return ctx.get(SINK_TYPE, pipeline.id).ask('side', { entries: side }, options);
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
