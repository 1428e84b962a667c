// Durability facet, group commit: every write that turns produce goes into the open batch,
// committed as ONE storage transaction. The batch is sealed at the end of the tick, or, while the
// previous batch is still committing, when that commit ends: a slow commit (a networked database's
// round trip and fsync) lets the next batch grow instead of queueing many small ones behind it.
// Replies wait for their batch (the output gate), so a caller never sees a result whose state could
// still be lost. Batches commit strictly in order, one at a time.
import type { RuntimeLogger } from './logger.ts';
import { type CommitBatch, emptyBatch, type StateWrite, type StorageDriver } from './storage.ts';

/** Told when the batch settled: `error` if it failed, `refused` the actors a fenced commit refused. */
export type CommitWaiter = (error?: Error, refused?: ReadonlySet<string>) => void;

export interface PendingBatch {
  readonly batch: CommitBatch;
  readonly waiters: CommitWaiter[];
  /** Index of each actor's state write, so several turns of one actor collapse to one upsert. */
  readonly stateIndex: Map<string, number>;
}

export interface CommitStats {
  batches: number;
  lastBatchSize: number;
  lastCommitMs: number;
  failures: number;
}

export class CommitBatcher {
  private collecting: PendingBatch | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private committing = false;
  readonly stats: CommitStats = { batches: 0, lastBatchSize: 0, lastCommitMs: 0, failures: 0 };

  constructor(
    private readonly driver: StorageDriver,
    private readonly logger: RuntimeLogger,
    private readonly onCommitted: (batch: CommitBatch) => void = () => {},
  ) {}

  /** The batch now collecting writes; its commit is scheduled for the end of this tick. */
  current(): PendingBatch {
    if (this.collecting) return this.collecting;
    const pending: PendingBatch = { batch: emptyBatch(), waiters: [], stateIndex: new Map() };
    this.collecting = pending;
    setImmediate(() => this.seal(pending));
    return pending;
  }

  writeState(write: StateWrite): PendingBatch {
    const pending = this.current();
    const id = `${write.type}\u0000${write.key}`;
    const index = pending.stateIndex.get(id);
    if (index === undefined) {
      pending.stateIndex.set(id, pending.batch.states.length);
      pending.batch.states.push(write);
    } else {
      pending.batch.states[index] = write;
    }
    return pending;
  }

  /** Resolves once everything handed to the batcher so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.collecting || this.committing) {
      if (this.collecting) this.seal(this.collecting);
      await this.inFlight;
    }
  }

  private seal(pending: PendingBatch): void {
    if (this.collecting !== pending || this.committing) return; // sealed when the commit ends
    this.collecting = null;
    this.committing = true;
    this.inFlight = this.commit(pending).finally(() => {
      this.committing = false;
      if (this.collecting) this.seal(this.collecting);
    });
  }

  private async commit(pending: PendingBatch): Promise<void> {
    const started = performance.now();
    let failure: Error | undefined;
    let refused: ReadonlySet<string> | undefined;
    try {
      refused = (await this.driver.commit(pending.batch))?.refused;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      this.stats.failures++;
      this.logger.error(
        { err: failure, writes: pending.batch.states.length },
        'commit failed; its turns are lost',
      );
    }
    this.stats.batches++;
    this.stats.lastBatchSize = pending.batch.states.length + pending.batch.journal.length;
    this.stats.lastCommitMs = performance.now() - started;
    if (!failure) this.onCommitted(pending.batch);
    for (const waiter of pending.waiters) waiter(failure, refused);
  }
}
