// The durable storage driver: the runtime's hot path over better-sqlite3, writing the tables Prisma
// owns (prisma/schema.prisma). One Prisma call per state write costs ~0.5 ms of CPU (STACK-NOTES.md),
// so commits go through statements prepared once and one synchronous transaction per batch instead.
// Everything is synchronous inside; the Promise-returning interface lets other drivers be truly async.
import type BetterSqlite3 from 'better-sqlite3';
import {
  type CommitBatch,
  type CommitOutcome,
  isEmptyBatch,
  type StorageDriver,
  type StorageReader,
  type StoredActor,
  type StoredAlarm,
  type StoredIdempotency,
  type StoredJournalEntry,
  type StoredLifecycleEntry,
  type StoredStreamEntry,
} from '../runtime/storage.ts';
import { type ActorRow, prepareStatements, type SqliteStatements } from './sqlite-statements.ts';

// SQLite reads a negative LIMIT as "no limit"; the contract (and the memory driver) return nothing.
const clampLimit = (limit: number) => Math.max(0, Math.floor(limit));

export class SqliteDriver implements StorageDriver, StorageReader {
  private readonly sql: SqliteStatements;
  private readonly commitBatch: (batch: CommitBatch) => void;
  private readonly destroyActor: (type: string, key: string) => boolean;

  /** Takes an open, migrated database (see openDatabase and applyMigrations); close() closes it. */
  constructor(private readonly db: BetterSqlite3.Database) {
    this.sql = prepareStatements(db);
    // db.transaction wraps the function in BEGIN/COMMIT and rolls back if it throws: a batch that
    // fails on any row leaves nothing of itself behind.
    this.commitBatch = db.transaction((batch: CommitBatch) => this.applyBatch(batch));
    this.destroyActor = db.transaction((type: string, key: string) => {
      const existed = this.sql.deleteActor.run(type, key).changes > 0;
      this.sql.deleteActorAlarms.run(type, key);
      this.sql.deleteActorJournal.run(type, key);
      this.sql.deleteActorLifecycle.run(type, key);
      this.sql.deleteActorIdempotency.run(type, key);
      return existed;
    });
  }

  async load(type: string, key: string): Promise<StoredActor | undefined> {
    const row = this.sql.loadActor.get(type, key);
    return row ? toStoredActor(row) : undefined;
  }

  async create(actor: StoredActor): Promise<boolean> {
    const result = this.sql.createActor.run(
      actor.type,
      actor.key,
      actor.state,
      actor.version,
      JSON.stringify(actor.labels),
      JSON.stringify(actor.config),
      actor.activations,
      actor.createdAt,
      actor.updatedAt,
      actor.lastActiveAt,
    );
    return result.changes > 0;
  }

  async commit(batch: CommitBatch): Promise<CommitOutcome | undefined> {
    // An empty BEGIN/COMMIT would still take the write lock.
    if (!isEmptyBatch(batch)) this.commitBatch(batch);
    return undefined; // one process owns every actor: nothing is ever fenced
  }

  async destroy(type: string, key: string): Promise<boolean> {
    return this.destroyActor(type, key);
  }

  async dueAlarms(now: number, limit: number): Promise<StoredAlarm[]> {
    return this.sql.dueAlarms.all(now, clampLimit(limit));
  }

  async nextAlarmDue(): Promise<number | undefined> {
    return this.sql.nextAlarmDue.get() ?? undefined;
  }

  async rescheduleAlarm(id: number, dueAt: number, attempts: number): Promise<void> {
    this.sql.rescheduleAlarm.run(dueAt, attempts, id);
  }

  async listAlarms(type: string, key: string): Promise<StoredAlarm[]> {
    return this.sql.listAlarms.all(type, key);
  }

  async readJournal(type: string, key: string, limit: number): Promise<StoredJournalEntry[]> {
    return this.sql.readJournal.all(type, key, clampLimit(limit));
  }

  async pruneJournal(type: string, key: string, retain: number): Promise<void> {
    this.sql.pruneJournal.run(type, key, type, key, clampLimit(retain));
  }

  async readLifecycle(type: string, key: string, limit: number): Promise<StoredLifecycleEntry[]> {
    return this.sql.readLifecycle.all(type, key, clampLimit(limit));
  }

  async pruneLifecycle(type: string, key: string, retain: number): Promise<void> {
    this.sql.pruneLifecycle.run(type, key, type, key, clampLimit(retain));
  }

  async findIdempotency(type: string, key: string, idemKey: string): Promise<StoredIdempotency | undefined> {
    return this.sql.findIdempotency.get(type, key, idemKey) ?? undefined;
  }

  async pruneIdempotency(before: number): Promise<void> {
    this.sql.pruneIdempotency.run(before);
  }

  async readStream(stream: string, afterSeq: number, limit: number): Promise<StoredStreamEntry[]> {
    return this.sql.readStream.all(stream, afterSeq, clampLimit(limit));
  }

  async close(): Promise<void> {
    // Idempotent, so a test's cleanup and a runtime shutdown can both call it.
    if (this.db.open) this.db.close();
  }

  // Runs inside the commit transaction: synchronous by construction, nothing may await here.
  private applyBatch(batch: CommitBatch): void {
    const sql = this.sql;
    for (const w of batch.states) {
      sql.upsertState.run(
        w.type,
        w.key,
        w.state,
        w.version,
        JSON.stringify(w.labels),
        JSON.stringify(w.config),
        w.activations,
        w.at,
        w.at,
        w.lastActiveAt,
      );
    }
    // Deletes before adds, as in the memory driver, so a batch can replace an actor's alarm.
    const gone = new Set<number>(); // fired alarms a cancel committed meanwhile already removed
    for (const { id } of batch.alarmsDeleted) if (sql.deleteAlarm.run(id).changes === 0) gone.add(id);
    for (const c of batch.alarmsCancelled) {
      if (c.cronOnly) sql.cancelCronAlarm.run(c.type, c.key, c.action);
      else sql.cancelAlarms.run(c.type, c.key, c.action);
    }
    // AlarmWrite carries no creation time; the memory driver records dueAt, and so do we, to agree.
    for (const a of batch.alarmsAdded) {
      if (a.continues !== undefined && gone.has(a.continues)) continue; // its schedule ended meanwhile
      sql.insertAlarm.run(a.type, a.key, a.action, a.args, a.dueAt, a.dueAt, a.cron);
    }
    for (const j of batch.journal) {
      sql.insertJournal.run(
        j.type,
        j.key,
        j.version,
        j.action,
        j.input,
        j.result,
        j.error,
        j.state,
        j.durationMs,
        j.at,
      );
    }
    for (const l of batch.lifecycle) sql.insertLifecycle.run(l.type, l.key, l.event, l.reason, l.at);
    for (const e of batch.streamAppends) sql.appendStream.run(e.stream, e.seq, e.payload, e.at);
    for (const t of batch.streamTrims) sql.trimStream.run(t.stream, t.belowSeq);
    for (const r of batch.idempotency)
      sql.insertIdempotency.run(r.type, r.key, r.idemKey, r.result, r.version, r.at);
  }
}

function toStoredActor(row: ActorRow): StoredActor {
  return {
    ...row,
    labels: JSON.parse(row.labels) as Record<string, string>,
    config: JSON.parse(row.config) as StoredActor['config'],
  };
}
