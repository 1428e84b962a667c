// A Troupe instance: the database, the Prisma client for control-plane queries and the actor
// runtime on the SQLite driver. main.ts creates one per process; tests create their own on a
// temporary SQLite file.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { builtinActorTypes } from './actors/index.ts';
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
  /** Extra actor types beside the built-in ones (tests, embedders). */
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
  /** Stops intake, drains in-flight turns, flushes state and closes the database. */
  close(): Promise<void>;
}

export async function startTroupe(options: TroupeOptions): Promise<Troupe> {
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
    types: [...builtinActorTypes, ...(options.types ?? [])],
  });
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
