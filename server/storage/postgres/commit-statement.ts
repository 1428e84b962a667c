// A whole commit batch as ONE PostgreSQL statement: each kind of write is a data-modifying CTE over
// arrays (`unnest($1::text[], ...)`), so a batch of thousands of rows costs one round trip and one
// plan, and is atomic without BEGIN/COMMIT. All CTEs see the snapshot taken before the statement, so
// the order the contract asks for (deletes and cancels before adds, trims after appends) is built into
// the SQL and the arrays rather than into statement order; see each part.
import {
  type AlarmAdd,
  type AlarmCancel,
  actorId,
  type CommitBatch,
  type IdempotencyWrite,
  type JournalWrite,
  type LifecycleWrite,
  type StateWrite,
  type StreamAppend,
} from '../../runtime/storage.ts';

export interface CommitStatement {
  /** Prepared-statement name: one per combination of parts, so each connection plans each shape once. */
  name: string;
  text: string;
  values: unknown[];
}

/** A column of an unnest: its name, its PostgreSQL type and how a row gives its value. */
type Column<T> = [name: string, type: string, value: (row: T) => unknown];

class Params {
  readonly values: unknown[] = [];

  /** `unnest($1::text[], $2::int[], ...) WITH ORDINALITY AS alias(col, ..., ord)`: one array per column. */
  unnest<T>(rows: readonly T[], columns: Column<T>[], alias: string): string {
    const arrays = columns.map(([, type, value]) => {
      this.values.push(rows.map(value)); // pg sends a JS array as a PostgreSQL array literal
      return `$${this.values.length}::${type}[]`;
    });
    const names = columns.map(([name]) => name).join(', ');
    return `unnest(${arrays.join(', ')}) WITH ORDINALITY AS ${alias}(${names}, ord)`;
  }

  array(values: unknown[], type: string): string {
    this.values.push(values);
    return `$${this.values.length}::${type}[]`;
  }
}

interface StateRow {
  write: StateWrite;
  /** created_at if the row is new: when the batch first wrote the actor. */
  createdAt: number;
}

const STATE_COLUMNS: Column<StateRow>[] = [
  ['type', 'text', (s) => s.write.type],
  ['key', 'text', (s) => s.write.key],
  ['state', 'text', (s) => s.write.state],
  ['version', 'int', (s) => s.write.version],
  ['labels', 'text', (s) => JSON.stringify(s.write.labels)],
  ['config', 'text', (s) => JSON.stringify(s.write.config)],
  ['activations', 'int', (s) => s.write.activations],
  ['created_at', 'float8', (s) => s.createdAt],
  ['updated_at', 'float8', (s) => s.write.at],
  ['last_active_at', 'float8', (s) => s.write.lastActiveAt],
];
const CANCEL_COLUMNS: Column<AlarmCancel>[] = [
  ['type', 'text', (c) => c.type],
  ['key', 'text', (c) => c.key],
  ['action', 'text', (c) => c.action],
  ['cron_only', 'bool', (c) => c.cronOnly],
];
const ALARM_COLUMNS: Column<AlarmAdd>[] = [
  ['type', 'text', (a) => a.type],
  ['key', 'text', (a) => a.key],
  ['action', 'text', (a) => a.action],
  ['args', 'text', (a) => a.args],
  ['due_at', 'float8', (a) => a.dueAt],
  ['cron', 'text', (a) => a.cron],
  ['continues', 'int', (a) => a.continues ?? null],
];
const JOURNAL_COLUMNS: Column<JournalWrite>[] = [
  ['type', 'text', (j) => j.type],
  ['key', 'text', (j) => j.key],
  ['version', 'int', (j) => j.version],
  ['action', 'text', (j) => j.action],
  ['input', 'text', (j) => j.input],
  ['result', 'text', (j) => j.result],
  ['error', 'text', (j) => j.error],
  ['state', 'text', (j) => j.state],
  ['duration_ms', 'float8', (j) => j.durationMs],
  ['at', 'float8', (j) => j.at],
];
const LIFECYCLE_COLUMNS: Column<LifecycleWrite>[] = [
  ['type', 'text', (l) => l.type],
  ['key', 'text', (l) => l.key],
  ['event', 'text', (l) => l.event],
  ['reason', 'text', (l) => l.reason],
  ['at', 'float8', (l) => l.at],
];
const STREAM_COLUMNS: Column<StreamAppend>[] = [
  ['stream', 'text', (e) => e.stream],
  ['seq', 'int', (e) => e.seq],
  ['payload', 'text', (e) => e.payload],
  ['at', 'float8', (e) => e.at],
];
const TRIM_COLUMNS: Column<[stream: string, belowSeq: number]>[] = [
  ['stream', 'text', ([stream]) => stream],
  ['below', 'int', ([, below]) => below],
];
const IDEMPOTENCY_COLUMNS: Column<IdempotencyWrite>[] = [
  ['type', 'text', (r) => r.type],
  ['key', 'text', (r) => r.key],
  ['idem_key', 'text', (r) => r.idemKey],
  ['result', 'text', (r) => r.result],
  ['version', 'int', (r) => r.version],
  ['at', 'float8', (r) => r.at],
];

/** Column list of an INSERT ... SELECT from an unnest aliased `alias`. */
const select = <T>(alias: string, columns: Column<T>[]) =>
  columns.map(([name]) => `${alias}.${name}`).join(', ');
const names = <T>(columns: Column<T>[]) => columns.map(([name]) => name).join(', ');

/** The statement that applies `batch`, or null when it writes nothing. */
export function commitStatement(batch: CommitBatch): CommitStatement | null {
  const p = new Params();
  const parts: string[] = [];
  let shape = '';
  const add = (letter: string, cte: string) => {
    shape += letter;
    parts.push(cte);
  };

  const states = newestPerActor(batch.states);
  if (states.length > 0) {
    // Newest version wins; an equal version is a re-commit of the same turn and may overwrite.
    // created_at is never touched on update. A successful write replaces whatever state a `failure`
    // (unloadable row) referred to, so it is cleared.
    add(
      's',
      `state_upserted AS (
        INSERT INTO actor_state (${names(STATE_COLUMNS)})
        SELECT ${select('s', STATE_COLUMNS)} FROM ${p.unnest(states, STATE_COLUMNS, 's')}
        ON CONFLICT (type, key) DO UPDATE SET
          state = excluded.state, version = excluded.version, labels = excluded.labels,
          config = excluded.config, activations = excluded.activations, failure = NULL,
          updated_at = excluded.updated_at, last_active_at = excluded.last_active_at
        WHERE excluded.version >= actor_state.version)`,
    );
  }

  const deletedIds = batch.alarmsDeleted.map((d) => d.id);
  if (deletedIds.length > 0)
    add(
      'd',
      `alarm_deleted AS (DELETE FROM alarm WHERE id = ANY(${p.array(deletedIds, 'int')}) RETURNING id)`,
    );
  if (batch.alarmsCancelled.length > 0) {
    // The fired alarms alarm_deleted removes are left to it, so its RETURNING (which decides the
    // continuations below) never depends on which of two CTEs reached a row first.
    add(
      'c',
      `alarm_cancelled AS (
        DELETE FROM alarm a USING ${p.unnest(batch.alarmsCancelled, CANCEL_COLUMNS, 'c')}
        WHERE a.type = c.type AND a.key = c.key AND a.action = c.action
          AND (NOT c.cron_only OR a.cron IS NOT NULL) AND a.id <> ALL(${p.array(deletedIds, 'int')}))`,
    );
  }
  if (batch.alarmsAdded.length > 0) {
    // Adds never meet this batch's deletes or cancels (the snapshot predates them). A cron's next
    // occurrence is added only if its fired alarm was still stored, i.e. this batch deleted it.
    // AlarmWrite carries no creation time: created_at is dueAt, as in the other drivers.
    const continued = deletedIds.length > 0 ? ' OR a.continues IN (SELECT id FROM alarm_deleted)' : '';
    add(
      'a',
      `alarm_added AS (
        INSERT INTO alarm (type, key, action, args, due_at, attempts, created_at, cron)
        SELECT a.type, a.key, a.action, a.args, a.due_at, 0, a.due_at, a.cron
        FROM ${p.unnest(batch.alarmsAdded, ALARM_COLUMNS, 'a')}
        WHERE a.continues IS NULL${continued}
        ORDER BY a.ord)`,
    );
  }

  // ORDER BY the array position: ids (SERIAL) follow the batch's order, as newest-first reads expect.
  if (batch.journal.length > 0) {
    add(
      'j',
      `journal_added AS (
        INSERT INTO journal_entry (${names(JOURNAL_COLUMNS)})
        SELECT ${select('j', JOURNAL_COLUMNS)} FROM ${p.unnest(batch.journal, JOURNAL_COLUMNS, 'j')}
        ORDER BY j.ord)`,
    );
  }
  if (batch.lifecycle.length > 0) {
    add(
      'l',
      `lifecycle_added AS (
        INSERT INTO lifecycle_event (${names(LIFECYCLE_COLUMNS)})
        SELECT ${select('l', LIFECYCLE_COLUMNS)} FROM ${p.unnest(batch.lifecycle, LIFECYCLE_COLUMNS, 'l')}
        ORDER BY l.ord)`,
    );
  }

  // Trims apply after appends: an append the same batch trims away is simply not written, and the
  // DELETE (which sees only rows from before the statement) removes the older ones.
  const trimmedBelow = new Map<string, number>();
  for (const t of batch.streamTrims)
    trimmedBelow.set(t.stream, Math.max(trimmedBelow.get(t.stream) ?? t.belowSeq, t.belowSeq));
  const appends = batch.streamAppends.filter((e) => e.seq >= (trimmedBelow.get(e.stream) ?? e.seq));
  if (appends.length > 0) {
    // A re-delivered append (same stream and seq) is a no-op, never a duplicate.
    add(
      'e',
      `stream_appended AS (
        INSERT INTO stream_entry (${names(STREAM_COLUMNS)})
        SELECT ${select('e', STREAM_COLUMNS)} FROM ${p.unnest(appends, STREAM_COLUMNS, 'e')}
        ON CONFLICT DO NOTHING)`,
    );
  }
  if (trimmedBelow.size > 0) {
    add(
      't',
      `stream_trimmed AS (
        DELETE FROM stream_entry s USING ${p.unnest([...trimmedBelow], TRIM_COLUMNS, 't')}
        WHERE s.stream = t.stream AND s.seq < t.below)`,
    );
  }

  if (batch.idempotency.length > 0) {
    // The first answer wins: a duplicate record (same key) never overwrites it.
    add(
      'i',
      `idempotency_added AS (
        INSERT INTO idempotency_key (${names(IDEMPOTENCY_COLUMNS)})
        SELECT ${select('i', IDEMPOTENCY_COLUMNS)} FROM ${p.unnest(batch.idempotency, IDEMPOTENCY_COLUMNS, 'i')}
        ON CONFLICT DO NOTHING)`,
    );
  }

  if (parts.length === 0) return null;
  // Data-modifying CTEs run to completion whether or not the main query reads them.
  return { name: `troupe_commit_${shape}`, text: `WITH ${parts.join(',\n')}\nSELECT 1`, values: p.values };
}

/**
 * One row per actor (an upsert may not touch a row twice in one statement): its newest version, the
 * later write on a tie, as applying the writes one by one would leave it.
 */
function newestPerActor(writes: StateWrite[]): StateRow[] {
  const rows = new Map<string, StateRow>();
  for (const write of writes) {
    const id = actorId(write.type, write.key);
    const seen = rows.get(id);
    if (!seen) rows.set(id, { write, createdAt: write.at });
    else if (write.version >= seen.write.version) seen.write = write;
  }
  return [...rows.values()];
}
