// Exactly-once publish, decided per pipeline by the ingress ledger (batch-ledger.ts). One batchId
// runs at most once: a retry of a done batch answers its events as duplicates without running; a
// retry racing the first run joins it; a retry of a pending batch (its run failed half-way, or the
// process died) re-drives the records stored at its first run, under the same hop keys, so stages
// that already committed their part skip it. Pending batches are completed before a rescale and at
// start-up, so hop keys are only ever replayed under the partitioning they were derived for.
import { ActorError } from '../runtime/errors.ts';
import { type BatchLedger, digestOf } from './batch-ledger.ts';
import type { TRecord } from './operators.ts';
import type { TSensorEvent } from './spec.ts';

export interface PublishOutcome {
  /** Events this call ran through the pipeline. */
  accepted: number;
  /** Events of a batchId that had already been run: not applied again. */
  duplicates: number;
}

export interface KeyedRun {
  /** Admits a first run (may reject it whole) and returns the records to run. */
  fresh(): TRecord[];
  /** Runs records through every stage under hop keys derived from the batchId. */
  drive(records: TRecord[]): Promise<void>;
}

export class KeyedIntake {
  /** Runs in flight by pipeline and batchId (a Map: batch ids are client strings). */
  private readonly running = new Map<string, Promise<PublishOutcome>>();

  constructor(private readonly ledger: BatchLedger) {}

  async publish(
    pipelineId: string,
    batchId: string,
    events: TSensorEvent[],
    run: KeyedRun,
  ): Promise<PublishOutcome> {
    const slot = `${pipelineId}\n${batchId}`;
    for (let first = this.running.get(slot); first; first = this.running.get(slot)) {
      await first.catch(() => undefined);
    }
    const outcome = this.decide(pipelineId, batchId, digestOf(events), run);
    this.running.set(slot, outcome);
    try {
      return await outcome;
    } finally {
      if (this.running.get(slot) === outcome) this.running.delete(slot);
    }
  }

  /** Completes every pending batch of the pipeline, oldest first (start-up, before a rescale). */
  async completePending(pipelineId: string, drive: (batchId: string, records: TRecord[]) => Promise<void>) {
    const pending = await this.ledger.pending(pipelineId);
    for (const { batchId, records } of pending) {
      await drive(batchId, records);
      await this.ledger.finish(pipelineId, batchId);
    }
    return pending.length;
  }

  private async decide(
    pipelineId: string,
    batchId: string,
    digest: string,
    run: KeyedRun,
  ): Promise<PublishOutcome> {
    const entry = await this.ledger.find(pipelineId, batchId);
    if (entry && entry.digest !== digest) {
      throw new ActorError('CONFLICT', `batchId "${batchId}" was already published with other events`);
    }
    if (entry?.status === 'done') return { accepted: 0, duplicates: entry.count };
    if (entry) {
      await run.drive(entry.records ?? []);
      await this.ledger.finish(pipelineId, batchId);
      return { accepted: entry.count, duplicates: 0 };
    }
    const records = run.fresh();
    await this.ledger.begin(pipelineId, batchId, digest, records);
    await run.drive(records);
    await this.ledger.finish(pipelineId, batchId);
    return { accepted: records.length, duplicates: 0 };
  }
}
