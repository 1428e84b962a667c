// The activation table (Orleans' Catalog): at most one activation per (type, key), created by the
// first message and kept in least-recently-used order. It loads state, runs onActivate, deactivates
// idle actors (idle timeout, resident cap), and backs off actors that fail to activate.
import { Activation, type ActivationHost } from './activation.ts';
import { runDeactivateHook, runLifecycleHook } from './activation-hooks.ts';
import { ActivationTable } from './activation-table.ts';
import { footprint, restoreState, snapshotOf } from './actor-state.ts';
import type { AnyActorDefinition } from './definition.ts';
import { type Envelope, failEnvelope } from './envelope.ts';
import { ActorError, describeError, isActorError } from './errors.ts';
import { resolveFacets } from './facet-resolution.ts';
import { type ActivationStatus, canMove, type LifecycleReason } from './lifecycle.ts';
import { announceTransition } from './lifecycle-log.ts';
import { revalidated } from './message-validation.ts';
import { outputsReleased } from './output-gate.ts';
import type { Placement } from './placement.ts';
import { evictionVictims, idleSweep } from './resident-limits.ts';
import type { RetentionJanitor } from './retention.ts';
import { notSpawned, SpawnOnlyGate } from './spawn-only-gate.ts';
import type { StorageDriver, StoredActor } from './storage.ts';

const MAX_BACKOFF_MS = 60_000;

export interface CatalogOptions {
  maxResident: number;
  maxResidentBytes: number;
  retention: RetentionJanitor;
  /** Cluster mode: an actor loads only once this node has claimed it (see placement.ts). */
  placement?: Placement;
}

export class Catalog {
  /** Iterates least recently used first (see collectIdle and evictOverLimits). */
  private readonly table = new ActivationTable<Activation>();
  /** Activations with queued or running work, whose deadlines the sweep watches. */
  readonly busy = new Set<Activation>();
  private minIdleMs = Number.POSITIVE_INFINITY;
  /** Entries still in the table but already on their way out; the resident cap does not count them. */
  private readonly leaving = new Set<Activation>();
  /** Estimated memory of everything in the table (see actor-state.ts footprint). */
  private residentBytes = 0;
  /** Messages waiting for a spawn-only actor's existence check (destroy, the sweep and stop reach them). */
  readonly spawnOnly: SpawnOnlyGate;

  constructor(
    private readonly host: ActivationHost,
    private readonly driver: StorageDriver,
    private readonly options: CatalogOptions,
  ) {
    this.spawnOnly = new SpawnOnlyGate(driver, host, this);
  }

  get size(): number {
    return this.table.size;
  }

  get estimatedBytes(): number {
    return this.residentBytes;
  }

  lookup(type: string, key: string): Activation | undefined {
    return this.table.get(type, key);
  }

  values(): IterableIterator<Activation> {
    return this.table.values();
  }

  /** Routes a message to the actor's one activation, creating it on the first message. */
  deliver(definition: AnyActorDefinition, key: string, envelope: Envelope): void {
    let activation = this.table.get(definition.type, key);
    if (activation?.status === 'failed') {
      const failure = activation.failure!;
      if (this.host.clock.now() < failure.retryAt) {
        const message = `${definition.type}/${key} failed to activate: ${failure.message}`;
        failEnvelope(envelope, new ActorError('ACTIVATION_FAILED', message));
        return;
      }
      this.forget(activation);
      activation = this.activate(definition, key, undefined, failure.attempts);
    }
    if (!activation) {
      const traits = resolveFacets(definition);
      if (!traits.virtual) {
        this.spawnOnly.deliver(definition, key, envelope, traits.durable);
        return;
      }
      activation = this.activate(definition, key);
    }
    activation.enqueue(envelope);
  }

  /**
   * Creates the activation at once (so concurrent first messages share it) and loads it async from
   * `source` (spawn: create-or-load) or else from storage.
   */
  activate(
    definition: AnyActorDefinition,
    key: string,
    source?: () => Promise<StoredActor | undefined>,
    priorFailures = 0,
  ): Activation {
    const activation = new Activation(definition, key, this.host);
    const previous = this.table.get(definition.type, key);
    if (previous) this.forget(previous); // a failed one that a spawn replaces
    this.table.set(activation);
    this.residentBytes += footprint(activation.stateJson.length);
    this.minIdleMs = Math.min(this.minIdleMs, activation.idleTimeoutMs);
    announceTransition(this.host, this.options.retention, activation, 'activating');
    void this.load(activation, source, priorFailures);
    this.evictOverLimits();
    return activation;
  }

  private async load(
    activation: Activation,
    source: (() => Promise<StoredActor | undefined>) | undefined,
    priorFailures: number,
  ) {
    const { type, key } = activation.self;
    let stored: StoredActor | undefined;
    const { durable, virtual } = activation.traits;
    try {
      if (this.options.placement) await this.options.placement.claim(type, key);
    } catch (error) {
      this.ownedElsewhere(activation, error);
      return;
    }
    try {
      // Ephemeral types never read storage: there is nothing of theirs in it.
      if (source) stored = await source();
      else if (durable) stored = await this.driver.load(type, key);
    } catch (error) {
      // The driver's text (SQL, paths) is for the log; the caller learns that storage failed.
      this.host.logger.error({ err: error, type, key }, 'loading actor state failed');
      this.fail(activation, new Error('storage could not load the actor'), priorFailures + 1);
      return;
    }
    if (!stored && !source && !virtual) {
      // A spawn-only actor retried after a failed activation, and gone from storage meanwhile.
      this.remove(activation);
      for (const envelope of activation.mailbox.drainAll()) failEnvelope(envelope, notSpawned(type, key));
      return;
    }
    try {
      const emptyLength = activation.stateJson.length;
      const isNew = restoreState(activation, stored);
      this.minIdleMs = Math.min(this.minIdleMs, activation.idleTimeoutMs); // a stored config may lower it
      this.resized(activation, emptyLength);
      activation.activations++;
      await runLifecycleHook(activation, activation.traits.onActivate, isNew);
    } catch (error) {
      this.fail(activation, error, priorFailures + 1);
      return;
    }
    if (!this.moveTo(activation, 'active')) return; // destroyed while loading: it stays gone
    activation.lastActiveAt = this.host.clock.now();
    this.touch(activation); // keep the table in lastActiveAt order (see collectIdle)
    this.host.metrics.activationsTotal++;
    activation.prefetchAnswers();
    if (activation.retiring) void this.deactivate(activation, 'redeployed');
    else if (activation.mailbox.size > 0) this.host.ready(activation);
  }

  private fail(activation: Activation, error: unknown, attempts: number): void {
    const message = describeError(error);
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
    activation.failure = { message, retryAt: this.host.clock.now() + backoff, attempts };
    if (!this.moveTo(activation, 'failed', 'error', message)) return;
    this.host.metrics.activationFailures++;
    const { type, key } = activation.self;
    const rejection = new ActorError('ACTIVATION_FAILED', `${type}/${key} failed to activate: ${message}`);
    for (const envelope of activation.mailbox.drainAll()) failEnvelope(envelope, rejection);
  }

  /** Another node owns the actor: its messages get the claim's (retriable) error, naming the owner. */
  private ownedElsewhere(activation: Activation, error: unknown): void {
    if (!this.moveTo(activation, 'inactive', 'moved')) return;
    this.remove(activation);
    const refusal = isActorError(error) ? error : new ActorError('UNAVAILABLE', describeError(error));
    for (const envelope of activation.mailbox.drainAll()) failEnvelope(envelope, refusal);
  }

  /** Flushes and evicts the activation; messages that arrive meanwhile go to a fresh activation. */
  async deactivate(activation: Activation, reason: LifecycleReason): Promise<void> {
    if (!this.moveTo(activation, 'deactivating', reason)) return;
    this.leaving.add(activation);
    if (activation.running) await new Promise<void>((resolve) => (activation.onTurnEnded = resolve));
    if (!this.leaving.has(activation)) return; // destroyed meanwhile: nothing to flush
    activation.lastActiveAt = Math.max(activation.lastActiveAt, this.host.clock.now());
    await runDeactivateHook(activation, this.host.logger);
    await outputsReleased(activation);
    if (!this.leaving.has(activation)) return; // the flush failed: reset() already evicted it
    this.remove(activation);
    this.host.metrics.deactivationsTotal++;
    this.moveTo(activation, 'inactive', reason);
    // Redeployed, an ephemeral actor hands its state (all it has) to its next version.
    const handover = reason === 'redeployed' && !activation.traits.durable;
    this.reactivateLeftovers(activation, handover ? snapshotOf(activation) : undefined);
  }

  /** Storage lost the actor's writes: drop the in-memory copy so the next message reloads it. */
  reset(activation: Activation, error: string): void {
    if (!this.moveTo(activation, 'inactive', 'error', error)) return;
    this.remove(activation);
    this.reactivateLeftovers(activation);
  }

  /** Forgets the actor without flushing (destroy). Queued messages and a running turn are rejected. */
  discard(activation: Activation): void {
    this.moveTo(activation, 'inactive', 'destroyed');
    this.remove(activation);
    const gone = new ActorError('NOT_FOUND', `${activation.self.type}/${activation.self.key} was destroyed`);
    for (const envelope of activation.mailbox.drainAll()) failEnvelope(envelope, gone);
    // A handler still awaiting something must not write its state back after the destroy.
    activation.abandonRunningTurn(gone);
  }

  private remove(activation: Activation): void {
    this.forget(activation);
    this.busy.delete(activation);
    this.leaving.delete(activation);
  }

  /**
   * Deactivates an activation whose type was redeployed: still loading, it waits to be active (its
   * turn order must hold); failed, it is forgotten so the next message tries the new code.
   */
  async retire(activation: Activation): Promise<void> {
    if (activation.status === 'failed') {
      if (this.table.get(activation.self.type, activation.self.key) === activation) this.remove(activation);
      return;
    }
    activation.retiring = true;
    if (activation.status === 'activating') return; // load() retires it once active
    await this.deactivate(activation, 'redeployed');
  }

  /** Messages queued behind a gone activation run on the type's current code (validated by it). */
  private reactivateLeftovers(old: Activation, carried?: StoredActor): void {
    if (old.mailbox.size === 0 && !carried) return;
    const definition = this.host.definitionOf(old.definition);
    const source = carried && (async () => carried);
    const next =
      this.table.get(old.self.type, old.self.key) ?? this.activate(definition, old.self.key, source);
    const fits = (e: Envelope) => next.definition === old.definition || revalidated(next.definition, e);
    for (const envelope of old.mailbox.drainAll()) if (fits(envelope)) next.enqueue(envelope);
  }

  /** Moves the activation to the most-recently-used end. */
  touch(activation: Activation): void {
    this.table.touch(activation);
  }

  /** Deactivates actors idle past their timeout; forgets failed ones whose backoff is long over. */
  collectIdle(now: number): void {
    const { idle, expired } = idleSweep(this.table.values(), this.minIdleMs, now);
    for (const activation of expired) this.remove(activation);
    for (const activation of idle) void this.deactivate(activation, 'idle');
  }

  private forget(activation: Activation): void {
    if (!this.table.delete(activation)) return;
    this.residentBytes -= footprint(activation.stateJson.length);
    this.options.placement?.released(activation.self.type, activation.self.key);
  }

  /** Follows a resident actor's state size; a state that grows past the budget evicts others. */
  resized(activation: Activation, previousLength: number): void {
    if (this.table.get(activation.self.type, activation.self.key) !== activation) return;
    this.residentBytes += 3 * (activation.stateJson.length - previousLength);
    if (this.residentBytes > this.options.maxResidentBytes) this.evictOverLimits();
  }

  /** Deactivates least recently used idle actors while the count or the memory estimate is over its limit. */
  private evictOverLimits(): void {
    const { table, residentBytes, leaving, options } = this;
    for (const victim of evictionVictims(table.values(), table.size, residentBytes, leaving, options))
      void this.deactivate(victim, 'evicted');
  }

  /**
   * The one place an activation changes status: refuses transitions the lifecycle does not allow
   * (false), then records the persisted ones in the commit batch and announces it on the bus.
   */
  private moveTo(
    activation: Activation,
    to: ActivationStatus,
    reason?: LifecycleReason,
    error?: string,
  ): boolean {
    if (!canMove(activation.status, to)) return false;
    activation.status = to;
    announceTransition(this.host, this.options.retention, activation, to, reason, error);
    return true;
  }
}
