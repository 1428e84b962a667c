// pipelines.*: create, run, observe, rescale and feed stream pipelines. Thin: the engine is
// server/pipelines/manager.ts; errors are mapped once in trpc.ts. Every input rejects unknown fields.
import { z } from 'zod';
import { refineSimulation, SIMULATION_FIELDS } from '../../pipelines/simulation-options.ts';
import { strictObject, ZPipelineSpecSchema, ZSensorEventSchema } from '../../pipelines/spec.ts';
import { PIPELINE_STREAMS } from '../../pipelines/streams.ts';
import { atPipelineHome, isPipelineHome } from '../pipeline-home.ts';
import { authedProcedure, router } from '../trpc.ts';

const ZPipelineId = strictObject({ id: z.string().min(1).max(64) });
const ZOk = z.object({ ok: z.literal(true) });

const ZOperatorSummary = z.object({
  index: z.number(),
  kind: z.enum(['map', 'filter', 'reduce', 'window']),
  config: z.record(z.string(), z.unknown()),
  partitions: z.number(),
  /** The operator's self-scaling bounds and targets (docs/concepts.md, "Self-scaling"); null: fixed. */
  autoscale: z
    .object({
      min: z.number(),
      max: z.number(),
      targetBacklog: z.number().optional(),
      targetP99Ms: z.number().optional(),
    })
    .nullable(),
  eventsIn: z.number(),
  eventsOut: z.number(),
  dropped: z.number(),
  late: z.number(),
  errors: z.number(),
  rateIn: z.number(),
  rateOut: z.number(),
  queueDepth: z.number(),
  residentActivations: z.number(),
  processingP50Ms: z.number().nullable(),
  processingP99Ms: z.number().nullable(),
});

const ZSimulation = z.object({
  ratePerSec: z.number(),
  sensors: z.number(),
  durationS: z.number().optional(),
  seed: z.number(),
  min: z.number(),
  max: z.number(),
  outOfOrderMs: z.number(),
  outOfOrderRatio: z.number(),
  lateRatio: z.number(),
  lateByMs: z.number(),
  startedAt: z.number(),
  endsAt: z.number().nullable(),
  sent: z.number(),
  rejected: z.number(),
  skippedTicks: z.number(),
  /** Events delivered out of order / late (also counted in sent or rejected). */
  delayed: z.number(),
  late: z.number(),
});

/** One entry of a pipeline's history; `scaled` says which operator, from and to what, and why. */
const ZHistoryEntry = z.discriminatedUnion('kind', [
  z.object({ at: z.number(), kind: z.enum(['created', 'started', 'stopped']) }),
  z.object({
    at: z.number(),
    kind: z.literal('scaled'),
    operator: z.number(),
    from: z.number(),
    to: z.number(),
    /** 'manual', or what the autoscaler saw: 'backlog 1234 > 500 per partition', 'idle: backlog 0'. */
    reason: z.string(),
  }),
]);

const ZPipelineSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['running', 'stopped']),
  keyBy: z.enum(['sensorId']).nullable(),
  priority: z.number(),
  createdAt: z.number(),
  published: z.number(),
  rejected: z.number(),
  publishRate: z.number(),
  sinkOutputs: z.number(),
  latencyP50Ms: z.number().nullable(),
  latencyP99Ms: z.number().nullable(),
  operators: z.array(ZOperatorSummary),
  simulation: ZSimulation.nullable(),
  /** Durable, oldest first, the last 200 entries. */
  history: z.array(ZHistoryEntry),
});

export const pipelinesRouter = router({
  create: authedProcedure
    .input(ZPipelineSpecSchema)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.troupe.pipelines.create(input);
      // Cluster mode: the pipeline runs on its home node, which loads it with its first call.
      if (!isPipelineHome(ctx.troupe, created.id)) ctx.troupe.pipelines.unload(created.id);
      return created;
    }),

  list: authedProcedure.output(z.array(ZPipelineSummary)).query(async ({ ctx }) => {
    const { pipelines, cluster } = ctx.troupe;
    if (!cluster || ctx.forwarded) return pipelines.all().map((p) => pipelines.summarize(p.id));
    const summaries = await Promise.allSettled(
      (await pipelines.storedIds()).map((id) =>
        atPipelineHome(ctx, 'get', { id }, () => pipelines.summarize(id)),
      ),
    );
    // One whose home just died is left out for a lease, rather than failing the whole list.
    return summaries.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }),

  /**
   * One pipeline: status, counters, each operator's partitions and `autoscale` bounds (null when
   * fixed), and its `history`: created, started, stopped and scaled (operator, from, to, reason:
   * 'manual' or what the autoscaler saw), durable, oldest first, the last 200.
   */
  get: authedProcedure
    .input(ZPipelineId)
    .output(ZPipelineSummary)
    .query(({ ctx, input }) =>
      atPipelineHome(ctx, 'get', input, () => ctx.troupe.pipelines.summarize(input.id)),
    ),

  start: authedProcedure
    .input(ZPipelineId)
    .output(ZOk)
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'start', input, async () => {
        await ctx.troupe.pipelines.setStatus(input.id, 'running');
        return { ok: true as const };
      }),
    ),

  /** Pauses intake (publish then fails PRECONDITION_FAILED) and ends any simulation. Idempotent. */
  stop: authedProcedure
    .input(ZPipelineId)
    .output(ZOk)
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'stop', input, async () => {
        await ctx.troupe.pipelines.setStatus(input.id, 'stopped');
        return { ok: true as const };
      }),
    ),

  delete: authedProcedure
    .input(ZPipelineId)
    .output(ZOk)
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'delete', input, async () => {
        await ctx.troupe.pipelines.delete(input.id);
        return { ok: true as const };
      }),
    ),

  /**
   * Sets an operator's partition count while the pipeline runs, exactly (keys move with their
   * state). An operator with `autoscale` takes only a count within its [min, max] (BAD_REQUEST
   * otherwise); its autoscaler carries on from there after a cooldown.
   */
  scale: authedProcedure
    .input(
      ZPipelineId.extend({
        operatorIndex: z.number().int().min(0),
        partitions: z.number().int().min(1).max(64),
      }),
    )
    .output(ZOk)
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'scale', input, async () => {
        await ctx.troupe.pipelines.scale(input.id, input.operatorIndex, input.partitions);
        return { ok: true as const };
      }),
    ),

  /**
   * Resolves once the events went through every stage; TOO_MANY_REQUESTS when the intake is full.
   * A retried batchId answers `accepted: 0, duplicates: n` and is not applied again.
   */
  publish: authedProcedure
    .input(
      ZPipelineId.extend({
        events: z.array(ZSensorEventSchema).max(10_000),
        /**
         * Makes the publish exactly-once: a retry of the same batchId (with the same events) is
         * applied at most once, across rescales and restarts, for 24 h; other events: CONFLICT.
         */
        batchId: z.string().min(1).max(64).optional(),
      }),
    )
    .output(
      z.object({
        /** Events run through the pipeline by this call. */
        accepted: z.number(),
        /** Events of an already published batchId: not applied again. */
        duplicates: z.number(),
      }),
    )
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'publish', input, () =>
        ctx.troupe.pipelines.publish(input.id, input.events, input.batchId),
      ),
    ),

  /**
   * Closes every key now, stage by stage: open time windows fire (a record for them arriving
   * afterwards is late), incomplete count windows are emitted where emitPartial is set.
   */
  flush: authedProcedure
    .input(ZPipelineId)
    .output(ZOk)
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'flush', input, async () => {
        await ctx.troupe.pipelines.flush(input.id);
        return { ok: true as const };
      }),
    ),

  results: authedProcedure
    .input(
      ZPipelineId.extend({
        afterSeq: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
        /** `late`: records behind the watermark; `errors`: numbers that left the finite range. */
        stream: z.enum(PIPELINE_STREAMS).default('results'),
      }),
    )
    .output(
      z.object({
        items: z.array(z.object({ seq: z.number(), output: z.record(z.string(), z.unknown()) })),
        nextSeq: z.number(),
      }),
    )
    .query(({ ctx, input }) =>
      atPipelineHome(ctx, 'results', input, () =>
        ctx.troupe.pipelines.results(input.id, input.afterSeq, input.limit, input.stream),
      ),
    ),

  /**
   * Starts the built-in sensor source (replacing a running one) at `ratePerSec` over `sensors` keys,
   * optionally for `durationS`: seeded (same seed and options, same events), every sensor in turn,
   * strictly increasing `ts` per sensor, values within [`min`, `max`], optionally delivered out of
   * order or late. `ratePerSec: 0` stops it. See docs/concepts.md, "Simulator".
   */
  simulate: authedProcedure
    .input(
      ZPipelineId.extend({
        /** Events per second; 0 stops the simulator (the pipeline keeps running). */
        ratePerSec: z
          .number()
          .min(0)
          .max(1_000_000)
          .refine((rate) => rate === 0 || rate >= 0.1, 'ratePerSec must be 0 (stop) or at least 0.1')
          .describe(
            'Events per second over all sensors; 0 stops the simulator (the pipeline keeps running).',
          ),
        ...SIMULATION_FIELDS,
      }).superRefine(refineSimulation),
    )
    .output(ZOk)
    .mutation(({ ctx, input }) =>
      atPipelineHome(ctx, 'simulate', input, () => {
        const { id, ...options } = input;
        if (options.ratePerSec === 0)
          ctx.troupe.pipelines.stopSimulation(ctx.troupe.pipelines.require(id).id);
        else ctx.troupe.pipelines.simulate(id, options);
        return { ok: true as const };
      }),
    ),
});
