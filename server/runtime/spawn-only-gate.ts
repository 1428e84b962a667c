// Types without the virtual facet exist only once spawned: a message to a key that was never
// spawned answers NOT_FOUND instead of creating the actor. The first message to a non-resident key
// looks the actor up in storage before anything is activated (so a wrong key leaves no trace: no
// activation, no lifecycle event); messages arriving meanwhile wait with it, in order, bounded.
import type { Activation } from './activation.ts';
import type { AnyActorDefinition } from './definition.ts';
import { type Envelope, failEnvelope } from './envelope.ts';
import { ActorError } from './errors.ts';
import type { RuntimeLogger } from './logger.ts';
import type { StorageDriver, StoredActor } from './storage.ts';

/** The catalog, as the gate sees it. */
export interface SpawnOnlyHost {
  lookup(type: string, key: string): Activation | undefined;
  activate(definition: AnyActorDefinition, key: string, source: () => Promise<StoredActor>): Activation;
}

interface Check {
  definition: AnyActorDefinition;
  waiting: Envelope[];
}

export class SpawnOnlyGate {
  private readonly checks = new Map<string, Check>();

  constructor(
    private readonly driver: StorageDriver,
    private readonly logger: RuntimeLogger,
    private readonly host: SpawnOnlyHost,
  ) {}

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
    const check: Check = { definition, waiting: [envelope] };
    this.checks.set(id, check);
    this.driver.load(type, key).then(
      (stored) => {
        this.checks.delete(id);
        const resident = this.host.lookup(type, key); // spawned meanwhile
        if (!stored && !resident) {
          for (const waiting of check.waiting) failEnvelope(waiting, notSpawned(type, key));
          return;
        }
        const activation = resident ?? this.host.activate(check.definition, key, async () => stored!);
        for (const waiting of check.waiting) activation.enqueue(waiting);
      },
      (error) => {
        this.checks.delete(id);
        this.logger.error({ err: error, type, key }, 'looking up a spawn-only actor failed');
        const failure = new ActorError('UNAVAILABLE', 'storage could not look the actor up');
        for (const waiting of check.waiting) failEnvelope(waiting, failure);
      },
    );
  }
}

export function notSpawned(type: string, key: string): ActorError {
  return new ActorError(
    'NOT_FOUND',
    `${type}/${key} does not exist: "${type}" is spawn-only (no virtual facet); spawn it first`,
  );
}
