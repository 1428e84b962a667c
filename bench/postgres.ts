// Commit throughput of the PostgreSQL driver (cluster mode) against the SQLite driver, in the same run:
// durable counter increments through the runtime, 64 callers each on its own actor, every reply
// released after its commit. The PostgreSQL driver is also run with a commit fence that reads the
// batch's ownership rows FOR SHARE, the shape of the check cluster mode adds to every commit, and
// with synchronous_commit=off: no fsync per commit, the durability of SQLite's synchronous=NORMAL
// (safe from a process crash, not from an OS or database server crash).
import pg from 'pg';
import { Runtime } from '../server/runtime/runtime.ts';
import type { CommitFence } from '../server/storage/postgres/commit-fence.ts';
import { applyPostgresMigrations } from '../server/storage/postgres/migrate-postgres.ts';
import { PostgresDriver } from '../server/storage/postgres/postgres-driver.ts';
import { createTestDatabase } from '../server/test-support/postgres-database.ts';
import { benchCounter, sqliteRuntime } from './fixtures.ts';
import { type BenchRow, row } from './report.ts';

const SUITE = 'postgres';
const CALLERS = 64;
const RUN_MS = 3000;

/** Asks the database about every actor of the batch, refuses none: the cost of a real fence's check. */
const readOwnersFence: CommitFence = {
  async refused(tx, actors) {
    const pairs = [...actors].map((id) => id.split('\u0000'));
    await tx.query(
      `SELECT o.type, o.key, o.node, o.epoch FROM actor_owner o
       JOIN unnest($1::text[], $2::text[]) AS a(type, key) ON o.type = a.type AND o.key = a.key
       FOR SHARE OF o`,
      [pairs.map(([type]) => type), pairs.map(([, key]) => key)],
    );
    return new Set();
  },
};

interface Measured {
  rate: number;
  acked: number;
  batches: number;
}

async function incrementLoad(runtime: Runtime): Promise<Measured> {
  await runtime.start();
  const refs = Array.from({ length: CALLERS }, (_, i) => runtime.get('bench-counter', `p-${i}`));
  await Promise.all(refs.map((r) => r.ask('increment', { by: 1 }))); // activated and stored once
  const batchesBefore = runtime.stats().commits.batches;
  let acked = 0;
  const until = performance.now() + RUN_MS;
  const started = performance.now();
  await Promise.all(
    refs.map(async (ref) => {
      while (performance.now() < until) {
        await ref.ask('increment', { by: 1 });
        acked++;
      }
    }),
  );
  const rate = acked / ((performance.now() - started) / 1000);
  const batches = runtime.stats().commits.batches - batchesBefore;
  await runtime.stop();
  return { rate, acked: acked + CALLERS, batches };
}

async function onPostgres(
  options: { fence?: CommitFence; synchronousCommit?: 'off' } = {},
): Promise<Measured & { stored: number }> {
  const { fence, synchronousCommit } = options;
  const database = await createTestDatabase();
  const pool = new pg.Pool({
    connectionString: database.url,
    options: synchronousCommit ? `-c synchronous_commit=${synchronousCommit}` : undefined,
  });
  try {
    await applyPostgresMigrations(pool);
    const driver = new PostgresDriver(pool, { fence });
    const runtime = new Runtime({ driver, types: [benchCounter] });
    const measured = await incrementLoad(runtime);
    const { rows } = await pool.query<{ n: number }>(
      "SELECT coalesce(sum((state::json->>'count')::int), 0)::int AS n FROM actor_state",
    );
    return { ...measured, stored: rows[0]!.n };
  } finally {
    await pool.end();
    await database.drop();
  }
}

function durability(m: Measured & { stored: number }): string {
  const verdict = m.stored === m.acked ? 'all durable' : 'MISMATCH';
  return `${m.acked} acked, ${m.stored} stored (${verdict}), ${m.batches} commits, ${Math.round(m.acked / m.batches)} writes/commit`;
}

export async function postgresCommits(): Promise<BenchRow[]> {
  const sqlite = sqliteRuntime();
  const onSqlite = await incrementLoad(sqlite.runtime);
  const sqliteStored = sqlite.db
    .prepare("SELECT SUM(json_extract(state, '$.count')) AS n FROM actor_state")
    .get() as { n: number };
  sqlite.db.close();
  const plain = await onPostgres();
  const fenced = await onPostgres({ fence: readOwnersFence });
  const asyncCommit = await onPostgres({ synchronousCommit: 'off' });

  const name = (driver: string) => `durable increments, ${CALLERS} callers on ${CALLERS} actors, ${driver}`;
  return [
    row({
      suite: SUITE,
      name: name('SQLite driver'),
      value: onSqlite.rate,
      unit: 'increments/s',
      note: durability({ ...onSqlite, stored: sqliteStored.n }),
    }),
    row({
      suite: SUITE,
      name: name('PostgreSQL driver'),
      value: plain.rate,
      unit: 'increments/s',
      baseline: onSqlite.rate,
      note: durability(plain),
    }),
    row({
      suite: SUITE,
      name: name('PostgreSQL driver with a FOR SHARE fence'),
      value: fenced.rate,
      unit: 'increments/s',
      baseline: plain.rate,
      note: durability(fenced),
    }),
    row({
      suite: SUITE,
      name: name('PostgreSQL driver, synchronous_commit=off'),
      value: asyncCommit.rate,
      unit: 'increments/s',
      baseline: onSqlite.rate,
      note: durability(asyncCommit),
    }),
  ];
}
