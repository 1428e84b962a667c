// Test fixture: a fresh PostgreSQL database per test run, dropped at the end, on the server that
// TROUPE_TEST_PG_URL names (default: the local server with trust auth for user postgres). Test files
// never share a database, so parallel test files and runs cannot see each other's rows. Within a
// file, tests may share one (creating and migrating a database costs about half a second) and empty
// it between tests with emptyTables.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, ending any connection still open on it. Safe to call twice. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  return process.env.TROUPE_TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // Lower-case hex only: a valid unquoted identifier, so no quoting question arises.
  const name = `troupe_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    url: withDatabase(adminUrl(), name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (admin) => {
        // pg.Pool.end() resolves before its connections have closed: give them a moment, because a
        // connection that FORCE terminates while it closes raises an error in the test process.
        for (let waited = 0; waited < 2000; waited += 50) {
          const { rows } = await admin.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        // WITH (FORCE) (PostgreSQL 13+) ends a server process or pool a failed test left connected.
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/**
 * Empties every table of `url`'s database but the migration history, and restarts its sequences
 * (alarm ids start at 1 again): the next test sees a freshly migrated database. Nothing may be
 * connected to it in a transaction meanwhile (close the test's pools first).
 */
export async function emptyTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    if (rows.length === 0) return;
    const tables = rows.map((r) => `"${r.name.replaceAll('"', '""')}"`).join(', ');
    await client.query(`TRUNCATE TABLE ${tables} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}
