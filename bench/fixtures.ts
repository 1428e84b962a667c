// Actor types and runtimes used only by benchmarks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineActor } from '../server/runtime/definition.ts';
import { MemoryDriver } from '../server/runtime/memory-driver.ts';
import { Runtime } from '../server/runtime/runtime.ts';
import type { CommitBatch, StorageDriver } from '../server/runtime/storage.ts';
import { openDatabase } from '../server/storage/database.ts';
import { applyMigrations } from '../server/storage/migrate.ts';
import { SqliteDriver } from '../server/storage/sqlite-driver.ts';

/** A durable counter without the journal: what "durable increments" measure. */
export const benchCounter = defineActor({
  type: 'bench-counter',
  state: () => ({ count: 0 }),
  idleTimeoutMs: 10 * 60_000,
  mailboxCapacity: 100_000,
  actions: {
    increment: {
      input: z.object({ by: z.number().int().default(1) }),
      handler: (ctx, { by }) => {
        ctx.state.count += by;
        return ctx.state.count;
      },
    },
    get: { input: z.object({}), handler: (ctx) => ctx.state.count },
  },
});

export function tempDatabaseUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), 'troupe-bench-')), 'bench.db')}`;
}

export function sqliteRuntime(url = tempDatabaseUrl()) {
  const db = openDatabase(url);
  applyMigrations(db, join(process.cwd(), 'prisma', 'migrations'));
  const runtime = new Runtime({
    driver: new SqliteDriver(db),
    types: [benchCounter],
    maxResident: 2_000_000,
    maxResidentBytes: Number.POSITIVE_INFINITY,
  });
  return { runtime, db, url };
}

export function memoryRuntime() {
  return new Runtime({
    driver: new MemoryDriver(),
    types: [benchCounter],
    maxResident: 2_000_000,
    maxResidentBytes: Number.POSITIVE_INFINITY,
  });
}

/** Stores nothing: isolates the runtime's own memory per resident actor. */
export class NullDriver implements StorageDriver {
  async load() {
    return undefined;
  }
  async create() {
    return true;
  }
  async commit(_batch: CommitBatch) {
    return undefined;
  }
  async destroy() {
    return false;
  }
  async dueAlarms() {
    return [];
  }
  async nextAlarmDue() {
    return undefined;
  }
  async rescheduleAlarm() {}
  async pruneJournal() {}
  async pruneLifecycle() {}
  async findIdempotency() {
    return undefined;
  }
  async pruneIdempotency() {}
  async close() {}
}
