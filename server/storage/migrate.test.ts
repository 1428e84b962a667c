import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { applyMigrations, listMigrations, sha256Hex } from './migrate.ts';

const MIGRATIONS = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const TABLES = ['actor_state', 'alarm', 'journal_entry', 'lifecycle_event', 'pipeline', 'stream_entry'];

let dir: string;
let db: BetterSqlite3.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-migrate-test-'));
  db = openDatabase(`file:${join(dir, 'test.db')}`);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function tableNames(): string[] {
  return db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
}

// A private copy of the real history, so tests can edit or extend it.
function copyMigrations(): string {
  const copy = join(dir, 'migrations');
  cpSync(MIGRATIONS, copy, { recursive: true });
  return copy;
}

describe('applyMigrations', () => {
  it('creates every table on a fresh database and records the history', () => {
    const { applied } = applyMigrations(db, MIGRATIONS);
    const names = listMigrations(MIGRATIONS).map((migration) => migration.name);
    expect(applied).toEqual(names);
    expect(applied[0]).toMatch(/^\d{14}_init$/);
    expect(tableNames()).toEqual(expect.arrayContaining([...TABLES, '_prisma_migrations']));

    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all();
    expect(rows).toEqual(
      listMigrations(MIGRATIONS).map(({ name, checksum }) => ({
        migration_name: name,
        checksum,
        finished_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+\+00:00$/),
      })),
    );
  });

  it("keeps Prisma's _prisma_migrations column layout", () => {
    applyMigrations(db, MIGRATIONS);
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(_prisma_migrations)').all();
    expect(columns.map((column) => column.name)).toEqual([
      'id',
      'checksum',
      'finished_at',
      'migration_name',
      'logs',
      'rolled_back_at',
      'started_at',
      'applied_steps_count',
    ]);
  });

  it('applies nothing the second time', () => {
    applyMigrations(db, MIGRATIONS);
    expect(applyMigrations(db, MIGRATIONS)).toEqual({ applied: [] });
    expect(db.prepare('SELECT COUNT(*) FROM _prisma_migrations').pluck().get()).toBe(
      listMigrations(MIGRATIONS).length,
    );
  });

  it('applies only migrations added since the last run', () => {
    const migrations = copyMigrations();
    applyMigrations(db, migrations);
    mkdirSync(join(migrations, '99990101000000_add_note'));
    writeFileSync(
      join(migrations, '99990101000000_add_note', 'migration.sql'),
      'ALTER TABLE "actor_state" ADD COLUMN "note" TEXT;\n',
    );
    expect(applyMigrations(db, migrations)).toEqual({ applied: ['99990101000000_add_note'] });
  });

  it('refuses a migration whose file changed after it was applied', () => {
    const migrations = copyMigrations();
    applyMigrations(db, migrations);
    const first = readdirSync(migrations).filter((name) => name !== 'migration_lock.toml')[0]!;
    writeFileSync(join(migrations, first, 'migration.sql'), '-- edited\nSELECT 1;\n');
    expect(() => applyMigrations(db, migrations)).toThrow(/was modified after it was applied/);
  });

  it('accepts the same file with CRLF line endings, as Prisma does', () => {
    const migrations = copyMigrations();
    applyMigrations(db, migrations);
    const [first] = listMigrations(migrations);
    writeFileSync(join(migrations, first!.name, 'migration.sql'), first!.sql.replace(/\n/g, '\r\n'));
    expect(sha256Hex(first!.sql.replace(/\n/g, '\r\n'))).not.toBe(first!.checksum);
    expect(applyMigrations(db, migrations)).toEqual({ applied: [] });
  });

  it('rolls back a failing migration completely and records nothing for it', () => {
    const migrations = copyMigrations();
    mkdirSync(join(migrations, '99990101000000_broken'));
    writeFileSync(
      join(migrations, '99990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nCREATE TABLEX oops;\n',
    );
    expect(() => applyMigrations(db, migrations)).toThrow(/syntax error/);
    expect(tableNames()).not.toContain('half_done');
    const recorded = db.prepare('SELECT migration_name FROM _prisma_migrations').pluck().all();
    expect(recorded).not.toContain('99990101000000_broken');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
