// Plain start-up migrator: applies prisma/migrations/*/migration.sql in name order with better-sqlite3 alone,
// because Prisma's schema engine is a native binary (or a wasm devDependency) we cannot rely on at runtime.
// It keeps Prisma's own bookkeeping table and checksums, so `prisma migrate deploy` stays usable online.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

// Byte-for-byte the DDL Prisma's SQLite connector creates (checked against @prisma/schema-engine-wasm),
// so a database migrated here is indistinguishable from one migrated by Prisma.
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// Prisma accepts a script whose line endings changed (git autocrlf), so we do too.
function checksumMatches(sql: string, checksum: string): boolean {
  return sha256Hex(sql) === checksum || sha256Hex(sql.replace(/\r\n/g, '\n')) === checksum;
}

// Prisma's timestamp format in this table: RFC 3339 with millis and an explicit UTC offset.
function prismaTimestamp(date = new Date()): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** Migration directories (`<timestamp>_<name>/migration.sql`) sorted by name, as Prisma orders them. */
export function listMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file})`);
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: sha256Hex(sql) };
    });
}

/** Applies every migration not yet recorded in `_prisma_migrations`; a second call applies nothing. */
export function applyMigrations(db: BetterSqlite3.Database, migrationsDir: string): { applied: string[] } {
  const migrations = listMigrations(migrationsDir);
  db.exec(MIGRATIONS_TABLE_DDL);
  const selectRows = db.prepare<[], MigrationRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations WHERE rolled_back_at IS NULL',
  );
  const insertRow = db.prepare(
    `INSERT INTO _prisma_migrations
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
  );

  // Re-read the table inside each IMMEDIATE transaction: another process may have migrated meanwhile.
  const recorded = () => new Map(selectRows.all().map((row) => [row.migration_name, row]));
  for (const [name, row] of recorded()) assertUsable(name, row, migrations);

  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded().has(migration.name)) continue;
    const ran = withForeignKeysDeferred(db, () =>
      db
        .transaction(() => {
          if (recorded().has(migration.name)) return false;
          const startedAt = prismaTimestamp();
          db.exec(migration.sql);
          assertNoForeignKeyViolations(db, migration.name);
          insertRow.run(randomUUID(), migration.checksum, prismaTimestamp(), migration.name, startedAt);
          return true;
        })
        .immediate(),
    );
    if (ran) applied.push(migration.name);
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
  if (file && !checksumMatches(file.sql, row.checksum)) {
    throw new Error(
      `Migration ${name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
        `${file.checksum} on disk). Restore the original migration.sql and put changes in a new migration.`,
    );
  }
}

// SQLite ignores `PRAGMA foreign_keys` inside a transaction, and Prisma's table-redefinition scripts
// (DROP + RENAME) would fire ON DELETE actions if it stayed on; so switch it off around the transaction
// and check integrity explicitly before committing, as SQLite's ALTER TABLE procedure recommends.
function withForeignKeysDeferred<T>(db: BetterSqlite3.Database, run: () => T): T {
  const previous = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    return run();
  } finally {
    db.pragma(`foreign_keys = ${previous ? 'ON' : 'OFF'}`);
  }
}

function assertNoForeignKeyViolations(db: BetterSqlite3.Database, name: string): void {
  const violations = db.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    throw new Error(`Migration ${name} leaves ${violations.length} foreign key violation(s); rolled back.`);
  }
}
