// A per-key fence while a destroy is in progress. runtime.destroy() discards the resident
// activation at once but deletes the stored actor only after its flush; a message delivered in
// between would activate a new activation that loads the pre-destroy state, and that activation's
// commit would land after the delete: the destroyed actor would come back with its old state.
//
// Semantics chosen: messages sent to a key while it is being destroyed WAIT (in order, bounded by
// the mailbox capacity, expired at their deadline) and are delivered again once the delete has
// committed. A virtual type then meets a fresh actor ("destroy then message = a new actor", as if
// the message had been sent right after the destroy resolved); a spawn-only type meets its existence
// check, which finds nothing and answers NOT_FOUND. Alarms that fire meanwhile belonged to the
// destroyed actor (their rows are deleted with it): they are answered NOT_FOUND, never run. If the
// delete fails, the actor was not destroyed and everything waiting is delivered as usual.
import { type Envelope, expireWaiting, failEnvelope } from './envelope.ts';
import { ActorError } from './errors.ts';

interface Fence {
  type: string;
  key: string;
  /** Destroys of this key in progress; the fence lifts when the last one ends. */
  destroys: number;
  /** Whether any of them deleted the actor (the alarms waiting here are then stale). */
  destroyed: boolean;
  waiting: Envelope[];
  /** What a spawn of the key waits for: resolves when the fence lifts, fails if destroyed again. */
  lifted: Promise<void>;
  lift: () => void;
  cancel: (error: ActorError) => void;
}

export class DestroyFence {
  private readonly fences = new Map<string, Fence>();

  /** Called with each waiting message, in order, once its key's fence lifts. */
  constructor(private readonly redeliver: (type: string, key: string, envelope: Envelope) => void) {}

  /** Fences (type, key) until the returned `end(destroyed)` is called (by the same destroy). */
  raise(type: string, key: string): (destroyed: boolean) => void {
    const id = idOf(type, key);
    let fence = this.fences.get(id);
    if (!fence) {
      fence = { type, key, destroys: 0, destroyed: false, waiting: [], ...waitForLift() };
      this.fences.set(id, fence);
    } else {
      // Another destroy of the key while messages (or a spawn) wait: they were sent to the actor
      // this one destroys, so they fail like the messages queued in a discarded mailbox.
      const gone = new ActorError('NOT_FOUND', `${type}/${key} was destroyed`);
      for (const envelope of fence.waiting.splice(0)) failEnvelope(envelope, gone);
      fence.cancel(gone);
      Object.assign(fence, waitForLift());
    }
    fence.destroys++;
    const mine = fence;
    return (destroyed) => {
      mine.destroyed ||= destroyed;
      if (--mine.destroys > 0) return;
      this.fences.delete(id);
      const gone = new ActorError('NOT_FOUND', `${type}/${key} was destroyed`);
      for (const envelope of mine.waiting) {
        if (envelope.settled) continue;
        if (envelope.kind === 'alarm' && mine.destroyed) failEnvelope(envelope, gone);
        else this.redeliver(type, key, envelope);
      }
      mine.lift();
    };
  }

  /** Holds the message if its key is being destroyed (true), OVERLOADED past `capacity`. */
  hold(type: string, key: string, envelope: Envelope, capacity: number): boolean {
    if (this.fences.size === 0) return false; // every message passes here: no key string when idle
    const fence = this.fences.get(idOf(type, key));
    if (!fence) return false;
    if (fence.waiting.length >= capacity) {
      failEnvelope(envelope, new ActorError('OVERLOADED', `mailbox of ${type}/${key} is full`));
    } else fence.waiting.push(envelope);
    return true;
  }

  /**
   * Resolves once (type, key) is not being destroyed, rejects NOT_FOUND if it is destroyed again
   * meanwhile; undefined when it is not being destroyed now (no await needed).
   */
  whenLifted(type: string, key: string): Promise<void> | undefined {
    return this.fences.get(idOf(type, key))?.lifted;
  }

  /** Times out waiting asks past their deadline, as the sweeper does for queued ones; how many. */
  expire(now: number): number {
    let expired = 0;
    for (const fence of this.fences.values()) {
      const [kept, count] = expireWaiting(fence.waiting, { type: fence.type, key: fence.key }, now);
      fence.waiting = kept;
      expired += count;
    }
    return expired;
  }

  get pending(): number {
    return this.fences.size;
  }
}

function waitForLift(): Pick<Fence, 'lifted' | 'lift' | 'cancel'> {
  let lift!: () => void;
  let cancel!: (error: ActorError) => void;
  const lifted = new Promise<void>((resolve, reject) => {
    lift = resolve;
    cancel = reject;
  });
  lifted.catch(() => {}); // nobody may be waiting: a cancel is not an unhandled rejection
  return { lifted, lift, cancel };
}

function idOf(type: string, key: string): string {
  return `${type}\u0000${key}`;
}
