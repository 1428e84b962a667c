// Opens Troupe's database by URL, the one place that knows both kinds: `file:` is the embedded SQLite
// file (better-sqlite3 + SqliteDriver), `postgres://` / `postgresql://` is cluster mode's PostgreSQL
// (pg.Pool + PostgresDriver). Either way: migrated on open, a runtime driver, and a Prisma client of
// one type for the control plane.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { StorageDriver, StorageReader } from '../runtime/storage.ts';
import { openDatabase } from './database.ts';
import type { PrismaClient } from './generated/client.ts';
import { applyMigrations } from './migrate.ts';
import type { CommitFence } from './postgres/commit-fence.ts';
import { applyPostgresMigrations } from './postgres/migrate-postgres.ts';
import { PostgresDriver } from './postgres/postgres-driver.ts';
import { createPostgresPool, isPostgresUrl } from './postgres/postgres-pool.ts';
import { createPrismaClient } from './prisma.ts';
import { SqliteDriver } from './sqlite-driver.ts';

export interface OpenStorageOptions {
  /** Migration folder; default prisma/migrations, or prisma/postgres/migrations for PostgreSQL (under the working directory). */
  migrationsDir?: string;
  /** Cluster mode: the PostgreSQL driver asks it before every commit. PostgreSQL only. */
  fence?: CommitFence;
  /** Told about a pooled PostgreSQL connection that failed while idle. */
  onIdleError?: (error: Error) => void;
}

interface StorageBase {
  driver: StorageDriver & StorageReader;
  prisma: PrismaClient;
  migrationsApplied: string[];
  /** A round trip to the database; rejects when it does not answer. */
  ping(): Promise<void>;
  /** Closes the driver's connection(s) and Prisma's; call after the runtime stopped. */
  close(): Promise<void>;
}

export type OpenedStorage =
  | (StorageBase & { kind: 'sqlite'; db: Database.Database })
  | (StorageBase & { kind: 'postgres'; pool: pg.Pool });

export async function openStorage(url: string, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url, options);
}

function openSqlite(url: string, options: OpenStorageOptions): OpenedStorage {
  if (options.fence) throw new Error('Commit fencing (cluster mode) needs a postgres:// DATABASE_URL');
  const db = openDatabase(url);
  const { applied } = applyMigrations(
    db,
    options.migrationsDir ?? join(process.cwd(), 'prisma', 'migrations'),
  );
  const prisma = createPrismaClient(url);
  return {
    kind: 'sqlite',
    db,
    driver: new SqliteDriver(db),
    prisma,
    migrationsApplied: applied,
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await prisma.$disconnect();
      db.close();
    },
  };
}

async function openPostgres(url: string, options: OpenStorageOptions): Promise<OpenedStorage> {
  const pool = createPostgresPool(url, { onIdleError: options.onIdleError });
  try {
    const { applied } = await applyPostgresMigrations(
      pool,
      options.migrationsDir ?? join(process.cwd(), 'prisma', 'postgres', 'migrations'),
    );
    const driver = new PostgresDriver(pool, { fence: options.fence });
    const prisma = createPrismaClient(url);
    return {
      kind: 'postgres',
      pool,
      driver,
      prisma,
      migrationsApplied: applied,
      async ping() {
        await pool.query('SELECT 1');
      },
      async close() {
        await prisma.$disconnect();
        await driver.close(); // ends the pool
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
