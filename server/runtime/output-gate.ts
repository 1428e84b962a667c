// The output gate (the Durable Objects term): a reply leaves only once every write of its actor so
// far is committed. An actor holds the newest batch carrying one of its uncommitted writes; outputs
// wait for that batch, and a failed commit fails them, since nothing of the turn is durable then.
import type { PendingBatch } from './commit-batcher.ts';
import { type Envelope, failEnvelope } from './envelope.ts';
import { ActorError } from './errors.ts';

export interface GatedActor {
  /** The newest batch holding an uncommitted write of this actor; outputs wait for it. */
  uncommitted: PendingBatch | null;
  /** Storage lost a write of this actor: its memory is ahead of disk. */
  lostWrites(): void;
}

/** Notes that `pending` carries a write of the actor: its later outputs wait for that commit. */
export function holdOutputs(actor: GatedActor, pending: PendingBatch): void {
  if (actor.uncommitted === pending) return;
  actor.uncommitted = pending;
  pending.waiters.push((error) => {
    if (actor.uncommitted === pending) actor.uncommitted = null;
    if (error) actor.lostWrites();
  });
}

/** Runs `output` once every write of the actor so far is committed; fails the envelope if it is lost. */
export function releaseOutput(actor: GatedActor, envelope: Envelope, output: () => void): void {
  const pending = actor.uncommitted;
  if (!pending) {
    output();
    return;
  }
  pending.waiters.push((error) => {
    if (!error) {
      output();
      return;
    }
    // The cause is in the log (commit-batcher.ts): its text is the driver's, not the caller's.
    failEnvelope(envelope, new ActorError('UNAVAILABLE', 'storage failed; the turn was not committed'));
  });
}

/** Resolves once every write of the actor so far is committed (or lost): a deactivation's flush. */
export function outputsReleased(actor: GatedActor): Promise<void> {
  const pending = actor.uncommitted;
  if (!pending) return Promise.resolve();
  return new Promise((resolve) => pending.waiters.push(() => resolve()));
}
