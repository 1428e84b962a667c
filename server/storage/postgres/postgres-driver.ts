// The PostgreSQL storage driver (cluster mode): the runtime's hot path over a pg.Pool, writing the
// tables Prisma owns (prisma/postgres/schema.prisma). Group commit: a batch is one statement
// (commit-statement.ts), one round trip however many rows. With a CommitFence (server/cluster) the
// batch runs in a transaction that first asks the fence which actors this node may no longer write.
// Due alarms are claimed, so several nodes polling one table never fire the same alarm at once
// (alarm-claims.ts). Errors are thrown as they come (the runtime logs them and answers callers
// generically); no SQL text is put into them.
import type pg from 'pg';
import { actorsOf, withoutActors } from '../../runtime/fenced-batch.ts';
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
} from '../../runtime/storage.ts';
import { AlarmClaims } from './alarm-claims.ts';
import type { CommitFence } from './commit-fence.ts';
import { commitStatement } from './commit-statement.ts';
import { SQL } from './postgres-statements.ts';

export const DEFAULT_ALARM_CLAIM_MS = 30_000;

export interface PostgresDriverOptions {
  /** Cluster mode: refuses the writes of actors this node no longer owns. */
  fence?: CommitFence;
  /** How long a claimed alarm stays invisible to other nodes after this node's last poll. */
  alarmClaimMs?: number;
}

interface ActorRow extends Omit<StoredActor, 'labels' | 'config'> {
  labels: string;
  config: string;
}

// PostgreSQL refuses a negative LIMIT; the contract (and the memory driver) return nothing.
const clampLimit = (limit: number) => Math.max(0, Math.floor(limit));

export class PostgresDriver implements StorageDriver, StorageReader {
  private readonly fence: CommitFence | undefined;
  private readonly claims: AlarmClaims;
  private closed: Promise<void> | undefined;

  /** Takes a pool on a migrated database (see applyPostgresMigrations); close() ends the pool. */
  constructor(
    private readonly pool: pg.Pool,
    options: PostgresDriverOptions = {},
  ) {
    this.fence = options.fence;
    this.claims = new AlarmClaims(pool, options.alarmClaimMs ?? DEFAULT_ALARM_CLAIM_MS);
  }

  async load(type: string, key: string): Promise<StoredActor | undefined> {
    const { rows } = await this.pool.query<ActorRow>({ ...SQL.loadActor, values: [type, key] });
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...row,
      labels: JSON.parse(row.labels) as StoredActor['labels'],
      config: JSON.parse(row.config) as StoredActor['config'],
    };
  }

  async create(actor: StoredActor): Promise<boolean> {
    const result = await this.pool.query({
      ...SQL.createActor,
      values: [
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
      ],
    });
    return (result.rowCount ?? 0) > 0;
  }

  async commit(batch: CommitBatch): Promise<CommitOutcome | undefined> {
    if (isEmptyBatch(batch)) return undefined;
    if (!this.fence) {
      const statement = commitStatement(batch);
      if (statement) await this.pool.query(statement);
      this.claims.forget(batch.alarmsDeleted.map((d) => d.id));
      return undefined;
    }
    const { refused, applied } = await this.fencedCommit(this.fence, batch);
    this.claims.forget(applied.alarmsDeleted.map((d) => d.id));
    return refused.size > 0 ? { refused } : undefined;
  }

  async destroy(type: string, key: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ existed: number }>({ ...SQL.destroyActor, values: [type, key] });
    this.claims.forgetActor(type, key);
    return (rows[0]?.existed ?? 0) > 0;
  }

  dueAlarms(now: number, limit: number): Promise<StoredAlarm[]> {
    return this.claims.due(now, limit);
  }

  async nextAlarmDue(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ dueAt: number | null }>(SQL.nextAlarmDue);
    return this.claims.earliest(rows[0]?.dueAt ?? undefined);
  }

  async rescheduleAlarm(id: number, dueAt: number, attempts: number): Promise<void> {
    await this.pool.query({ ...SQL.rescheduleAlarm, values: [dueAt, attempts, id] });
    this.claims.forget([id]); // an explicit due time: no longer this node's claim
  }

  async listAlarms(type: string, key: string): Promise<StoredAlarm[]> {
    const { rows } = await this.pool.query<StoredAlarm>({ ...SQL.listAlarms, values: [type, key] });
    return rows.map((row) => this.claims.asStored(row)).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  }

  async readJournal(type: string, key: string, limit: number): Promise<StoredJournalEntry[]> {
    const { rows } = await this.pool.query<StoredJournalEntry>({
      ...SQL.readJournal,
      values: [type, key, clampLimit(limit)],
    });
    return rows;
  }

  async pruneJournal(type: string, key: string, retain: number): Promise<void> {
    await this.pool.query({ ...SQL.pruneJournal, values: [type, key, clampLimit(retain)] });
  }

  async readLifecycle(type: string, key: string, limit: number): Promise<StoredLifecycleEntry[]> {
    const { rows } = await this.pool.query<StoredLifecycleEntry>({
      ...SQL.readLifecycle,
      values: [type, key, clampLimit(limit)],
    });
    return rows;
  }

  async pruneLifecycle(type: string, key: string, retain: number): Promise<void> {
    await this.pool.query({ ...SQL.pruneLifecycle, values: [type, key, clampLimit(retain)] });
  }

  async findIdempotency(type: string, key: string, idemKey: string): Promise<StoredIdempotency | undefined> {
    const { rows } = await this.pool.query<StoredIdempotency>({
      ...SQL.findIdempotency,
      values: [type, key, idemKey],
    });
    return rows[0];
  }

  async pruneIdempotency(before: number): Promise<void> {
    await this.pool.query({ ...SQL.pruneIdempotency, values: [before] });
  }

  async readStream(stream: string, afterSeq: number, limit: number): Promise<StoredStreamEntry[]> {
    const { rows } = await this.pool.query<StoredStreamEntry>({
      ...SQL.readStream,
      values: [stream, afterSeq, clampLimit(limit)],
    });
    return rows;
  }

  /** Idempotent, so a test's cleanup and a runtime shutdown can both call it. */
  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }

  /** One transaction: the fence's check (which locks the ownership rows it reads), then the writes. */
  private async fencedCommit(
    fence: CommitFence,
    batch: CommitBatch,
  ): Promise<{ refused: ReadonlySet<string>; applied: CommitBatch }> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const actors = actorsOf(batch);
        const refused = actors.size > 0 ? await fence.refused(client, actors) : new Set<string>();
        const applied = refused.size > 0 ? withoutActors(batch, refused) : batch;
        const statement = commitStatement(applied);
        if (statement) await client.query(statement);
        await client.query('COMMIT');
        return { refused, applied };
      } catch (error) {
        // A connection that cannot even roll back is not returned to the pool.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }
}
