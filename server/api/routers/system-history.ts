// The Overview's recent past, for a page that just opened: the last five minutes of one-second
// metrics samples (with the summary tiles' current figures) and the newest lifecycle transitions.
// Live updates continue over socket.io ('metrics:tick', 'overview:summary', 'lifecycle:batch') with
// the same samples and the same event numbers, so a page merges both without gaps or duplicates.
import { z } from 'zod';
import { summarizeOverview } from '../../observability/overview-summary.ts';
import { HISTORY_LIFECYCLE } from '../../observability/recent-history.ts';
import { readRecentLifecycle } from '../../observability/recent-lifecycle.ts';
import { LIFECYCLE_REASONS, TRANSITIONS } from '../../runtime/lifecycle.ts';
import { ZNodeLoadSchema, ZNoInputSchema } from '../schemas.ts';
import { authedProcedure } from '../trpc.ts';

const ZMs = z.number().nullable();

const ZMetricsTickSchema = z.object({
  at: z.number(),
  residentActivations: z.number(),
  turnsPerSec: z.number(),
  failedTurnsPerSec: z.number(),
  activationsPerSec: z.number(),
  deactivationsPerSec: z.number(),
  mailboxDepth: z.number(),
  commitBatchSize: z.number(),
  commitMs: z.number(),
  turnP50Ms: ZMs,
  turnP95Ms: ZMs,
  turnP99Ms: ZMs,
  pipelineEventsPerSec: z.number(),
  pipelinesRunning: z.number(),
  errorsTotal: z.object({
    turns: z.number(),
    activations: z.number(),
    overloaded: z.number(),
    timeouts: z.number(),
  }),
});

const ZOverviewSummarySchema = z.object({
  at: z.number(),
  residentsByType: z.array(z.object({ type: z.string(), count: z.number() })),
  pipelines: z.object({ running: z.number(), stopped: z.number() }),
  cluster: z
    .object({
      node: z.string(),
      nodes: z.array(
        z.object({
          id: z.string(),
          startedAt: z.number(),
          heartbeatAt: z.number(),
          ...ZNodeLoadSchema.shape,
        }),
      ),
    })
    .optional(),
});

const ZRecentMetricsSchema = z.object({
  /** Between two samples (ms). */
  intervalMs: z.number(),
  /** Oldest first; empty without a running server (router tests). */
  ticks: z.array(ZMetricsTickSchema),
  summary: ZOverviewSummarySchema,
});

const ZLifecycleEventSchema = z.object({
  kind: z.literal('lifecycle'),
  type: z.string(),
  key: z.string(),
  transition: z.enum(TRANSITIONS),
  reason: z.enum(LIFECYCLE_REASONS).optional(),
  error: z.string().optional(),
  at: z.number(),
  /** In-memory events count up from 1 per server process; stored older ones are negative. */
  seq: z.number(),
});

const ZRecentLifecycleSchema = z.object({
  /** The server process's history start: event numbers are only comparable within one epoch. */
  epoch: z.number(),
  /** Newest first. */
  events: z.array(ZLifecycleEventSchema),
});

export const recentMetrics = authedProcedure
  .input(ZNoInputSchema)
  .output(ZRecentMetricsSchema)
  .query(({ ctx }) => ({
    intervalMs: ctx.history?.intervalMs ?? 1000,
    ticks: ctx.history?.ticks() ?? [],
    summary: summarizeOverview(ctx.troupe),
  }));

export const recentLifecycle = authedProcedure
  .input(
    z
      .strictObject({ limit: z.number().int().min(1).max(HISTORY_LIFECYCLE).default(HISTORY_LIFECYCLE) })
      .optional(),
  )
  .output(ZRecentLifecycleSchema)
  .query(async ({ ctx, input }) => {
    const limit = input?.limit ?? HISTORY_LIFECYCLE;
    if (!ctx.history) return { epoch: 0, events: [] };
    // Stored transitions are committed in the runtime's next group commit: flush so none is missed.
    await ctx.troupe.runtime.flush();
    return readRecentLifecycle(ctx.history, ctx.troupe, limit);
  });
