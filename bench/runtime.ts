// Runtime benchmarks of issue 3: warm asks, durable increments with group commit, cold activation.
import Database from 'better-sqlite3';
import { resolveDatabasePath } from '../server/storage/database.ts';
import { memoryRuntime, sqliteRuntime, tempDatabaseUrl } from './fixtures.ts';
import { type BenchRow, percentile, row } from './report.ts';

const SUITE = 'runtime';

/** The baseline: the least a promise-per-ask mailbox can do (queue, one microtask drain, resolve). */
class MinimalMailbox {
  private queue: ((n: number) => void)[] = [];
  private scheduled = false;
  private count = 0;

  ask(): Promise<number> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    });
  }

  private drain(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const resolve of queue) resolve(this.count);
  }
}

async function askRate(ask: () => Promise<unknown>, callers: number, ms: number): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        for (let i = 0; i < 64; i++) await ask();
        done += 64;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export async function warmAsk(): Promise<BenchRow[]> {
  const runtime = memoryRuntime();
  await runtime.start();
  const ref = runtime.get('bench-counter', 'warm');
  await ref.ask('increment', { by: 1 });
  const mailbox = new MinimalMailbox();
  const rows: BenchRow[] = [];
  for (const callers of [1, 64]) {
    await askRate(() => ref.ask('get'), callers, 300); // warm up the JIT
    const base = await askRate(() => mailbox.ask(), callers, 1500);
    const value = await askRate(() => ref.ask('get'), callers, 1500);
    const target = callers === 64 ? '>= 1,000,000/s, >= 0.25x' : undefined;
    rows.push(
      row({
        suite: SUITE,
        name: `warm ask, 1 actor, ${callers} caller${callers > 1 ? 's' : ''}`,
        value,
        unit: 'asks/s',
        baseline: base,
        target,
        pass: callers === 64 ? value >= 1_000_000 && value / base >= 0.25 : undefined,
      }),
    );
  }
  await runtime.stop();
  return rows;
}

export async function durableIncrements(): Promise<BenchRow[]> {
  const ACTORS = 1000;
  const { runtime, db } = sqliteRuntime();
  await runtime.start();
  const refs = Array.from({ length: ACTORS }, (_, i) => runtime.get('bench-counter', `d-${i}`));
  await Promise.all(refs.map((r) => r.ask('get')));
  let acked = 0;
  const ms = 2000;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    refs.map(async (ref) => {
      while (performance.now() < until) {
        await ref.ask('increment', { by: 1 });
        acked++;
      }
    }),
  );
  const value = acked / ((performance.now() - started) / 1000);
  const batches = runtime.stats().commits.batches;
  await runtime.stop();
  const stored = db.prepare("SELECT SUM(json_extract(state, '$.count')) AS n FROM actor_state").get() as {
    n: number;
  };
  db.close();

  const raw = rawUpsertRate(ACTORS, ms);
  return [
    row({
      suite: SUITE,
      name: `durable increments, ${ACTORS} actors, reply after commit`,
      value,
      unit: 'increments/s',
      baseline: raw,
      target: '>= 100,000/s, >= 0.3x raw',
      pass: value >= 100_000 && value / raw >= 0.3,
      note: `${acked} acked, ${stored.n} stored (${stored.n === acked ? 'all durable' : 'MISMATCH'}), ${batches} commits`,
    }),
  ];
}

/** Raw better-sqlite3: upserts of the same rows, 1,000 per transaction, as fast as it goes. */
function rawUpsertRate(actors: number, ms: number): number {
  const db = new Database(resolveDatabasePath(tempDatabaseUrl()));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE s (type TEXT, key TEXT, state TEXT, version INTEGER, PRIMARY KEY (type, key))');
  const upsert = db.prepare(
    'INSERT INTO s VALUES (?, ?, ?, ?) ON CONFLICT(type, key) DO UPDATE SET state = excluded.state, version = excluded.version',
  );
  const batch = db.transaction((round: number) => {
    for (let i = 0; i < actors; i++) upsert.run('bench-counter', `d-${i}`, `{"count":${round}}`, round);
  });
  let rows = 0;
  const started = performance.now();
  for (let round = 1; performance.now() - started < ms; round++) {
    batch(round);
    rows += actors;
  }
  const rate = rows / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

export async function coldActivation(): Promise<BenchRow[]> {
  const ACTORS = 60_000;
  const SEQUENTIAL = 5_000;
  const { runtime, db } = sqliteRuntime();
  const insert = db.prepare(
    `INSERT INTO actor_state (type, key, state, version, labels, config, activations, created_at, updated_at)
     VALUES ('bench-counter', ?, ?, 1, '{}', '{}', 1, 0, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < ACTORS; i++) insert.run(`c-${i}`, `{"count":${i}}`);
  })();
  await runtime.start();

  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    const count = await runtime.get('bench-counter', `c-${i}`).ask('get');
    latencies.push(performance.now() - t);
    if (count !== i) throw new Error(`cold activation read ${count}, expected ${i}`);
  }
  latencies.sort((a, b) => a - b);

  let next = SEQUENTIAL;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < ACTORS) await runtime.get('bench-counter', `c-${next++}`).ask('get');
    }),
  );
  const rate = (ACTORS - SEQUENTIAL) / ((performance.now() - started) / 1000);
  await runtime.stop();
  db.close();
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  return [
    row({ suite: SUITE, name: 'cold activation from SQLite, p50', value: p50, unit: 'ms' }),
    row({
      suite: SUITE,
      name: 'cold activation from SQLite, p99',
      value: p99,
      unit: 'ms',
      target: '<= 1 ms',
      pass: p99 <= 1,
    }),
    row({
      suite: SUITE,
      name: 'cold activations, 256 concurrent callers',
      value: rate,
      unit: 'activations/s',
      target: '>= 50,000/s',
      pass: rate >= 50_000,
    }),
  ];
}
