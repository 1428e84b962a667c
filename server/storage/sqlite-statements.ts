// The SQL of the runtime's hot path, prepared once per connection. Column names follow
// prisma/schema.prisma (the migrations are generated from it); reads alias snake_case columns to the
// driver's camelCase fields so rows come back in their final shape without a per-row mapping pass.
import type BetterSqlite3 from 'better-sqlite3';
import type {
  StoredAlarm,
  StoredIdempotency,
  StoredJournalEntry,
  StoredLifecycleEntry,
  StoredStreamEntry,
} from '../runtime/storage.ts';

/** An actor_state row as selected: labels and config are still JSON text. */
export interface ActorRow {
  type: string;
  key: string;
  state: string;
  version: number;
  labels: string;
  config: string;
  activations: number;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number | null;
}

type ActorValues = [
  type: string,
  key: string,
  state: string,
  version: number,
  labels: string,
  config: string,
  activations: number,
  createdAt: number,
  updatedAt: number,
  lastActiveAt: number | null,
];
type ActorKey = [type: string, key: string];

const ACTOR_COLUMNS =
  'type, key, state, version, labels, config, activations, created_at, updated_at, last_active_at';
const ALARM_SELECT =
  'SELECT id, type, key, action, args, due_at AS dueAt, attempts, created_at AS createdAt, cron FROM alarm';

export function prepareStatements(db: BetterSqlite3.Database) {
  return {
    loadActor: db.prepare<ActorKey, ActorRow>(
      `SELECT type, key, state, version, labels, config, activations, created_at AS createdAt,
         updated_at AS updatedAt, last_active_at AS lastActiveAt
       FROM actor_state WHERE type = ? AND key = ?`,
    ),
    // Spawn must not clobber an existing actor: DO NOTHING, and the caller reads `changes`.
    createActor: db.prepare<ActorValues>(
      `INSERT INTO actor_state (${ACTOR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (type, key) DO NOTHING`,
    ),
    // Newest version wins, also when writes arrive out of order; an equal version is a re-commit of the
    // same turn and may overwrite. created_at is never touched on update. A successful write replaces
    // whatever state a `failure` (unloadable row) referred to, so it is cleared.
    upsertState: db.prepare<ActorValues>(
      `INSERT INTO actor_state (${ACTOR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (type, key) DO UPDATE SET
         state = excluded.state, version = excluded.version, labels = excluded.labels,
         config = excluded.config, activations = excluded.activations, failure = NULL,
         updated_at = excluded.updated_at, last_active_at = excluded.last_active_at
       WHERE excluded.version >= actor_state.version`,
    ),
    deleteActor: db.prepare<ActorKey>('DELETE FROM actor_state WHERE type = ? AND key = ?'),

    insertAlarm: db.prepare<[string, string, string, string, number, number, string | null]>(
      `INSERT INTO alarm (type, key, action, args, due_at, attempts, created_at, cron)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    ),
    deleteAlarm: db.prepare<[number]>('DELETE FROM alarm WHERE id = ?'),
    cancelAlarms: db.prepare<[string, string, string]>(
      'DELETE FROM alarm WHERE type = ? AND key = ? AND action = ?',
    ),
    cancelCronAlarm: db.prepare<[string, string, string]>(
      'DELETE FROM alarm WHERE type = ? AND key = ? AND action = ? AND cron IS NOT NULL',
    ),
    deleteActorAlarms: db.prepare<ActorKey>('DELETE FROM alarm WHERE type = ? AND key = ?'),
    dueAlarms: db.prepare<[number, number], StoredAlarm>(
      `${ALARM_SELECT} WHERE due_at <= ? ORDER BY due_at, id LIMIT ?`,
    ),
    nextAlarmDue: db.prepare<[], number | null>('SELECT MIN(due_at) FROM alarm').pluck(),
    rescheduleAlarm: db.prepare<[number, number, number]>(
      'UPDATE alarm SET due_at = ?, attempts = ? WHERE id = ?',
    ),
    listAlarms: db.prepare<ActorKey, StoredAlarm>(
      `${ALARM_SELECT} WHERE type = ? AND key = ? ORDER BY due_at, id`,
    ),

    insertJournal: db.prepare<
      [string, string, number, string, string, string | null, string | null, string | null, number, number]
    >(
      `INSERT INTO journal_entry (type, key, version, action, input, result, error, state, duration_ms, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readJournal: db.prepare<[string, string, number], StoredJournalEntry>(
      `SELECT id, type, key, version, action, input, result, error, state, duration_ms AS durationMs, at
       FROM journal_entry WHERE type = ? AND key = ? ORDER BY id DESC LIMIT ?`,
    ),
    // Deletes everything at or below the (retain+1)-th newest id: one index range scan. When the actor
    // has no more than `retain` entries the subquery is NULL and nothing matches.
    pruneJournal: db.prepare<[string, string, string, string, number]>(
      `DELETE FROM journal_entry WHERE type = ? AND key = ? AND id <= (
         SELECT id FROM journal_entry WHERE type = ? AND key = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    ),
    deleteActorJournal: db.prepare<ActorKey>('DELETE FROM journal_entry WHERE type = ? AND key = ?'),

    insertLifecycle: db.prepare<[string, string, string, string | null, number]>(
      'INSERT INTO lifecycle_event (type, key, event, reason, at) VALUES (?, ?, ?, ?, ?)',
    ),
    readLifecycle: db.prepare<[string, string, number], StoredLifecycleEntry>(
      `SELECT id, type, key, event, reason, at
       FROM lifecycle_event WHERE type = ? AND key = ? ORDER BY id DESC LIMIT ?`,
    ),
    // Same shape as pruneJournal: everything at or below the (retain+1)-th newest id.
    pruneLifecycle: db.prepare<[string, string, string, string, number]>(
      `DELETE FROM lifecycle_event WHERE type = ? AND key = ? AND id <= (
         SELECT id FROM lifecycle_event WHERE type = ? AND key = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    ),
    deleteActorLifecycle: db.prepare<ActorKey>('DELETE FROM lifecycle_event WHERE type = ? AND key = ?'),

    // A re-delivered append (same stream and seq) is a no-op, never a duplicate.
    appendStream: db.prepare<[string, number, string, number]>(
      'INSERT INTO stream_entry (stream, seq, payload, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    trimStream: db.prepare<[string, number]>('DELETE FROM stream_entry WHERE stream = ? AND seq < ?'),
    readStream: db.prepare<[string, number, number], StoredStreamEntry>(
      'SELECT stream, seq, payload, at FROM stream_entry WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),

    // The first answer wins: a duplicate record (same key) never overwrites it.
    insertIdempotency: db.prepare<[string, string, string, string, number, number]>(
      `INSERT INTO idempotency_key (type, key, idem_key, result, version, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    findIdempotency: db.prepare<[string, string, string], StoredIdempotency>(
      'SELECT result, version FROM idempotency_key WHERE type = ? AND key = ? AND idem_key = ?',
    ),
    pruneIdempotency: db.prepare<[number]>('DELETE FROM idempotency_key WHERE at < ?'),
    deleteActorIdempotency: db.prepare<ActorKey>('DELETE FROM idempotency_key WHERE type = ? AND key = ?'),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
