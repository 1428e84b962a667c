import { z } from 'zod';
import type { ClusterView } from '../../cluster/cluster-node.ts';
import { ActorError } from '../../runtime/errors.ts';
import { TROUPE_VERSION } from '../../version.ts';
import { ZNodeLoadSchema, ZNoInputSchema } from '../schemas.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { recentLifecycle, recentMetrics } from './system-history.ts';

const ZHealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeS: z.number(),
  db: z.enum(['ok', 'error']),
  dbError: z.string().optional(),
  /** Cluster mode only: this node and the live nodes (docs/cluster.md). */
  cluster: z
    .object({
      node: z.string(),
      nodes: z.array(
        z.object({
          id: z.string(),
          startedAt: z.number(),
          heartbeatAt: z.number(),
          leaseUntil: z.number(),
          load: ZNodeLoadSchema,
        }),
      ),
    })
    .optional(),
});

const ZMetricsSchema = z.object({
  uptimeS: z.number(),
  residentActivations: z.number(),
  activationsTotal: z.number(),
  deactivationsTotal: z.number(),
  activationFailures: z.number(),
  turnsTotal: z.number(),
  turnsFailed: z.number(),
  mailboxDepth: z.number(),
  rejectedOverloaded: z.number(),
  timeouts: z.number(),
  alarmsFired: z.number(),
  commitBatches: z.number(),
  commitFailures: z.number(),
  lastCommitBatchSize: z.number(),
  lastCommitMs: z.number(),
  schedulerReady: z.number(),
});

const uptimeOf = (startedAt: number) => Math.round((Date.now() - startedAt) / 100) / 10;

export const systemRouter = router({
  /**
   * Liveness plus a real round trip to the database (SQLite or PostgreSQL), so "ok" means it answers.
   * While the server drains it fails SERVICE_UNAVAILABLE (HTTP 503): balancers and probes stop sending new work.
   */
  health: publicProcedure
    .input(ZNoInputSchema)
    .output(ZHealthSchema)
    .query(async ({ ctx }) => {
      if (ctx.draining) throw new ActorError('UNAVAILABLE', 'Troupe is shutting down: not ready');
      const uptimeS = uptimeOf(ctx.troupe.startedAt);
      const cluster = ctx.troupe.cluster && clusterHealthOf(ctx.troupe.cluster.view());
      try {
        await ctx.troupe.storage.ping();
        return { ok: true, version: TROUPE_VERSION, uptimeS, db: 'ok' as const, cluster };
      } catch {
        // Health is unauthenticated: say that the database failed, never the driver's text.
        const dbError = 'the database did not answer a query';
        return { ok: false, version: TROUPE_VERSION, uptimeS, db: 'error' as const, dbError, cluster };
      }
    }),

  /** Runtime counters: what the Overview charts and what /metrics exports. */
  metrics: authedProcedure
    .input(ZNoInputSchema)
    .output(ZMetricsSchema)
    .query(({ ctx }) => {
      const stats = ctx.troupe.runtime.stats();
      const { commits } = stats;
      return {
        uptimeS: uptimeOf(ctx.troupe.startedAt),
        residentActivations: stats.residentActivations,
        ...stats.counters,
        mailboxDepth: stats.mailboxDepth,
        commitBatches: commits.batches,
        commitFailures: commits.failures,
        lastCommitBatchSize: commits.lastBatchSize,
        lastCommitMs: commits.lastCommitMs,
        schedulerReady: stats.schedulerReady,
      };
    }),

  /** The Overview's charts and tiles on load: the last five minutes of one-second samples. */
  recentMetrics,

  /** The Overview's lifecycle feed on load: the newest transitions (in memory, then stored). */
  recentLifecycle,
});

/** The membership as health tells it: ids, times and load (the NATS subjects stay internal). */
function clusterHealthOf(view: ClusterView) {
  return {
    node: view.node,
    nodes: view.nodes.map(({ id, startedAt, heartbeatAt, leaseUntil, load }) => ({
      id,
      startedAt,
      heartbeatAt,
      leaseUntil,
      load,
    })),
  };
}
