// A Troupe instance: the database, the Prisma client for control-plane queries and the actor
// runtime on its storage driver (SQLite by default, PostgreSQL for a postgres:// URL), with the actor
// types of the actors/ folder. main.ts creates one per process; tests create their own on a
// temporary SQLite file or PostgreSQL database.
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { loadActorsFolder } from './actors-folder/load-actors-folder.ts';
import { ClusterNode } from './cluster/cluster-node.ts';
import { deploymentsOf, loadDeployedTypes } from './deploy/deployed-types.ts';
import { PipelineManager } from './pipelines/manager.ts';
import { OperatorWorkerPool, operatorWorkersFromEnv } from './pipelines/operator-workers.ts';
import { clusterPipelineHolding } from './pipelines/pipeline-holding.ts';
import { pipelineGroup, placementKeyOf } from './pipelines/pipeline-placement.ts';
import type { Clock } from './runtime/clock.ts';
import type { AnyActorDefinition } from './runtime/definition.ts';
import { consoleLogger, type RuntimeLogger } from './runtime/logger.ts';
import { Runtime, type RuntimeOptions } from './runtime/runtime.ts';
import { type OpenedStorage, openStorage } from './storage/open-storage.ts';
import { isPostgresUrl } from './storage/postgres/postgres-pool.ts';
import type { createPrismaClient } from './storage/prisma.ts';

export interface TroupeOptions {
  /** `file:...` (SQLite) or `postgres://...` (PostgreSQL, cluster mode). */
  databaseUrl: string;
  migrationsDir?: string;
  /** Cluster mode (PostgreSQL only): this process is one node of a cluster (docs/cluster.md). */
  cluster?: { natsUrl: string; nodeId?: string; leaseMs?: number };
  clock?: Clock;
  /** The users' actor types, one module per type; default TROUPE_ACTORS_DIR or ./actors. */
  actorsDir?: string;
  /** Extra actor types beside the folder's (tests, embedders). */
  types?: AnyActorDefinition[];
  runtime?: Partial<Omit<RuntimeOptions, 'driver' | 'clock' | 'types'>>;
  /** Threads for expensive map and filter batches; 0 = none. Default TROUPE_OPERATOR_WORKERS, else cores - 1 (at least 1). */
  operatorWorkers?: number;
}

export interface Troupe {
  /**
   * The SQLite connection (backups, raw reads). There is none on PostgreSQL: reading it throws an
   * error that says so. Code that may run on either checks `storage.kind` first.
   */
  readonly db: Database.Database;
  /** Which database serves this Troupe, with a round trip to it (health) and its connections. */
  readonly storage: OpenedStorage;
  /** This node, in cluster mode: its id and the live membership (system.health). */
  readonly cluster: ClusterNode | undefined;
  readonly prisma: ReturnType<typeof createPrismaClient>;
  readonly runtime: Runtime;
  readonly pipelines: PipelineManager;
  /** The threads that run expensive map and filter batches (none when configured to 0). */
  readonly operatorWorkers: OperatorWorkerPool | undefined;
  readonly startedAt: number;
  readonly migrationsApplied: string[];
  /** The folder the actor modules were loaded from, and type -> module file for each of them. */
  readonly actorsDir: string;
  /** Kept current by the dev watcher (watch-actors-folder.ts) as modules gain types. */
  readonly folderFiles: Map<string, string>;
  /** Stops intake, drains in-flight turns, flushes state and closes the database. */
  close(): Promise<void>;
}

/** Cluster mode needs the shared database: PostgreSQL (membership and claims get their own pools). */
async function connectCluster(
  databaseUrl: string,
  options: NonNullable<TroupeOptions['cluster']>,
  logger: RuntimeLogger,
): Promise<ClusterNode> {
  if (!isPostgresUrl(databaseUrl)) throw new Error('Cluster mode needs DATABASE_URL=postgres://...');
  return ClusterNode.connect({
    databaseUrl,
    natsUrl: options.natsUrl,
    cluster: new URL(databaseUrl).pathname.slice(1) || 'troupe',
    placementKey: placementKeyOf,
    node: options.nodeId,
    leaseMs: options.leaseMs,
    logger,
  });
}

export function defaultActorsDir(): string {
  return resolve(process.env.TROUPE_ACTORS_DIR || join(process.cwd(), 'actors'));
}

export async function startTroupe(options: TroupeOptions): Promise<Troupe> {
  // First: a broken actor module fails the start before anything is opened.
  const actorsDir = options.actorsDir ? resolve(options.actorsDir) : defaultActorsDir();
  const folderTypes = await loadActorsFolder(actorsDir);
  const folderFiles = new Map(folderTypes.map((t) => [t.definition.type, t.file]));
  const logger = options.runtime?.logger ?? consoleLogger;
  const cluster = options.cluster && (await connectCluster(options.databaseUrl, options.cluster, logger));
  const storage = await openStorage(options.databaseUrl, {
    migrationsDir: options.migrationsDir,
    fence: cluster?.ownership,
    // The pool replaces the connection on the next query; worth a line, not a crash.
    onIdleError: (error) => logger.error({ err: error }, 'database connection lost while idle'),
  });
  const { prisma } = storage;
  const runtime = new Runtime({
    ...options.runtime,
    driver: storage.driver,
    clock: options.clock,
    types: [...folderTypes.map((t) => t.definition), ...(options.types ?? [])],
    placement: cluster?.placement,
  });
  // Joins before anything sends: from here messages for actors owned elsewhere go there.
  await cluster?.start(runtime);
  // [deploy] Types deployed to this server (server/deploy): after the folder's, before alarms fire.
  await loadDeployedTypes({ runtime, prisma }, { folderFiles, logger: options.runtime?.logger });
  if (cluster) {
    // A deploy or rollback on one node is installed by every node (each reads the stored version).
    const deployments = deploymentsOf({ runtime, prisma });
    deployments.onInstalled = (type) => cluster.announceTypeChange(type);
    cluster.onTypeChange((type) => {
      deployments
        .refresh(type)
        .catch((error) => logger.error({ err: error, type }, 'installing a deployed type failed'));
    });
  }
  const workerCount = options.operatorWorkers ?? operatorWorkersFromEnv();
  const operatorWorkers = workerCount > 0 ? new OperatorWorkerPool(workerCount) : undefined;
  const pipelines = new PipelineManager(runtime, prisma, cluster && clusterPipelineHolding(cluster));
  pipelines.operatorWorkers = operatorWorkers;
  // Before the runtime starts: due alarms may wake operators. A cluster node holds the pipelines it
  // is home for, and follows the membership (pipeline-placement.ts).
  const isHome = (id: string) => !cluster || cluster.homeOf(pipelineGroup(id)) === cluster.id;
  await pipelines.load(isHome);
  cluster?.onMembershipChange(() => {
    pipelines.rehome(isHome).catch((error) => logger.error({ err: error }, 'pipeline hand-over failed'));
  });
  await runtime.start();
  let closing: Promise<void> | null = null;
  return {
    get db() {
      if (storage.kind === 'sqlite') return storage.db;
      throw new Error(
        'This Troupe runs on PostgreSQL: there is no SQLite database (backups are SQLite-only)',
      );
    },
    storage,
    cluster,
    prisma,
    runtime,
    pipelines,
    operatorWorkers,
    startedAt: Date.now(),
    migrationsApplied: storage.migrationsApplied,
    actorsDir,
    folderFiles,
    close() {
      closing ??= (async () => {
        pipelines.close();
        await runtime.stop();
        await operatorWorkers?.close(); // after the turns that wait for them drained
        await cluster?.stop(); // after the runtime flushed and released its actors
        await storage.close();
      })();
      return closing;
    },
  };
}
