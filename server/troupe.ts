// A Troupe instance: the database, the Prisma client for control-plane queries and the actor
// runtime on its storage driver (SQLite by default, PostgreSQL for a postgres:// URL), with the actor
// types of the actors/ folder. main.ts creates one per process; tests create their own on a
// temporary SQLite file or PostgreSQL database.
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { loadActorsFolder } from './actors-folder/load-actors-folder.ts';
import { loadDeployedTypes } from './deploy/deployed-types.ts';
import { PipelineManager } from './pipelines/manager.ts';
import type { Clock } from './runtime/clock.ts';
import type { AnyActorDefinition } from './runtime/definition.ts';
import { consoleLogger } from './runtime/logger.ts';
import { Runtime, type RuntimeOptions } from './runtime/runtime.ts';
import { type OpenedStorage, openStorage } from './storage/open-storage.ts';
import type { CommitFence } from './storage/postgres/commit-fence.ts';
import type { createPrismaClient } from './storage/prisma.ts';

export interface TroupeOptions {
  /** `file:...` (SQLite) or `postgres://...` (PostgreSQL, cluster mode). */
  databaseUrl: string;
  migrationsDir?: string;
  /** Cluster mode (PostgreSQL only): the driver asks it which actors' writes to refuse. */
  fence?: CommitFence;
  clock?: Clock;
  /** The users' actor types, one module per type; default TROUPE_ACTORS_DIR or ./actors. */
  actorsDir?: string;
  /** Extra actor types beside the folder's (tests, embedders). */
  types?: AnyActorDefinition[];
  runtime?: Partial<Omit<RuntimeOptions, 'driver' | 'clock' | 'types'>>;
}

export interface Troupe {
  /**
   * The SQLite connection (backups, raw reads). There is none on PostgreSQL: reading it throws an
   * error that says so. Code that may run on either checks `storage.kind` first.
   */
  readonly db: Database.Database;
  /** Which database serves this Troupe, with a round trip to it (health) and its connections. */
  readonly storage: OpenedStorage;
  readonly prisma: ReturnType<typeof createPrismaClient>;
  readonly runtime: Runtime;
  readonly pipelines: PipelineManager;
  readonly startedAt: number;
  readonly migrationsApplied: string[];
  /** The folder the actor modules were loaded from, and type -> module file for each of them. */
  readonly actorsDir: string;
  /** Kept current by the dev watcher (watch-actors-folder.ts) as modules gain types. */
  readonly folderFiles: Map<string, string>;
  /** Stops intake, drains in-flight turns, flushes state and closes the database. */
  close(): Promise<void>;
}

export function defaultActorsDir(): string {
  return resolve(process.env.TROUPE_ACTORS_DIR || join(process.cwd(), 'actors'));
}

export async function startTroupe(options: TroupeOptions): Promise<Troupe> {
  // First: a broken actor module fails the start before anything is opened.
  const actorsDir = options.actorsDir ? resolve(options.actorsDir) : defaultActorsDir();
  const folderTypes = await loadActorsFolder(actorsDir);
  const folderFiles = new Map(folderTypes.map((t) => [t.definition.type, t.file]));
  const storage = await openStorage(options.databaseUrl, {
    migrationsDir: options.migrationsDir,
    fence: options.fence,
    // The pool replaces the connection on the next query; worth a line, not a crash.
    onIdleError: (error) =>
      (options.runtime?.logger ?? consoleLogger).error({ err: error }, 'database connection lost while idle'),
  });
  const { prisma } = storage;
  const runtime = new Runtime({
    ...options.runtime,
    driver: storage.driver,
    clock: options.clock,
    types: [...folderTypes.map((t) => t.definition), ...(options.types ?? [])],
  });
  // [deploy] Types deployed to this server (server/deploy): after the folder's, before alarms fire.
  await loadDeployedTypes({ runtime, prisma }, { folderFiles, logger: options.runtime?.logger });
  const pipelines = new PipelineManager(runtime, prisma);
  await pipelines.load(); // before the runtime starts: due alarms may wake operators
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
    prisma,
    runtime,
    pipelines,
    startedAt: Date.now(),
    migrationsApplied: storage.migrationsApplied,
    actorsDir,
    folderFiles,
    close() {
      closing ??= (async () => {
        pipelines.close();
        await runtime.stop();
        await storage.close();
      })();
      return closing;
    },
  };
}
