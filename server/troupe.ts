// A Troupe instance: the database, the Prisma client for control-plane queries and the actor
// runtime on the SQLite driver, with the actor types of the actors/ folder. main.ts creates one per
// process; tests create their own on a temporary SQLite file.
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { loadActorsFolder } from './actors-folder/load-actors-folder.ts';
import { loadDeployedTypes } from './deploy/deployed-types.ts';
import { PipelineManager } from './pipelines/manager.ts';
import type { Clock } from './runtime/clock.ts';
import type { AnyActorDefinition } from './runtime/definition.ts';
import { Runtime, type RuntimeOptions } from './runtime/runtime.ts';
import { openDatabase } from './storage/database.ts';
import { applyMigrations } from './storage/migrate.ts';
import { createPrismaClient } from './storage/prisma.ts';
import { SqliteDriver } from './storage/sqlite-driver.ts';

export interface TroupeOptions {
  databaseUrl: string;
  migrationsDir?: string;
  clock?: Clock;
  /** The users' actor types, one module per type; default TROUPE_ACTORS_DIR or ./actors. */
  actorsDir?: string;
  /** Extra actor types beside the folder's (tests, embedders). */
  types?: AnyActorDefinition[];
  runtime?: Partial<Omit<RuntimeOptions, 'driver' | 'clock' | 'types'>>;
}

export interface Troupe {
  readonly db: Database.Database;
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
  const db = openDatabase(options.databaseUrl);
  const { applied } = applyMigrations(
    db,
    options.migrationsDir ?? join(process.cwd(), 'prisma', 'migrations'),
  );
  const prisma = createPrismaClient(options.databaseUrl);
  const runtime = new Runtime({
    ...options.runtime,
    driver: new SqliteDriver(db),
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
    db,
    prisma,
    runtime,
    pipelines,
    startedAt: Date.now(),
    migrationsApplied: applied,
    actorsDir,
    folderFiles,
    close() {
      closing ??= (async () => {
        pipelines.close();
        await runtime.stop();
        await prisma.$disconnect();
        db.close();
      })();
      return closing;
    },
  };
}
