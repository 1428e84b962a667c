import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  diffDatabaseAgainstSchema,
  openSchemaEngine,
  schemaEngineAdapter,
} from '../../../scripts/schema-engine-wasm.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/postgres-database.ts';
import { listMigrations, sha256Hex } from '../migrate.ts';
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA } from './migrate-postgres.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let database: TestDatabase;
let pool: pg.Pool;

beforeEach(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url });
});

afterEach(async () => {
  await pool.end();
  await database.drop();
});

/** Prisma's own verdict: the SQL that would take the live database to schema.prisma, or null. */
async function schemaDrift(): Promise<string | null> {
  const enginePool = new pg.Pool({ connectionString: database.url, max: 2 });
  const engine = await openSchemaEngine(POSTGRES_SCHEMA, schemaEngineAdapter(enginePool));
  try {
    return await diffDatabaseAgainstSchema(engine, POSTGRES_SCHEMA, ROOT);
  } finally {
    engine.free();
    await enginePool.end();
  }
}

describe('applyPostgresMigrations', () => {
  it('applies every migration once and records it as Prisma does', async () => {
    const names = listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await applyPostgresMigrations(pool)).toEqual({ applied: names });
    expect(await applyPostgresMigrations(pool)).toEqual({ applied: [] });

    const { rows } = await pool.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(join(POSTGRES_MIGRATIONS_DIR, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(sha256Hex(sql));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('produces exactly what prisma/postgres/schema.prisma describes, as Prisma sees it', async () => {
    await applyPostgresMigrations(pool);
    expect(await schemaDrift()).toBeNull();
    // The check can fail: a column the schema has and the database lacks is a diff.
    await pool.query('ALTER TABLE "actor_owner" DROP COLUMN "epoch"');
    expect(await schemaDrift()).toMatch(/ADD COLUMN\s+"epoch" INTEGER NOT NULL/);
  }, 60_000);

  it('compares actor names by code point, as SQLite does, whatever the database collation', async () => {
    await applyPostgresMigrations(pool);
    const { rows } = await pool.query(
      `SELECT column_name, collation_name FROM information_schema.columns
       WHERE table_name = 'actor_state' AND column_name IN ('type', 'key') ORDER BY column_name`,
    );
    expect(rows).toEqual([
      { column_name: 'key', collation_name: 'C' },
      { column_name: 'type', collation_name: 'C' },
    ]);
    const keys = ['b', 'B', 'a', 'é', '\u{1F600}', '\u{FF5E}'];
    await pool.query(
      `INSERT INTO actor_state (type, key, state, created_at, updated_at)
       SELECT 't', k, '{}', 0, 0 FROM unnest($1::text[]) AS k`,
      [keys],
    );
    const sorted = await pool.query<{ key: string }>('SELECT key FROM actor_state ORDER BY key');
    expect(sorted.rows.map((r) => r.key)).toEqual(['B', 'a', 'b', 'é', '\u{FF5E}', '\u{1F600}']);
  });

  it('lets several nodes start at once: one migrates, the others find it done', async () => {
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: database.url, max: 1 }));
    try {
      const results = await Promise.all(pools.map((p) => applyPostgresMigrations(p)));
      const applied = results.map((r) => r.applied.length);
      expect(applied.filter((n) => n > 0)).toHaveLength(1);
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0].n).toBe(listMigrations(POSTGRES_MIGRATIONS_DIR).length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  describe('with a private copy of the history', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'troupe-pg-migrations-'));
      cpSync(POSTGRES_MIGRATIONS_DIR, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses a migration edited after it was applied', async () => {
      await applyPostgresMigrations(pool, dir);
      const [first] = listMigrations(dir);
      writeFileSync(join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
      await expect(applyPostgresMigrations(pool, dir)).rejects.toThrow(/was modified after it was applied/);
    });

    it('rolls back a failing migration entirely and records nothing of it', async () => {
      await applyPostgresMigrations(pool, dir);
      const bad = '99990101000000_bad';
      cpSync(join(dir, listMigrations(dir)[0]!.name), join(dir, bad), { recursive: true });
      writeFileSync(
        join(dir, bad, 'migration.sql'),
        'CREATE TABLE "half" (id INT);\nSELECT * FROM missing;\n',
      );
      await expect(applyPostgresMigrations(pool, dir)).rejects.toThrow(/99990101000000_bad failed/);
      const { rows } = await pool.query(
        `SELECT (SELECT count(*)::int FROM "_prisma_migrations" WHERE migration_name = $1) AS recorded,
                to_regclass('half') IS NOT NULL AS created`,
        [bad],
      );
      expect(rows[0]).toEqual({ recorded: 0, created: false });
    });
  });
});
