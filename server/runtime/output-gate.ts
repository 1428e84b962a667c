// The output gate (the Durable Objects term): a reply leaves only once every write of its actor so
// far is committed. An actor holds the newest batch carrying one of its uncommitted writes; outputs
// wait for that batch, and a failed commit fails them, since nothing of the turn is durable then.
// In cluster mode a commit can also refuse one actor's writes (fenced: another node owns it now).
import type { PendingBatch } from './commit-batcher.ts';
import type { ActorSelf } from './definition.ts';
import { type Envelope, failEnvelope } from './envelope.ts';
import { ActorError } from './errors.ts';
import { actorId } from './storage.ts';

export interface GatedActor {
  readonly self: ActorSelf;
  /** The newest batch holding an uncommitted write of this actor; outputs wait for it. */
  uncommitted: PendingBatch | null;
  /** Storage lost (or refused) a write of this actor: its memory is ahead of disk. */
  lostWrites(reason: string): void;
}

/** Why the actor's writes in a committed-or-failed batch are not durable; undefined when they are. */
function lossOf(actor: GatedActor, error?: Error, refused?: ReadonlySet<string>): ActorError | undefined {
  // The cause of a failure is in the log (commit-batcher.ts): its text is the driver's, not the caller's.
  if (error) return new ActorError('UNAVAILABLE', 'storage failed; the turn was not committed');
  if (refused?.has(actorId(actor.self.type, actor.self.key)))
    return new ActorError(
      'UNAVAILABLE',
      'the actor moved to another node; the turn was not committed (retry with the same idempotency key)',
      { retriable: true },
    );
  return undefined;
}

/** Notes that `pending` carries a write of the actor: its later outputs wait for that commit. */
export function holdOutputs(actor: GatedActor, pending: PendingBatch): void {
  if (actor.uncommitted === pending) return;
  actor.uncommitted = pending;
  pending.waiters.push((error, refused) => {
    if (actor.uncommitted === pending) actor.uncommitted = null;
    const loss = lossOf(actor, error, refused);
    if (loss) actor.lostWrites(error ? 'storage commit failed' : 'fenced: another node owns the actor');
  });
}

/** Runs `output` once every write of the actor so far is committed; fails the envelope if it is lost. */
export function releaseOutput(actor: GatedActor, envelope: Envelope, output: () => void): void {
  const pending = actor.uncommitted;
  if (!pending) {
    output();
    return;
  }
  pending.waiters.push((error, refused) => {
    const loss = lossOf(actor, error, refused);
    if (loss) failEnvelope(envelope, loss);
    else output();
  });
}

/** Whether the actor's writes in a settled batch were committed (neither failed nor refused). */
export function committedFor(actor: GatedActor, error?: Error, refused?: ReadonlySet<string>): boolean {
  return lossOf(actor, error, refused) === undefined;
}

/** Resolves once every write of the actor so far is committed (or lost): a deactivation's flush. */
export function outputsReleased(actor: GatedActor): Promise<void> {
  const pending = actor.uncommitted;
  if (!pending) return Promise.resolve();
  return new Promise((resolve) => pending.waiters.push(() => resolve()));
}
