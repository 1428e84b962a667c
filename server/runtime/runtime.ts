// The Troupe runtime: registry + catalog + scheduler + durability + alarms, behind `get(type, key)`
// refs, with a small read-only inspection surface (describe, residents, stats; see inspection.ts).
// Framework-free: no web, socket or ORM imports; storage is a driver.
import type { ActivationHost } from './activation.ts';
import { AlarmService } from './alarms.ts';
import { Catalog } from './catalog.ts';
import { type Clock, systemClock } from './clock.ts';
import { CommitBatcher } from './commit-batcher.ts';
import type { AnyActorDefinition } from './definition.ts';
import { destroyActor } from './destroy.ts';
import { Dispatcher } from './dispatcher.ts';
import { ActorError } from './errors.ts';
import { EventBus } from './events.ts';
import { FacetChain, type TurnFacet } from './facets.ts';
import { IdempotencyJanitor } from './idempotency.ts';
import {
  describeActivation,
  matchesResident,
  type ResidentActor,
  type ResidentFilter,
  type RuntimeStats,
} from './inspection.ts';
import { JournalFacet } from './journal.ts';
import { consoleLogger, type RuntimeLogger } from './logger.ts';
import { createMetrics, type RuntimeMetrics } from './metrics.ts';
import type { LocalDelivery, Placement, RoutedDelivery } from './placement.ts';
import { ActorRef } from './ref.ts';
import { TypeRegistry } from './registry.ts';
import { RetentionJanitor } from './retention.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';
import { type SpawnOptions, spawnActor } from './spawn.ts';
import type { StorageDriver } from './storage.ts';
import { Sweeper } from './sweeper.ts';

export interface RuntimeOptions {
  driver: StorageDriver;
  clock?: Clock;
  types?: AnyActorDefinition[];
  /** The process logger (pino's error(context, message) shape); the console when not given. */
  logger?: RuntimeLogger;
  /** Deadline of an ask when the caller gives none. */
  defaultAskTimeoutMs?: number;
  /** Resident activations above this evict the least recently used idle ones. */
  maxResident?: number;
  /** Estimated memory of resident activations above this evicts the least recently used idle ones. */
  maxResidentBytes?: number;
  maxStateBytes?: number;
  /** How long idempotency keys are remembered (default 24 h). */
  idempotencyTtlMs?: number;
  scheduler?: SchedulerOptions;
  facets?: TurnFacet[];
  /** Cluster mode: which node runs which actor (server/cluster); absent, this runtime owns all. */
  placement?: Placement;
}

export class Runtime {
  readonly registry = new TypeRegistry();
  readonly bus: EventBus;
  readonly clock: Clock;
  private readonly metrics: RuntimeMetrics = createMetrics();
  private readonly scheduler: Scheduler;
  private readonly batcher: CommitBatcher;
  private readonly catalog: Catalog;
  private readonly alarms: AlarmService;
  private readonly journal: JournalFacet;
  private readonly driver: StorageDriver;
  private readonly sweeper: Sweeper;
  private readonly janitor: IdempotencyJanitor;
  private readonly retention: RetentionJanitor;
  private readonly dispatcher: Dispatcher;
  private readonly maxStateBytes: number;
  private readonly placement: Placement | undefined;
  /** How refs and alarms reach actors: straight to the dispatcher, or routed by the placement. */
  private readonly delivery: RoutedDelivery;

  constructor(options: RuntimeOptions) {
    this.driver = options.driver;
    this.clock = options.clock ?? systemClock;
    this.maxStateBytes = options.maxStateBytes ?? 1_000_000;
    this.scheduler = new Scheduler(options.scheduler);
    const logger = options.logger ?? consoleLogger;
    this.bus = new EventBus(logger);
    this.batcher = new CommitBatcher(this.driver, logger, (batch) => {
      for (const alarm of batch.alarmsAdded) this.alarms.notify(alarm.dueAt);
    });
    this.retention = new RetentionJanitor(this.driver, this.clock, (error) =>
      logger.error({ err: error }, 'log retention failed'),
    );
    this.journal = new JournalFacet(this.retention);
    const host: ActivationHost = {
      clock: this.clock,
      bus: this.bus,
      batcher: this.batcher,
      metrics: this.metrics,
      facets: new FacetChain([this.journal, ...(options.facets ?? [])], logger),
      maxStateBytes: this.maxStateBytes,
      logger,
      ready: (activation) => this.scheduler.ready(activation),
      busy: (activation) => this.catalog.busy.add(activation),
      touched: (activation) => this.catalog.touch(activation),
      refFor: (type, key) => new ActorRef(type, key, this.delivery.fromTurns),
      definitionOf: (definition) => this.registry.find(definition.type) ?? definition,
      findAnswer: async (type, key, idemKey) => {
        const recorded = await this.driver.findIdempotency(type, key, idemKey);
        return recorded && { result: JSON.parse(recorded.result), version: recorded.version };
      },
      poisoned: (activation, reason) => this.catalog.reset(activation, reason),
      stateResized: (activation, previousLength) => this.catalog.resized(activation, previousLength),
    };
    this.catalog = new Catalog(host, this.driver, {
      maxResident: options.maxResident ?? 250_000,
      maxResidentBytes: options.maxResidentBytes ?? 512 * 1024 * 1024,
      retention: this.retention,
      placement: options.placement,
    });
    this.alarms = new AlarmService({
      driver: this.driver,
      clock: this.clock,
      logger,
      deliver: (alarm, onDone) => this.delivery.fireAlarm(alarm, onDone),
      runnable: ({ type, action }) => {
        const definition = this.registry.find(type);
        return !definition || !!definition.onAlarm || Object.hasOwn(definition.actions, action);
      },
    });
    const askTimeoutMs = options.defaultAskTimeoutMs ?? 30_000;
    this.dispatcher = new Dispatcher(this.registry, this.catalog, this.clock, this.metrics, askTimeoutMs);
    const { fromOutside, fromTurns } = this.dispatcher;
    const local: LocalDelivery = {
      fromOutside,
      fromTurns,
      fireAlarm: (alarm, onDone) => this.dispatcher.alarm(alarm, onDone),
      isResident: (type, key) => this.catalog.lookup(type, key) !== undefined,
    };
    this.placement = options.placement;
    this.delivery = this.placement?.attach(local) ?? local;
    this.sweeper = new Sweeper(this.catalog, this.clock, this.metrics, this.dispatcher.fence);
    const idempotencyTtlMs = options.idempotencyTtlMs ?? 24 * 3600_000;
    this.janitor = new IdempotencyJanitor(this.driver, this.clock, idempotencyTtlMs, logger);
    for (const definition of options.types ?? []) this.registry.register(definition);
  }

  /** Starts timers: idle collection, ask deadlines, alarms (due alarms found now fire at once). */
  async start(): Promise<void> {
    this.sweeper.start();
    this.janitor.start();
    this.retention.start();
    await this.alarms.start();
  }

  /** A reference to `(type, key)`, at once and without I/O. */
  get(type: string, key: string): ActorRef {
    return new ActorRef(type, key, this.delivery.fromOutside);
  }

  /**
   * A tell that reports at once when the message cannot be queued (unknown type or action, invalid
   * args, full mailbox, activation backing off, shutting down): the error, or null once queued.
   * With an idempotency key it is applied at most once, like a keyed ask.
   */
  tryTell(
    type: string,
    key: string,
    action: string,
    args: unknown,
    idempotencyKey?: string,
  ): ActorError | null {
    if (this.placement?.remoteNodeFor(type, key)) {
      this.delivery.fromOutside.tell(type, key, action, args); // refusals are the owner's to log
      return null;
    }
    return this.dispatcher.tryTell(type, key, action, args, idempotencyKey);
  }

  /** Creates the actor with optional initial state; CONFLICT if it exists (resident or stored). */
  async spawn(type: string, key: string, options: SpawnOptions = {}): Promise<ResidentActor> {
    const node = this.placement?.remoteNodeFor(type, key);
    if (node)
      return (await this.placement!.forward(node, { op: 'spawn', type, key, options })) as ResidentActor;
    if (this.placement) await this.placement.claim(type, key); // the owner creates the row
    // While the key is being destroyed, spawning would load (or CONFLICT on) the doomed actor: it
    // waits for the delete. Not awaited otherwise, so the activation still exists synchronously.
    const destroying = this.dispatcher.fence.whenLifted(type, key);
    if (destroying) await destroying;
    const { registry, catalog, driver, clock, maxStateBytes } = this;
    return spawnActor({ registry, catalog, driver, clock, maxStateBytes }, type, key, options);
  }

  /** Deactivates a resident actor now (flushes state); false if it was not resident. */
  async deactivate(type: string, key: string): Promise<boolean> {
    const node = this.placement?.remoteNodeFor(type, key);
    if (node) return (await this.placement!.forward(node, { op: 'deactivate', type, key })) as boolean;
    const activation = this.catalog.lookup(type, key);
    if (activation?.status !== 'active') return false;
    await this.catalog.deactivate(activation, 'manual');
    return true;
  }

  /** Removes the actor entirely: activation, state, alarms, journal (destroy.ts). False if it never existed. */
  async destroy(type: string, key: string): Promise<boolean> {
    const node = this.placement?.remoteNodeFor(type, key);
    if (node) return (await this.placement!.forward(node, { op: 'destroy', type, key })) as boolean;
    if (this.placement) await this.placement.claim(type, key); // no other node may write it back
    const { registry, dispatcher, catalog, batcher, driver, bus, clock } = this;
    return destroyActor({ registry, dispatcher, catalog, batcher, driver, bus, clock }, type, key);
  }

  /**
   * Swaps a registered type's code (redeploy, dev reload). New activations run the new definition at
   * once; each resident one finishes its current turn, flushes and deactivates, and the messages
   * queued behind it run on a fresh activation of the new version. Resolves once the residents that
   * were active have drained (one still loading drains as soon as it is active).
   */
  async replaceType(definition: AnyActorDefinition): Promise<{ drained: number }> {
    this.registry.replace(definition);
    const residents = [...this.catalog.values()].filter(
      (a) => a.definition.type === definition.type && a.definition !== definition,
    );
    await Promise.all(residents.map((a) => this.catalog.retire(a)));
    await this.batcher.flush();
    this.typeChanged(definition.type, 'replaced');
    return { drained: residents.length };
  }

  /** Registers a type while running (a first deploy, a new module under dev); CONFLICT if it exists. */
  registerType(definition: AnyActorDefinition): void {
    this.registry.register(definition);
    this.typeChanged(definition.type, 'registered');
  }

  private typeChanged(type: string, change: 'registered' | 'replaced'): void {
    if (this.bus.active) this.bus.emit({ kind: 'type', type, change, at: this.clock.now() });
  }

  /** The resident actor `(type, key)` as it is now; undefined if it is not in memory. */
  describe(type: string, key: string): ResidentActor | undefined {
    const activation = this.catalog.lookup(type, key);
    return activation && describeActivation(activation);
  }

  /** Resident actors matching the filter, least recently used first. */
  *residents(filter: ResidentFilter = {}): IterableIterator<ResidentActor> {
    for (const activation of this.catalog.values()) {
      if (matchesResident(activation, filter)) yield describeActivation(activation);
    }
  }

  /** The messages waiting in `(type, key)`'s mailbox, oldest first (read-only: a pipeline's backlog). */
  *queued(type: string, key: string): IterableIterator<{ action: string; args: unknown }> {
    const mailbox = this.catalog.lookup(type, key)?.mailbox;
    if (!mailbox) return;
    for (const envelope of mailbox) {
      if (!envelope.settled) yield { action: envelope.action, args: envelope.args };
    }
  }

  /** False when a message to `(type, key)` would be refused OVERLOADED now (its mailbox is full). */
  hasRoom(type: string, key: string): boolean {
    return !this.catalog.lookup(type, key)?.mailbox.isFull;
  }

  stats(): RuntimeStats {
    let mailboxDepth = 0;
    for (const activation of this.catalog.busy) mailboxDepth += activation.mailbox.size;
    return {
      residentActivations: this.catalog.size,
      residentBytes: this.catalog.estimatedBytes,
      mailboxDepth,
      schedulerReady: this.scheduler.readyCount,
      commits: this.batcher.stats,
      counters: this.metrics,
    };
  }

  /** Resolves once every write handed to storage so far is committed (reads after it see them). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Sets a scheduling group's share of the event loop (e.g. a pipeline's priority). */
  setGroupWeight(group: string, weight: number): void {
    this.scheduler.setWeight(group, weight);
  }

  /** Gives a scheduling group a latency SLO in ms (a pipeline's `slo.p99Ms`); undefined removes it. */
  setGroupSlo(group: string, sloMs: number | undefined): void {
    this.scheduler.setSlo(group, sloMs);
  }

  /** Stops intake, lets queued turns finish (up to `drainMs`), deactivates everything (flush), stops timers. */
  async stop(drainMs = 8_000): Promise<void> {
    if (this.dispatcher.intake !== 'open') return;
    this.dispatcher.intake = 'draining';
    this.alarms.stop();
    this.sweeper.stop();
    this.janitor.stop();
    this.retention.stop();
    await this.sweeper.drain(drainMs);
    const resident = [...this.catalog.values()];
    // A turn still running after the drain would block its actor's deactivation, and so shutdown,
    // forever (the sweeper that enforces deadlines is stopped): fail it and roll it back.
    const late = new ActorError('UNAVAILABLE', 'the runtime shut down before the turn finished');
    this.dispatcher.intake = 'closed';
    for (const activation of resident) activation.abandonRunningTurn(late);
    this.catalog.spawnOnly.cancelAll(
      new ActorError('UNAVAILABLE', 'the runtime shut down before storage answered'),
    );
    await Promise.all(resident.map((a) => this.catalog.deactivate(a, 'shutdown')));
    await this.batcher.flush();
    await this.retention.prune();
  }
}
