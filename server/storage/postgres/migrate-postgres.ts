// Start-up migrator for PostgreSQL: applies prisma/postgres/migrations/*/migration.sql in name order,
// each in its own transaction (PostgreSQL DDL is transactional), and records them in Prisma's own
// `_prisma_migrations` table with Prisma's checksums, so `prisma migrate deploy` stays usable online.
// Several nodes may start at once: the whole run holds the advisory lock Prisma Migrate itself takes,
// so one node migrates and the others find the work done.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { listMigrations, type MigrationFile, sha256Hex } from '../migrate.ts';

export const POSTGRES_SCHEMA = fileURLToPath(
  new URL('../../../prisma/postgres/schema.prisma', import.meta.url),
);
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../prisma/postgres/migrations', import.meta.url),
);

/** The advisory lock key of Prisma Migrate's PostgreSQL connector: we also exclude a concurrent `migrate deploy`. */
const MIGRATION_LOCK_KEY = 72707369;

// The table as Prisma's PostgreSQL connector creates it (checked against @prisma/schema-engine-wasm).
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Applies every migration not yet recorded; a second call applies nothing. */
export async function applyPostgresMigrations(
  pool: pg.Pool,
  migrationsDir = POSTGRES_MIGRATIONS_DIR,
): Promise<{ applied: string[] }> {
  const migrations = listMigrations(migrationsDir);
  const client = await pool.connect();
  try {
    // Session-level: held across the per-migration transactions, released in finally (or when the
    // connection dies with the process).
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyUnderLock(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function applyUnderLock(
  client: pg.PoolClient,
  migrations: MigrationFile[],
): Promise<{ applied: string[] }> {
  await client.query(MIGRATIONS_TABLE_DDL);
  const { rows } = await client.query<MigrationRow>(
    'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
  );
  const recorded = new Map(rows.map((row) => [row.migration_name, row]));
  for (const [name, row] of recorded) assertUsable(name, row, migrations);

  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.name)) continue;
    const startedAt = new Date();
    await client.query('BEGIN');
    try {
      await client.query(migration.sql); // no parameters: the simple protocol runs every statement
      await client.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
        [randomUUID(), migration.checksum, migration.name, startedAt],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
    }
    applied.push(migration.name);
  }
  return { applied };
}

function assertUsable(name: string, row: MigrationRow, migrations: MigrationFile[]): void {
  if (row.finished_at === null) {
    throw new Error(
      `Migration ${name} is recorded as failed in _prisma_migrations; fix the database, then mark it ` +
        'rolled back or applied (`prisma migrate resolve`) before starting again.',
    );
  }
  const file = migrations.find((migration) => migration.name === name);
  // Prisma accepts a script whose line endings changed (git autocrlf), so we do too.
  const matches = (sql: string) =>
    sha256Hex(sql) === row.checksum || sha256Hex(sql.replace(/\r\n/g, '\n')) === row.checksum;
  if (file && !matches(file.sql)) {
    throw new Error(
      `Migration ${name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
        `${file.checksum} on disk). Restore the original migration.sql and put changes in a new migration.`,
    );
  }
}
