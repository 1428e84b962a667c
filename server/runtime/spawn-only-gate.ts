// Types without the virtual facet exist only once spawned: a message to a key that was never
// spawned answers NOT_FOUND instead of creating the actor. The first message to a non-resident key
// looks the actor up in storage before anything is activated (so a wrong key leaves no trace: no
// activation, no lifecycle event); messages arriving meanwhile wait with it, in order, bounded.
// Waiting messages are answered like queued ones: their deadline expires them (the sweeper), a
// destroy fails them and the check's late answer is ignored, a shutdown fails what still waits.
import type { Activation, ActivationHost } from './activation.ts';
import type { AnyActorDefinition } from './definition.ts';
import { type Envelope, expireWaiting, failEnvelope } from './envelope.ts';
import { ActorError } from './errors.ts';
import { revalidated } from './message-validation.ts';
import type { StorageDriver, StoredActor } from './storage.ts';

/** The catalog, as the gate sees it. */
export interface SpawnOnlyHost {
  lookup(type: string, key: string): Activation | undefined;
  activate(definition: AnyActorDefinition, key: string, source: () => Promise<StoredActor>): Activation;
}

interface Check {
  type: string;
  key: string;
  definition: AnyActorDefinition;
  waiting: Envelope[];
}

export class SpawnOnlyGate {
  private readonly checks = new Map<string, Check>();

  constructor(
    private readonly driver: StorageDriver,
    /** definitionOf: the type's code now (a redeploy during the check means the new code). */
    private readonly runtime: Pick<ActivationHost, 'logger' | 'definitionOf'>,
    private readonly host: SpawnOnlyHost,
  ) {}

  /** Checks still waiting for storage (a draining runtime waits for them). */
  get pending(): number {
    return this.checks.size;
  }

  /** Delivers to a non-resident actor of a spawn-only type once storage says it exists. */
  deliver(definition: AnyActorDefinition, key: string, envelope: Envelope, durable: boolean): void {
    const { type } = definition;
    if (!durable) {
      // An ephemeral spawn-only actor lives only in memory: not resident means it does not exist.
      failEnvelope(envelope, notSpawned(type, key));
      return;
    }
    const id = `${type}\u0000${key}`;
    const pending = this.checks.get(id);
    if (pending) {
      if (pending.waiting.length >= (definition.mailboxCapacity ?? 1_000)) {
        failEnvelope(envelope, new ActorError('OVERLOADED', `mailbox of ${type}/${key} is full`));
      } else pending.waiting.push(envelope);
      return;
    }
    const check: Check = { type, key, definition, waiting: [envelope] };
    this.checks.set(id, check);
    this.driver.load(type, key).then(
      (stored) => {
        // Cancelled meanwhile (destroy, shutdown): its messages were answered; the actor stays gone.
        if (this.checks.get(id) !== check) return;
        this.checks.delete(id);
        const waiting = check.waiting.filter((envelope) => !envelope.settled);
        const resident = this.host.lookup(type, key); // spawned meanwhile
        if (!stored && !resident) {
          for (const envelope of waiting) failEnvelope(envelope, notSpawned(type, key));
          return;
        }
        if (waiting.length === 0) return; // all timed out: nothing to activate for
        const definition = this.runtime.definitionOf(check.definition);
        const activation = resident ?? this.host.activate(definition, key, async () => stored!);
        for (const envelope of waiting) {
          if (activation.definition === check.definition || revalidated(activation.definition, envelope))
            activation.enqueue(envelope);
        }
      },
      (error) => {
        if (this.checks.get(id) !== check) return;
        this.checks.delete(id);
        this.runtime.logger.error({ err: error, type, key }, 'looking up a spawn-only actor failed');
        const failure = new ActorError('UNAVAILABLE', 'storage could not look the actor up');
        for (const envelope of check.waiting) failEnvelope(envelope, failure);
      },
    );
  }

  /** Fails the messages waiting on (type, key)'s check, whose answer is then ignored (destroy). */
  cancel(type: string, key: string, error: ActorError): void {
    const id = `${type}\u0000${key}`;
    const check = this.checks.get(id);
    if (!check) return;
    this.checks.delete(id);
    for (const envelope of check.waiting) failEnvelope(envelope, error);
  }

  /** Fails every waiting message (the runtime shut down before storage answered). */
  cancelAll(error: ActorError): void {
    const checks = [...this.checks.values()];
    this.checks.clear();
    for (const check of checks) for (const envelope of check.waiting) failEnvelope(envelope, error);
  }

  /** Times out waiting asks past their deadline, as the sweeper does for queued ones; how many. */
  expire(now: number): number {
    let expired = 0;
    for (const check of this.checks.values()) {
      const [kept, count] = expireWaiting(check.waiting, { type: check.type, key: check.key }, now);
      check.waiting = kept;
      expired += count;
    }
    return expired;
  }
}

export function notSpawned(type: string, key: string): ActorError {
  return new ActorError(
    'NOT_FOUND',
    `${type}/${key} does not exist: "${type}" is spawn-only (no virtual facet); spawn it first`,
  );
}
