// A Troupe instance: the database, the Prisma client for control-plane queries and the actor runtime.
// main.ts creates one per process; tests create their own on a temporary SQLite file.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from './storage/database.ts';
import { applyMigrations } from './storage/migrate.ts';
import { createPrismaClient } from './storage/prisma.ts';

export interface TroupeOptions {
  databaseUrl: string;
  migrationsDir?: string;
}

export interface Troupe {
  readonly db: Database.Database;
  readonly prisma: ReturnType<typeof createPrismaClient>;
  readonly startedAt: number;
  /** Stops intake, drains in-flight turns, flushes state and closes the database. */
  close(): Promise<void>;
}

export async function startTroupe(options: TroupeOptions): Promise<Troupe> {
  const db = openDatabase(options.databaseUrl);
  applyMigrations(db, options.migrationsDir ?? join(process.cwd(), 'prisma', 'migrations'));
  const prisma = createPrismaClient(options.databaseUrl);
  let closed = false;
  return {
    db,
    prisma,
    startedAt: Date.now(),
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      db.close();
    },
  };
}
