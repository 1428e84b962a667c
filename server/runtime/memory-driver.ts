// In-memory storage driver: the reference implementation of the driver contract, used by runtime
// tests (milliseconds, no files) and for ephemeral runtimes. Copies on the way in and out so callers
// can never alias stored data.
import { actorsOf, withoutActors } from './fenced-batch.ts';
import {
  actorId,
  type CommitBatch,
  type CommitOutcome,
  type StorageDriver,
  type StorageReader,
  type StoredActor,
  type StoredAlarm,
  type StoredIdempotency,
  type StoredJournalEntry,
  type StoredLifecycleEntry,
  type StoredStreamEntry,
} from './storage.ts';

const idOf = actorId;

export class MemoryDriver implements StorageDriver, StorageReader {
  private actors = new Map<string, StoredActor>();
  private alarms = new Map<number, StoredAlarm>();
  private journal: StoredJournalEntry[] = [];
  private lifecycle: StoredLifecycleEntry[] = [];
  private streams = new Map<string, StoredStreamEntry[]>();
  private idempotency = new Map<string, StoredIdempotency & { at: number }>();
  private nextId = 1;
  /** Test hook: make the next commits fail, to exercise storage-failure paths. */
  failCommits = false;
  /** Test hook: actors whose writes commits refuse, as a fenced (cluster) driver does for moved actors. */
  readonly fenced = new Set<string>();

  async load(type: string, key: string): Promise<StoredActor | undefined> {
    const actor = this.actors.get(idOf(type, key));
    return actor ? structuredClone(actor) : undefined;
  }

  async create(actor: StoredActor): Promise<boolean> {
    const id = idOf(actor.type, actor.key);
    if (this.actors.has(id)) return false;
    this.actors.set(id, structuredClone(actor));
    return true;
  }

  async commit(whole: CommitBatch): Promise<CommitOutcome | undefined> {
    if (this.failCommits) throw new Error('memory driver: commit failed (injected)');
    const refused = new Set([...this.fenced].filter((id) => hasWritesOf(whole, id)));
    const batch = refused.size > 0 ? withoutActors(whole, refused) : whole;
    for (const write of batch.states) {
      const id = idOf(write.type, write.key);
      const existing = this.actors.get(id);
      if (existing && existing.version > write.version) continue;
      this.actors.set(id, {
        type: write.type,
        key: write.key,
        state: write.state,
        version: write.version,
        labels: { ...write.labels },
        config: { ...write.config },
        activations: write.activations,
        createdAt: existing?.createdAt ?? write.at,
        updatedAt: write.at,
        lastActiveAt: write.lastActiveAt,
      });
    }
    const stillStored = new Set<number>();
    for (const { id } of batch.alarmsDeleted) if (this.alarms.delete(id)) stillStored.add(id);
    for (const cancel of batch.alarmsCancelled) {
      for (const [id, a] of this.alarms) {
        if (a.type !== cancel.type || a.key !== cancel.key || a.action !== cancel.action) continue;
        if (!cancel.cronOnly || a.cron !== null) this.alarms.delete(id);
      }
    }
    for (const { continues, ...alarm } of batch.alarmsAdded) {
      if (continues !== undefined && !stillStored.has(continues)) continue; // its schedule ended meanwhile
      const id = this.nextId++;
      this.alarms.set(id, { ...alarm, id, attempts: 0, createdAt: alarm.dueAt });
    }
    for (const entry of batch.journal) this.journal.push({ ...entry, id: this.nextId++ });
    for (const entry of batch.lifecycle) this.lifecycle.push({ ...entry, id: this.nextId++ });
    for (const entry of batch.streamAppends) {
      const stream = this.streams.get(entry.stream) ?? [];
      if (!stream.some((e) => e.seq === entry.seq)) stream.push({ ...entry });
      this.streams.set(entry.stream, stream);
    }
    for (const r of batch.idempotency) {
      const id = `${idOf(r.type, r.key)}\u0000${r.idemKey}`;
      if (!this.idempotency.has(id))
        this.idempotency.set(id, { result: r.result, version: r.version, at: r.at });
    }
    for (const trim of batch.streamTrims) {
      const stream = this.streams.get(trim.stream);
      if (stream)
        this.streams.set(
          trim.stream,
          stream.filter((e) => e.seq >= trim.belowSeq),
        );
    }
    return refused.size > 0 ? { refused } : undefined;
  }

  async findIdempotency(type: string, key: string, idemKey: string): Promise<StoredIdempotency | undefined> {
    const found = this.idempotency.get(`${idOf(type, key)}\u0000${idemKey}`);
    return found ? { result: found.result, version: found.version } : undefined;
  }

  async pruneIdempotency(before: number): Promise<void> {
    for (const [id, r] of this.idempotency) if (r.at < before) this.idempotency.delete(id);
  }

  async readStream(stream: string, afterSeq: number, limit: number): Promise<StoredStreamEntry[]> {
    const entries = this.streams.get(stream) ?? [];
    return entries
      .filter((e) => e.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, Math.max(0, limit))
      .map((e) => ({ ...e }));
  }

  async destroy(type: string, key: string): Promise<boolean> {
    const existed = this.actors.delete(idOf(type, key));
    const prefix = `${idOf(type, key)}\u0000`;
    for (const id of this.idempotency.keys()) if (id.startsWith(prefix)) this.idempotency.delete(id);
    const mine = (e: { type: string; key: string }) => e.type === type && e.key === key;
    for (const [id, alarm] of this.alarms) if (mine(alarm)) this.alarms.delete(id);
    this.journal = this.journal.filter((e) => !mine(e));
    this.lifecycle = this.lifecycle.filter((e) => !mine(e));
    return existed;
  }

  async dueAlarms(now: number, limit: number): Promise<StoredAlarm[]> {
    return [...this.alarms.values()]
      .filter((a) => a.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
      .slice(0, limit)
      .map((a) => ({ ...a }));
  }

  async nextAlarmDue(): Promise<number | undefined> {
    let next: number | undefined;
    for (const alarm of this.alarms.values())
      if (next === undefined || alarm.dueAt < next) next = alarm.dueAt;
    return next;
  }

  async rescheduleAlarm(id: number, dueAt: number, attempts: number): Promise<void> {
    const alarm = this.alarms.get(id);
    if (alarm) this.alarms.set(id, { ...alarm, dueAt, attempts });
  }

  async listAlarms(type: string, key: string): Promise<StoredAlarm[]> {
    return [...this.alarms.values()]
      .filter((a) => a.type === type && a.key === key)
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
      .map((a) => ({ ...a }));
  }

  async readJournal(type: string, key: string, limit: number): Promise<StoredJournalEntry[]> {
    return newestFirst(this.journal, type, key, limit);
  }

  async pruneJournal(type: string, key: string, retain: number): Promise<void> {
    const keep = new Set(newestFirst(this.journal, type, key, retain).map((e) => e.id));
    this.journal = this.journal.filter((e) => e.type !== type || e.key !== key || keep.has(e.id));
  }

  async readLifecycle(type: string, key: string, limit: number): Promise<StoredLifecycleEntry[]> {
    return newestFirst(this.lifecycle, type, key, limit);
  }

  async pruneLifecycle(type: string, key: string, retain: number): Promise<void> {
    const keep = new Set(newestFirst(this.lifecycle, type, key, retain).map((e) => e.id));
    this.lifecycle = this.lifecycle.filter((e) => e.type !== type || e.key !== key || keep.has(e.id));
  }

  async close(): Promise<void> {}
}

function newestFirst<T extends { type: string; key: string; id: number }>(
  entries: T[],
  type: string,
  key: string,
  limit: number,
): T[] {
  const out: T[] = [];
  for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
    const entry = entries[i] as T;
    if (entry.type === type && entry.key === key) out.push({ ...entry });
  }
  return out;
}

function hasWritesOf(batch: CommitBatch, id: string): boolean {
  return actorsOf(batch).has(id);
}
