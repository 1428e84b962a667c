// The storage driver interface: everything the runtime persists goes through it. Two drivers
// implement it (memory-driver.ts, and server/storage/sqlite-driver.ts) and one conformance suite
// (testing/storage-conformance.ts) runs against both. Payloads are JSON strings: the runtime serializes once.

export interface StoredActor {
  type: string;
  key: string;
  state: string; // JSON
  version: number;
  labels: Record<string, string>;
  config: ActorConfig;
  activations: number;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number | null;
}

export interface ActorConfig {
  idleTimeoutMs?: number;
}

export interface StateWrite {
  type: string;
  key: string;
  state: string;
  version: number;
  labels: Record<string, string>;
  config: ActorConfig;
  activations: number;
  lastActiveAt: number;
  at: number;
}

export interface AlarmWrite {
  type: string;
  key: string;
  action: string;
  args: string; // JSON
  dueAt: number;
  /** A cron schedule's expression: when it fires, the turn's commit adds the next occurrence. */
  cron: string | null;
}

/** An alarm a batch adds. A cron's next occurrence names the fired alarm it continues. */
export interface AlarmAdd extends AlarmWrite {
  /**
   * Added only if this alarm (the one that fired; the same batch deletes it) is still stored: a
   * cancel or a replacing schedule committed after the fire was read from storage ended the schedule.
   */
  continues?: number;
}

/** A fired alarm the batch deletes, named with its actor (so a fenced commit can drop it with the actor's other writes). */
export interface AlarmDelete {
  id: number;
  type: string;
  key: string;
}

/** Removes an actor's stored alarms for one action (only its cron schedule when `cronOnly`). */
export interface AlarmCancel {
  type: string;
  key: string;
  action: string;
  cronOnly: boolean;
}

export interface StoredAlarm extends AlarmWrite {
  id: number;
  attempts: number;
  createdAt: number;
}

export interface JournalWrite {
  type: string;
  key: string;
  version: number;
  action: string;
  input: string; // JSON
  result: string | null; // JSON
  error: string | null;
  state: string | null; // JSON snapshot after the turn
  durationMs: number;
  at: number;
}

export interface StoredJournalEntry extends JournalWrite {
  id: number;
}

export interface LifecycleWrite {
  type: string;
  key: string;
  event: string;
  reason: string | null;
  at: number;
}

export interface StoredLifecycleEntry extends LifecycleWrite {
  id: number;
}

/** One entry of a durable append-only stream (e.g. a pipeline's sink outputs), written with its turn. */
export interface StreamAppend {
  stream: string;
  seq: number;
  payload: string; // JSON
  at: number;
}

export interface StoredStreamEntry extends StreamAppend {}

/** Drops a stream's entries below `belowSeq` (retention). */
export interface StreamTrim {
  stream: string;
  belowSeq: number;
}

/** The answer to an invocation made with an idempotency key, committed with its turn. */
export interface IdempotencyWrite {
  type: string;
  key: string;
  idemKey: string;
  result: string; // JSON
  version: number;
  at: number;
}

export interface StoredIdempotency {
  result: string;
  version: number;
}

/** Everything that turns finished in one tick want written: committed atomically, in one transaction. */
export interface CommitBatch {
  states: StateWrite[];
  alarmsAdded: AlarmAdd[];
  alarmsDeleted: AlarmDelete[];
  /** Applied before alarmsAdded (and after alarmsDeleted); staging drops adds a later cancel covers. */
  alarmsCancelled: AlarmCancel[];
  journal: JournalWrite[];
  lifecycle: LifecycleWrite[];
  streamAppends: StreamAppend[];
  streamTrims: StreamTrim[];
  idempotency: IdempotencyWrite[];
}

export function emptyBatch(): CommitBatch {
  return {
    states: [],
    alarmsAdded: [],
    alarmsDeleted: [],
    alarmsCancelled: [],
    journal: [],
    lifecycle: [],
    streamAppends: [],
    streamTrims: [],
    idempotency: [],
  };
}

export function isEmptyBatch(batch: CommitBatch): boolean {
  return (
    batch.states.length === 0 &&
    batch.alarmsAdded.length === 0 &&
    batch.alarmsDeleted.length === 0 &&
    batch.alarmsCancelled.length === 0 &&
    batch.journal.length === 0 &&
    batch.lifecycle.length === 0 &&
    batch.streamAppends.length === 0 &&
    batch.streamTrims.length === 0 &&
    batch.idempotency.length === 0
  );
}

/** The one spelling of an actor's identity as a Map/Set key (NUL cannot appear in a type name). */
export function actorId(type: string, key: string): string {
  return `${type}\u0000${key}`;
}

/**
 * What a commit reports. A fenced driver (cluster mode) refuses the writes of actors this node no
 * longer owns, commits everything else of the batch, and names the refused actors (actorId) here.
 */
export interface CommitOutcome {
  refused?: ReadonlySet<string>;
}

export interface StorageDriver {
  /** The stored actor, or undefined if it was never created (or destroyed). */
  load(type: string, key: string): Promise<StoredActor | undefined>;
  /** Inserts the actor if absent; false if it already exists (spawn -> CONFLICT). */
  create(actor: StoredActor): Promise<boolean>;
  /** Applies the whole batch atomically; states are upserts, newest version wins. */
  commit(batch: CommitBatch): Promise<CommitOutcome | undefined>;
  /** Removes the actor's state, alarms, journal, lifecycle log and idempotency records; false if nothing existed. */
  destroy(type: string, key: string): Promise<boolean>;

  dueAlarms(now: number, limit: number): Promise<StoredAlarm[]>;
  nextAlarmDue(): Promise<number | undefined>;
  rescheduleAlarm(id: number, dueAt: number, attempts: number): Promise<void>;

  /** Keeps the newest `retain` journal entries of the actor. */
  pruneJournal(type: string, key: string, retain: number): Promise<void>;
  /** Keeps the newest `retain` lifecycle events of the actor. */
  pruneLifecycle(type: string, key: string, retain: number): Promise<void>;

  /** The recorded answer for (type, key, idemKey), if that invocation already committed. */
  findIdempotency(type: string, key: string, idemKey: string): Promise<StoredIdempotency | undefined>;
  /** Forgets idempotency records written before `before` (epoch ms): the dedup window. */
  pruneIdempotency(before: number): Promise<void>;

  close(): Promise<void>;
}

/**
 * Reads of what the runtime writes but never reads back itself: the control plane reads these
 * tables through Prisma. Both drivers implement them for the conformance suite and runtime tests.
 */
export interface StorageReader {
  listAlarms(type: string, key: string): Promise<StoredAlarm[]>;
  /** Newest first. */
  readJournal(type: string, key: string, limit: number): Promise<StoredJournalEntry[]>;
  /** Newest first. */
  readLifecycle(type: string, key: string, limit: number): Promise<StoredLifecycleEntry[]>;
  /** Entries with seq > afterSeq, oldest first. */
  readStream(stream: string, afterSeq: number, limit: number): Promise<StoredStreamEntry[]>;
}
