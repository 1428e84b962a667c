// The fixed SQL of the PostgreSQL driver (the commit batch is built per batch: commit-statement.ts).
// Column names follow prisma/postgres/schema.prisma; reads alias snake_case columns to the driver's
// camelCase fields so rows come back in their final shape. Each has a name: pg prepares a named
// statement once per connection and then only binds parameters.
import type pg from 'pg';

const ACTOR_COLUMNS =
  'type, key, state, version, labels, config, activations, created_at, updated_at, last_active_at';
export const ALARM_FIELDS =
  'id, type, key, action, args, due_at AS "dueAt", attempts, created_at AS "createdAt", cron';

const named = (name: string, text: string) => ({ name: `troupe_${name}`, text });

export const SQL = {
  loadActor: named(
    'load_actor',
    `SELECT type, key, state, version, labels, config, activations, created_at AS "createdAt",
       updated_at AS "updatedAt", last_active_at AS "lastActiveAt"
     FROM actor_state WHERE type = $1 AND key = $2`,
  ),
  // Spawn must not clobber an existing actor: DO NOTHING, and the caller reads rowCount.
  createActor: named(
    'create_actor',
    `INSERT INTO actor_state (${ACTOR_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (type, key) DO NOTHING`,
  ),
  // One statement, so atomic: the count says whether the actor itself existed.
  destroyActor: named(
    'destroy_actor',
    `WITH actor AS (DELETE FROM actor_state WHERE type = $1 AND key = $2 RETURNING 1),
       alarms AS (DELETE FROM alarm WHERE type = $1 AND key = $2),
       journal AS (DELETE FROM journal_entry WHERE type = $1 AND key = $2),
       lifecycle AS (DELETE FROM lifecycle_event WHERE type = $1 AND key = $2),
       idempotency AS (DELETE FROM idempotency_key WHERE type = $1 AND key = $2)
     SELECT count(*)::int AS existed FROM actor`,
  ),

  nextAlarmDue: named('next_alarm_due', 'SELECT min(due_at) AS "dueAt" FROM alarm'),
  rescheduleAlarm: named('reschedule_alarm', 'UPDATE alarm SET due_at = $1, attempts = $2 WHERE id = $3'),
  listAlarms: named(
    'list_alarms',
    `SELECT ${ALARM_FIELDS} FROM alarm WHERE type = $1 AND key = $2 ORDER BY due_at, id`,
  ),

  readJournal: named(
    'read_journal',
    `SELECT id, type, key, version, action, input, result, error, state, duration_ms AS "durationMs", at
     FROM journal_entry WHERE type = $1 AND key = $2 ORDER BY id DESC LIMIT $3`,
  ),
  // Deletes everything at or below the (retain+1)-th newest id: one index range scan. When the actor
  // has no more than `retain` entries the subquery is NULL and nothing matches.
  pruneJournal: named(
    'prune_journal',
    `DELETE FROM journal_entry WHERE type = $1 AND key = $2 AND id <= (
       SELECT id FROM journal_entry WHERE type = $1 AND key = $2 ORDER BY id DESC LIMIT 1 OFFSET $3)`,
  ),
  readLifecycle: named(
    'read_lifecycle',
    `SELECT id, type, key, event, reason, at
     FROM lifecycle_event WHERE type = $1 AND key = $2 ORDER BY id DESC LIMIT $3`,
  ),
  pruneLifecycle: named(
    'prune_lifecycle',
    `DELETE FROM lifecycle_event WHERE type = $1 AND key = $2 AND id <= (
       SELECT id FROM lifecycle_event WHERE type = $1 AND key = $2 ORDER BY id DESC LIMIT 1 OFFSET $3)`,
  ),

  readStream: named(
    'read_stream',
    'SELECT stream, seq, payload, at FROM stream_entry WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
  ),
  findIdempotency: named(
    'find_idempotency',
    'SELECT result, version FROM idempotency_key WHERE type = $1 AND key = $2 AND idem_key = $3',
  ),
  pruneIdempotency: named('prune_idempotency', 'DELETE FROM idempotency_key WHERE at < $1'),
} satisfies Record<string, Pick<pg.QueryConfig, 'name' | 'text'>>;
